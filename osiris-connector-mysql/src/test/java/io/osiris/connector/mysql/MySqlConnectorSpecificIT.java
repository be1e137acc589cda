package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.testkit.Values;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.TestAbortedException;

/** MySQL/MariaDB behaviour beyond the kit: native types, write modes, read-only sessions, cancel. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlConnectorSpecificIT {
    private static final String T = "osiris_my_types";
    private static final String W = "osiris_my_writes";
    private static final String U = "osiris_my_upserts";
    private final MySqlTestDatabase db = new MySqlTestDatabase();
    private ConnectorConfig config;
    private Connector connector;

    private String unavailable;

    @BeforeAll
    void open() {
        try {
            config = db.config("specific");
        } catch (TestAbortedException e) {
            // No database here: each test is skipped with the reason (see skipWithoutDatabase).
            unavailable = e.getMessage();
            return;
        }
        connector = new MySqlConnectorProvider().open(config);
    }

    @BeforeEach
    void skipWithoutDatabase() {
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
    }

    @AfterAll
    void close() throws SQLException {
        if (connector == null) {
            return;
        }
        connector.close();
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("DROP TABLE IF EXISTS " + W);
        db.execute("DROP TABLE IF EXISTS " + U);
        db.execute("DROP TABLE IF EXISTS osiris_my_big");
        db.close();
    }

    private ILoader loader() {
        return connector.loader().orElseThrow();
    }

    private List<List<Object>> read(String sql) {
        return Values.readAll(connector.extractor().extract(new Extraction.Query(sql)));
    }

    private RowSchema schemaOf(String table) {
        try (RowStream s = connector.extractor().extract(new Extraction.Table(table, List.of(), "", 1))) {
            return s.schema();
        }
    }

    private void assertTypes(String table, ColumnType... expected) {
        RowSchema read = schemaOf(table);
        TableInfo described = connector.discovery().getTableInfo(table, 0);
        for (int i = 0; i < expected.length; i++) {
            assertThat(read.column(i).type()).as("extracted type of %s", read.column(i).name()).isEqualTo(expected[i]);
            assertThat(described.columns().get(i).type()).as("discovered type of %s", read.column(i).name())
                    .isEqualTo(expected[i]);
        }
    }

    // ------------------------------------------------------------------ types

    @Test
    void unsignedIntegersWidenSoTheirLargestValuesFit() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, u64 BIGINT UNSIGNED, u32 INT UNSIGNED,"
                + " u16 SMALLINT UNSIGNED, i8 TINYINT, m24 MEDIUMINT UNSIGNED, y YEAR)");
        db.execute("INSERT INTO " + T + " VALUES (1, 18446744073709551615, 4294967295, 65535, -128, 16777215, 2024)");
        assertTypes(T, ColumnType.INTEGER, ColumnType.decimal(20, 0), ColumnType.BIGINT, ColumnType.INTEGER,
                ColumnType.SMALLINT, ColumnType.INTEGER, ColumnType.SMALLINT);
        assertThat(read("SELECT * FROM " + T)).containsExactly(List.of(1, new BigDecimal("18446744073709551615"),
                4294967295L, 65535, (short) -128, 16777215, (short) 2024));
    }

    @Test
    void bitOneAndTinyintOneAreBooleansAndWiderBitsAreBytes() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, b1 BIT(1), t1 TINYINT(1), bo BOOLEAN, b8 BIT(8))");
        db.execute("INSERT INTO " + T + " VALUES (1, b'1', 1, FALSE, b'10000001'), (2, b'0', 0, TRUE, NULL),"
                + " (3, NULL, NULL, NULL, b'0')");
        assertTypes(T, ColumnType.INTEGER, ColumnType.BOOLEAN, ColumnType.BOOLEAN, ColumnType.BOOLEAN,
                ColumnType.BINARY);
        List<List<Object>> rows = Values.sortedByFirstColumn(read("SELECT * FROM " + T));
        assertThat(rows.get(0).subList(0, 4)).containsExactly(1, true, true, false);
        assertThat((byte[]) rows.get(0).get(4)).containsExactly((byte) 0x81);
        assertThat(rows.get(1)).containsExactly(2, false, false, true, null);
        assertThat(rows.get(2).subList(0, 4)).containsExactly(3, null, null, null);
    }

    @Test
    void zeroDatesReadAsNull() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, d DATE, dt DATETIME, real_d DATE)");
        db.executeWithoutSqlMode("INSERT INTO " + T + " VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '2024-05-06')");
        assertThat(read("SELECT * FROM " + T)).containsExactly(Arrays.asList(1, null, null, LocalDate.of(2024, 5, 6)));
    }

    @Test
    void datetimeIsWallClockAndTimestampIsAnInstantWhateverTheZones() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, dt DATETIME(3), ts TIMESTAMP(3) NULL)");
        try (Statement st = db.connection().createStatement()) {
            st.execute("SET time_zone = '+05:00'");
            try {
                st.execute("INSERT INTO " + T + " VALUES (1, '2024-01-01 12:00:00.250', '2024-01-01 12:00:00.250')");
            } finally {
                st.execute("SET time_zone = DEFAULT");
            }
        }
        assertTypes(T, ColumnType.INTEGER, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_TZ);
        List<Object> expected = List.of(1, LocalDateTime.of(2024, 1, 1, 12, 0, 0, 250_000_000),
                OffsetDateTime.of(2024, 1, 1, 7, 0, 0, 250_000_000, ZoneOffset.UTC));
        assertThat(read("SELECT * FROM " + T)).containsExactly(expected);

        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try (Connector other = new MySqlConnectorProvider().open(config)) {
            assertThat(Values.readAll(other.extractor().extract(new Extraction.Query("SELECT * FROM " + T))))
                    .containsExactly(expected);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void jsonColumnsReadAsJsonText() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, doc JSON, body LONGTEXT)");
        db.execute("INSERT INTO " + T + " VALUES (1, '{\"k\": [1, 2]}', 'plain')");
        assertTypes(T, ColumnType.INTEGER, ColumnType.JSON, ColumnType.STRING);
        assertThat(connector.extractor().describe(new Extraction.Query("SELECT doc AS d, body FROM " + T)).columns())
                .extracting(c -> c.type().kind()).containsExactly(TypeKind.JSON, TypeKind.STRING);
        assertThat(read("SELECT doc FROM " + T).get(0).get(0).toString()).contains("\"k\"");
    }

    @Test
    void decimalsKeepPrecisionAndScaleAndWiderOnesReadAsText() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, d38 DECIMAL(38,10), d5 DECIMAL(5,0),"
                + " d65 DECIMAL(65,30), f FLOAT, g DOUBLE)");
        db.execute("INSERT INTO " + T + " VALUES (1, 1234567890123456789012345678.0123456789, -99999,"
                + " 1.5, 0.5, 2.25)");
        assertTypes(T, ColumnType.INTEGER, ColumnType.decimal(38, 10), ColumnType.decimal(5, 0), ColumnType.STRING,
                ColumnType.REAL, ColumnType.DOUBLE);
        assertThat(read("SELECT * FROM " + T).get(0)).containsExactly(1,
                new BigDecimal("1234567890123456789012345678.0123456789"), new BigDecimal("-99999"),
                "1.500000000000000000000000000000", 0.5f, 2.25);
    }

    @Test
    void utf8mb4TextSurvivesWritesAndReads() {
        db.execute("DROP TABLE IF EXISTS " + W);
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("s", ColumnType.string(20)), new ColumnInfo("t", ColumnType.STRING));
        List<List<Object>> rows = List.of(List.of(1, "🎬🍿 emoji", "𝄞 clef, 日本語, ñ, Ω"), List.of(2, "A", "a"));
        loader().load(new LoadRequest(W, WriteMode.APPEND, List.of("id")), RowStream.of(schema, rows));
        assertThat(Values.sortedByFirstColumn(read("SELECT id, s, t FROM " + W))).isEqualTo(rows);
        db.execute("INSERT INTO " + W + " VALUES (3, 'ß→ss? no: ß', '\\u00e9 é')");
        assertThat(read("SELECT s FROM " + W + " WHERE id = 3")).containsExactly(List.of("ß→ss? no: ß"));
    }

    // ------------------------------------------------------------------ writes

    private static final RowSchema KV = RowSchema.of(new ColumnInfo("region", ColumnType.string(8), false),
            new ColumnInfo("id", ColumnType.INTEGER, false), new ColumnInfo("v", ColumnType.decimal(10, 2)));

    private static RowStream kv(int from, int to, String value) {
        return RowStream.of(KV, IntStream.range(from, to)
                .mapToObj(i -> List.<Object>of(i % 2 == 0 ? "eu" : "us", i, new BigDecimal(value))).toList());
    }

    private long count(String table) throws SQLException {
        return db.count(table);
    }

    @Test
    void upsertOnACompositeKeyUpdatesMatchesAndInsertsTheRest() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + W);
        List<String> key = List.of("region", "id");
        assertThat(loader().load(new LoadRequest(W, WriteMode.UPSERT, key), kv(0, 1000, "1.00")))
                .isEqualTo(new LoadResult(1000, true));
        // Same ids in the other region are new rows; same (region, id) pairs are updated.
        List<List<Object>> batch = new ArrayList<>();
        for (int i = 500; i < 1500; i++) {
            batch.add(List.of(i % 2 == 0 ? "eu" : "us", i, new BigDecimal("2.00")));
        }
        batch.add(List.of("xx", 1, new BigDecimal("3.00")));
        assertThat(loader().load(new LoadRequest(W, WriteMode.UPSERT, key), RowStream.of(KV, batch)).rowsWritten())
                .isEqualTo(1001);
        assertThat(count(W)).isEqualTo(1501);
        assertThat(read("SELECT v, COUNT(*) FROM " + W + " GROUP BY v ORDER BY v")).containsExactly(
                List.of(new BigDecimal("1.00"), 500L), List.of(new BigDecimal("2.00"), 1000L),
                List.of(new BigDecimal("3.00"), 1L));
        assertThat(connector.discovery().getTableInfo(W, 0).primaryKey()).containsExactly("region", "id");
    }

    private static final RowSchema PEOPLE = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("email", ColumnType.string(40)), new ColumnInfo("name", ColumnType.string(20)));
    private static final LoadRequest UPSERT_BY_ID = new LoadRequest(U, WriteMode.UPSERT, List.of("id"));

    private static RowStream people(Object... idEmailName) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idEmailName.length; i += 3) {
            rows.add(Arrays.asList(idEmailName[i], idEmailName[i + 1], idEmailName[i + 2]));
        }
        return RowStream.of(PEOPLE, rows);
    }

    private List<List<Object>> upserted() {
        return read("SELECT id, email, name FROM " + U + " ORDER BY id");
    }

    /** Primary key id and a unique email, as a hand-made table would have them. */
    private void createPeople() {
        db.execute("DROP TABLE IF EXISTS " + U);
        db.execute("CREATE TABLE " + U + " (id INT NOT NULL PRIMARY KEY, email VARCHAR(40) NOT NULL,"
                + " name VARCHAR(20), UNIQUE KEY email (email))");
        db.execute("INSERT INTO " + U + " VALUES (1, 'a@x', 'a'), (2, 'b@x', 'b')");
    }

    /** Runs {@code test} with the connector's writer, or with one whose connections cannot LOAD DATA LOCAL. */
    private void withWriter(boolean localInfile, java.util.function.Consumer<ILoader> test) {
        if (localInfile) {
            test.accept(loader());
            return;
        }
        try (MySqlClient client = new MySqlClient(db.settingsWithoutLocalInfile("no-local"), "no-local")) {
            test.accept(new MySqlWriter(client));
        }
    }

    @ParameterizedTest(name = "LOAD DATA LOCAL: {0}")
    @ValueSource(booleans = {true, false})
    void upsertMatchesTheNamedKeyOnlyAndARowBreakingAnotherUniqueIndexFailsTheLoad(boolean localInfile) {
        withWriter(localInfile, writer -> {
            createPeople();
            List<List<Object>> before = upserted();
            // id 3 is new, but b@x is id 2's: ON DUPLICATE KEY UPDATE would have merged it into id 2.
            assertThatThrownBy(() -> writer.load(UPSERT_BY_ID, people(1, "a@x", "A", 3, "b@x", "c")))
                    .isInstanceOf(ExecutionFailedException.class).hasMessageContaining(U)
                    .hasMessageContaining("Duplicate entry 'b@x'");
            assertThat(upserted()).isEqualTo(before);
            // An update that takes another row's email fails the same way.
            assertThatThrownBy(() -> writer.load(UPSERT_BY_ID, people(4, "d@x", "d", 1, "b@x", "A")))
                    .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("Duplicate entry 'b@x'");
            assertThat(upserted()).isEqualTo(before);
            assertThat(writer.load(UPSERT_BY_ID, people(2, "b2@x", "B", 3, "c@x", "c")))
                    .isEqualTo(new LoadResult(2, false));
            assertThat(upserted()).containsExactly(List.of(1, "a@x", "a"), List.of(2, "b2@x", "B"),
                    List.of(3, "c@x", "c"));
        });
    }

    @ParameterizedTest(name = "LOAD DATA LOCAL: {0}")
    @ValueSource(booleans = {true, false})
    void theLastRowOfAKeyRepeatedInOneUpsertWins(boolean localInfile) {
        withWriter(localInfile, writer -> {
            createPeople();
            LoadResult result = writer.load(UPSERT_BY_ID, people(1, "a1@x", "first", 5, "e@x", "e",
                    1, "a2@x", "second", 5, "e2@x", "e2", 1, "a3@x", "last"));
            // Two keys: one row updated and one inserted, whatever the repeats.
            assertThat(result).isEqualTo(new LoadResult(2, false));
            assertThat(upserted()).containsExactly(List.of(1, "a3@x", "last"), List.of(2, "b@x", "b"),
                    List.of(5, "e2@x", "e2"));
        });
    }

    @Test
    void upsertSendsTheRowsWithLoadData() throws SQLException {
        createPeople();
        long before = loadStatements();
        loader().load(UPSERT_BY_ID, people(2, "b2@x", "B", 3, "c@x", "c"));
        assertThat(loadStatements()).as("LOAD DATA statements run").isGreaterThan(before);
        assertThat(upserted()).hasSize(3);
    }

    @Test
    void anyIndexOverTheKeyColumnsServesAndNoneIsNeeded() throws SQLException {
        createPeople();
        db.execute("ALTER TABLE " + U + " ADD KEY by_name_and_id (name, id)");
        try (MySqlClient client = new MySqlClient(MySqlSettings.from(config), "specific");
                Connection c = client.connection()) {
            MySqlTableName table = MySqlTableName.parse(U);
            assertThat(MySqlUpsert.prepare(c, table, PEOPLE, List.of("id")).updateSql()).contains("FORCE INDEX (`PRIMARY`)");
            assertThat(MySqlUpsert.prepare(c, table, PEOPLE, List.of("EMAIL")).updateSql())
                    .contains("FORCE INDEX (`email`)");
            assertThat(MySqlUpsert.prepare(c, table, PEOPLE, List.of("id", "name")).updateSql())
                    .contains("FORCE INDEX (`by_name_and_id`)");
            assertThat(MySqlUpsert.prepare(c, table, PEOPLE, List.of("name")).updateSql())
                    .contains("FORCE INDEX (`by_name_and_id`)");
            assertThat(MySqlUpsert.prepare(c, table, PEOPLE, List.of("email", "name")).updateSql())
                    .doesNotContain("FORCE");
        }
        assertThat(loader().load(new LoadRequest(U, WriteMode.UPSERT, List.of("email")),
                people(1, "a@x", "A", 3, "c@x", "c"))).isEqualTo(new LoadResult(2, false));
        assertThat(loader().load(new LoadRequest(U, WriteMode.UPSERT, List.of("email", "name")),
                people(2, "b@x", "b", 4, "d@x", "d"))).isEqualTo(new LoadResult(2, false));
        assertThat(loader().load(new LoadRequest(U, WriteMode.UPSERT, List.of("name")),
                people(2, "b2@x", "b"))).isEqualTo(new LoadResult(1, false));
        assertThat(upserted()).containsExactly(List.of(1, "a@x", "A"), List.of(2, "b2@x", "b"),
                List.of(3, "c@x", "c"), List.of(4, "d@x", "d"));
    }

    @Test
    void rowsWithANullKeyMatchNothingAndAreInserted() {
        db.execute("DROP TABLE IF EXISTS " + U);
        db.execute("CREATE TABLE " + U + " (id INT NULL, email VARCHAR(40), name VARCHAR(20), UNIQUE KEY (id))");
        db.execute("INSERT INTO " + U + " VALUES (NULL, 'n@x', 'n'), (1, 'a@x', 'a')");
        assertThat(loader().load(UPSERT_BY_ID, people(null, "m@x", "m", 1, "a1@x", "a1", null, "o@x", "o",
                1, "a2@x", "a2")).rowsWritten()).isEqualTo(3);
        assertThat(read("SELECT id, email, name FROM " + U + " ORDER BY email")).containsExactly(
                List.of(1, "a2@x", "a2"), Arrays.asList(null, "m@x", "m"), Arrays.asList(null, "n@x", "n"),
                Arrays.asList(null, "o@x", "o"));
    }

    @Test
    void aKeyColumnTheTableDoesNotHaveFailsTheUpsertAndChangesNothing() {
        createPeople();
        RowSchema coded = RowSchema.of(new ColumnInfo("code", ColumnType.string(8), false),
                new ColumnInfo("name", ColumnType.string(20)));
        assertThatThrownBy(() -> loader().load(new LoadRequest(U, WriteMode.UPSERT, List.of("code")),
                RowStream.of(coded, List.of(List.of("x", "y")))))
                .isInstanceOf(io.osiris.api.ValidationException.class).hasMessageContaining(U)
                .hasMessageContaining("[code]");
        assertThat(upserted()).containsExactly(List.of(1, "a@x", "a"), List.of(2, "b@x", "b"));
    }

    @Test
    void replaceSwapsAtomicallyWhileOthersRead() throws Exception {
        db.execute("DROP TABLE IF EXISTS " + W);
        loader().load(new LoadRequest(W, WriteMode.APPEND, List.of("region", "id")), kv(0, 20_000, "1.00"));
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> poller = CompletableFuture.runAsync(() -> {
            try (Connection c = java.sql.DriverManager.getConnection(io.osiris.testkit.TestDatabases.mysqlUrl());
                    Statement st = c.createStatement()) {
                while (!done.get()) {
                    try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + W)) {
                        rs.next();
                        seen.add(rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        // A reader streaming the old table holds it; the swap waits, and the reader sees old rows only.
        long oldRows = 0;
        CompletableFuture<LoadResult> replace;
        try (RowStream reading = connector.extractor().extract(new Extraction.Table(W))) {
            for (int i = 0; i < 100 && reading.next(); i++) {
                oldRows++;
            }
            replace = CompletableFuture.supplyAsync(() -> loader().load(
                    new LoadRequest(W, WriteMode.REPLACE, List.of("region", "id")), kv(100_000, 130_000, "9.00")));
            Thread.sleep(300);
            while (reading.next()) {
                assertThat(reading.getDecimal(2)).isEqualByComparingTo("1.00");
                oldRows++;
            }
        }
        assertThat(oldRows).isEqualTo(20_000);
        assertThat(replace.get(2, TimeUnit.MINUTES)).isEqualTo(new LoadResult(30_000, false));
        done.set(true);
        poller.get(1, TimeUnit.MINUTES);
        assertThat(seen).isNotEmpty().isSubsetOf(20_000L, 30_000L);
        assertThat(count(W)).isEqualTo(30_000);
        assertThat(read("SELECT MIN(id), MAX(id) FROM " + W)).containsExactly(List.of(100_000, 129_999));
        assertNoTransientTables();
    }

    private static RowStream failingAfter(int good) {
        Iterator<List<Object>> rows = new Iterator<>() {
            int produced;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public List<Object> next() {
                if (produced == good) {
                    throw new ExecutionFailedException("source died (injected)");
                }
                produced++;
                return List.of("eu", produced, BigDecimal.ONE);
            }
        };
        return RowStream.of(KV, rows);
    }

    @Test
    void aFailedLoadDropsTheTableItCreatedAndLeavesNoStagingTables() throws SQLException {
        for (WriteMode mode : WriteMode.values()) {
            db.execute("DROP TABLE IF EXISTS " + W);
            assertThatThrownBy(() -> loader().load(new LoadRequest(W, mode, List.of("region", "id")),
                    failingAfter(10_000)))
                    .isInstanceOf(OsirisException.class).hasMessageContaining("injected").hasMessageContaining(W);
            assertThat(connector.discovery().listTables()).as("after a failed %s", mode)
                    .noneMatch(t -> t.name().equals(W));
            assertNoTransientTables();
        }
    }

    @Test
    void aFailedReplaceOfAnExistingTableKeepsItsRowsAndDefinition() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + W);
        db.execute("CREATE TABLE " + W + " (region VARCHAR(8) NOT NULL, id INT NOT NULL, v DECIMAL(10,2),"
                + " PRIMARY KEY (region, id)) COMMENT 'hand made'");
        loader().load(new LoadRequest(W, WriteMode.APPEND), kv(0, 50, "5.00"));
        // A NULL in a NOT NULL column after many good rows: the database refuses the load.
        List<List<Object>> bad = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            bad.add(Arrays.asList("eu", i, BigDecimal.TEN));
        }
        bad.add(Arrays.asList(null, 99_999, BigDecimal.TEN));
        assertThatThrownBy(() -> loader().load(new LoadRequest(W, WriteMode.REPLACE), RowStream.of(KV, bad)))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining(W).hasMessageContaining("region");
        assertThat(count(W)).isEqualTo(50);
        assertThat(connector.discovery().getTableInfo(W, 0).comment()).isEqualTo("hand made");
        assertNoTransientTables();
        // A successful replace keeps the definition too (CREATE TABLE ... LIKE).
        loader().load(new LoadRequest(W, WriteMode.REPLACE), kv(0, 7, "6.00"));
        assertThat(count(W)).isEqualTo(7);
        assertThat(connector.discovery().getTableInfo(W, 0).primaryKey()).containsExactly("region", "id");
    }

    @Test
    void bulkLoadsKeepEveryCharacterAndByteExact() {
        db.execute("DROP TABLE IF EXISTS " + W);
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("s", ColumnType.STRING), new ColumnInfo("b", ColumnType.BINARY),
                new ColumnInfo("f", ColumnType.BOOLEAN));
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        List<List<Object>> rows = List.of(
                Arrays.asList(1, "tab\there\nnew line\r\n back\\slash \\N \0nul", bytes, true),
                Arrays.asList(2, "\\N", new byte[] {'\\', 'N'}, false),
                Arrays.asList(3, "", new byte[0], null),
                Arrays.asList(4, null, null, true),
                Arrays.asList(5, "NULL", "\t\n\\".getBytes(java.nio.charset.StandardCharsets.UTF_8), false));
        loader().load(new LoadRequest(W, WriteMode.APPEND, List.of("id")), RowStream.of(schema, rows));
        List<List<Object>> read = Values.sortedByFirstColumn(read("SELECT id, s, b, f FROM " + W));
        assertThat(read).hasSize(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(Values.same(rows.get(r).get(c), read.get(r).get(c)))
                        .as("row %d column %d: %s", r + 1, c, Values.describe(read.get(r).get(c))).isTrue();
            }
        }
    }

    @Test
    void loadsGoThroughLoadDataAndLeaveNoLocalFileReadable() throws Exception {
        db.execute("DROP TABLE IF EXISTS " + W);
        java.nio.file.Path secret = java.nio.file.Files.createTempFile("osiris-secret", ".tsv");
        try (MySqlClient client = new MySqlClient(MySqlSettings.from(config), "specific")) {
            long before = loadStatements();
            new MySqlWriter(client).load(new LoadRequest(W, WriteMode.APPEND), kv(0, 100, "1.00"));
            assertThat(loadStatements()).as("LOAD DATA statements run").isGreaterThan(before);
            assertThat(count(W)).isEqualTo(100);
            // What a rogue server could do on any statement: ask for a local file. Outside the
            // writer's own LOAD DATA no file is ever sent, on a connection that just loaded too.
            java.nio.file.Files.writeString(secret, "eu\t100000\t9.99\n");
            for (int i = 0; i < 3; i++) {
                try (Connection c = client.connection(); Statement st = c.createStatement()) {
                    assertThatThrownBy(() -> st.execute("LOAD DATA LOCAL INFILE '" + secret + "' INTO TABLE " + W))
                            .isInstanceOf(SQLException.class);
                }
            }
            assertThat(count(W)).isEqualTo(100);
        } finally {
            java.nio.file.Files.deleteIfExists(secret);
        }
    }

    private long loadStatements() throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_load'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    @Test
    void aValueTheColumnCannotHoldFailsABulkAppendAndLeavesTheTableAsItWas() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + W);
        db.execute("CREATE TABLE " + W + " (region VARCHAR(2) NOT NULL, id INT NOT NULL, v DECIMAL(10,2),"
                + " PRIMARY KEY (region, id))");
        loader().load(new LoadRequest(W, WriteMode.APPEND), kv(0, 10, "5.00"));
        List<List<Object>> bad = new ArrayList<>();
        for (int i = 100; i < 3000; i++) {
            bad.add(Arrays.asList("eu", i, BigDecimal.TEN));
        }
        bad.add(Arrays.asList("too long", 99_999, BigDecimal.TEN));
        assertThatThrownBy(() -> loader().load(new LoadRequest(W, WriteMode.APPEND), RowStream.of(KV, bad)))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining(W).hasMessageContaining("region");
        assertThat(count(W)).isEqualTo(10);
    }

    private void assertNoTransientTables() throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '%\\_\\_osiris\\_%'")) {
            assertThat(rs.next()).as("a staging table was left behind").isFalse();
        }
    }

    // ------------------------------------------------------------------ extraction

    @Test
    void extractionRunsInAReadOnlySessionThatWritersDoNotInherit() {
        // Pool size is 4: run more extractions than connections, then writes must still work.
        for (int i = 0; i < 6; i++) {
            Object readOnly = read("SELECT @@tx_read_only").get(0).get(0);
            assertThat(((Number) readOnly).intValue()).isEqualTo(1);
            assertThatThrownBy(() -> read("SELECT * FROM " + W + " FOR UPDATE"))
                    .isInstanceOf(OsirisException.class);
            db.execute("DROP TABLE IF EXISTS " + W);
            loader().load(new LoadRequest(W, WriteMode.APPEND), kv(0, 3, "1.00"));
        }
    }

    private String largeTable() {
        // Its own table, built by the server (MariaDB's sequence engine): the kit's 1M-row table
        // is loaded through the writer, which this must not pre-empt.
        String table = "osiris_my_big";
        try {
            if (count(table) == 1_000_000) {
                return table;
            }
        } catch (SQLException missing) {
            // created below
        }
        db.execute("DROP TABLE IF EXISTS " + table);
        db.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY)");
        db.execute("INSERT INTO " + table + " SELECT seq FROM seq_1_to_1000000");
        return table;
    }

    @Test
    void aQueryLimitKeepsTheQueryOrder() {
        String big = largeTable();
        long start = System.nanoTime();
        List<List<Object>> rows = Values.readAll(connector.extractor()
                .extract(new Extraction.Query("SELECT id FROM " + big + " ORDER BY id DESC", 3)));
        assertThat(rows).extracting(r -> ((Number) r.get(0)).longValue()).containsExactly(1_000_000L, 999_999L,
                999_998L);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(3));
    }

    @Test
    void cancellingOrClosingEarlyStopsTheServerAndFreesTheConnection() {
        String big = largeTable();
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            try (RowStream stream = connector.extractor().extract(new Extraction.Query(
                    "SELECT a.id FROM " + big + " a, " + big + " b"))) {
                assertThat(stream.next()).isTrue();
                if (round % 2 == 0) {
                    stream.cancel();
                    int after = 0;
                    while (stream.next()) {
                        after++;
                    }
                    assertThat(after).isLessThan(10_000_000);
                }
            }
            assertThat(System.nanoTime() - start).as("round %d", round).isLessThan(TimeUnit.SECONDS.toNanos(10));
        }
        assertThat(((Number) read("SELECT 1").get(0).get(0)).intValue()).isEqualTo(1);
    }
}
