package io.osiris.connector.supabase;

import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvLoad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.testkit.FailingInput;
import io.osiris.testkit.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CsvImport}: the transform engine's CSV goes straight into COPY and must store
 * exactly what {@link ILoader#load} stores for the same values, with the same all-or-nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresCsvLoadIT {
    private static final String SCHEMA = "osiris_csv_it";

    private static final RowSchema EVERY_KIND = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
            new ColumnInfo("s", ColumnType.STRING), new ColumnInfo("bin", ColumnType.BINARY),
            new ColumnInfo("flag", ColumnType.BOOLEAN), new ColumnInfo("amount", ColumnType.decimal(12, 2)),
            new ColumnInfo("n", ColumnType.INTEGER), new ColumnInfo("d", ColumnType.DOUBLE),
            new ColumnInfo("ts", ColumnType.TIMESTAMP), new ColumnInfo("tz", ColumnType.TIMESTAMP_TZ),
            new ColumnInfo("day", ColumnType.DATE), new ColumnInfo("t", ColumnType.TIME),
            new ColumnInfo("u", ColumnType.UUID), new ColumnInfo("j", ColumnType.JSON),
            new ColumnInfo("small", ColumnType.SMALLINT), new ColumnInfo("r", ColumnType.REAL));

    private static final String TRICKY = "comma, \"quote\"\r\nline \\N \\. back\\slash\ttab";
    private static final UUID ID = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    /** The same rows as {@link #everyKindValues()}, as the transform engine writes them. */
    private static final String EVERY_KIND_CSV = String.join("\n",
            "1,\"comma, \"\"quote\"\"\r\nline \\N \\. back\\slash\ttab\",\\x00FF5c0a,true,-12.50,+42,-1.5e-07,"
                    + "2024-02-29 23:59:59.123456,2024-06-01 10:00:00.000001+00,2024-02-29,23:59:59.999999,"
                    + "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,"
                    + "\"{\"\"k\"\": [1, \"\"x,y\"\"], \"\"e\"\": \"\"\\u00e9\"\"}\",-32768,0.1",
            "2,\"\",\\x,false,0.00,-2147483648,1e+300,1970-01-01 00:00:00,1969-12-31 23:59:59.5+00,0001-01-01,00:00:00,"
                    + "00000000-0000-0000-0000-000000000000,[],32767,-3.4028235e+38",
            "3,,,,,,,,,,,,,,",
            "4,ünïcödé 🎬 日本,,,99.99,0,0.0,2000-01-01 12:00:00,2000-01-01 12:00:00+00,2000-01-01,12:00:00,"
                    + ",\"\"\"s\"\"\",,",
            "5,\\.,\\x00,true,,,,,,,,,null,,",
            "6,  padded  ,,,,,,,,,,,\"{\"\"a\"\":1}\",,") + "\n";

    private static List<List<Object>> everyKindValues() {
        return List.of(
                Arrays.asList(1L, TRICKY, new byte[] {0, (byte) 0xff, 0x5c, 0x0a}, true, new BigDecimal("-12.50"), 42,
                        -1.5e-7, LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000),
                        OffsetDateTime.of(2024, 6, 1, 10, 0, 0, 1_000, ZoneOffset.UTC), LocalDate.of(2024, 2, 29),
                        LocalTime.of(23, 59, 59, 999_999_000), ID, "{\"k\": [1, \"x,y\"], \"e\": \"\\u00e9\"}",
                        (short) -32768, 0.1f),
                Arrays.asList(2L, "", new byte[0], false, new BigDecimal("0.00"), Integer.MIN_VALUE, 1e300,
                        LocalDateTime.of(1970, 1, 1, 0, 0), OffsetDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000,
                                ZoneOffset.UTC), LocalDate.of(1, 1, 1), LocalTime.MIDNIGHT, new UUID(0, 0), "[]",
                        (short) 32767, -Float.MAX_VALUE),
                Arrays.asList(3L, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                Arrays.asList(4L, "ünïcödé 🎬 日本", null, null, new BigDecimal("99.99"), 0, 0.0,
                        LocalDateTime.of(2000, 1, 1, 12, 0), OffsetDateTime.of(2000, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC),
                        LocalDate.of(2000, 1, 1), LocalTime.NOON, null, "\"s\"", null, null),
                Arrays.asList(5L, "\\.", new byte[] {0}, true, null, null, null, null, null, null, null, null, "null",
                        null, null),
                Arrays.asList(6L, "  padded  ", null, null, null, null, null, null, null, null, null, null, "{\"a\":1}",
                        null, null));
    }

    private static final RowSchema ROWS = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
            new ColumnInfo("name", ColumnType.STRING), new ColumnInfo("amount", ColumnType.decimal(12, 2)));

    private Connector connector;
    private ILoader loader;
    private CsvImport csvImport;

    @BeforeAll
    void open() {
        connector = new SupabaseConnectorProvider().open(PostgresTestDatabase.config("postgres",
                Map.of("schema", SCHEMA)));
        loader = connector.loader().orElseThrow();
        csvImport = connector.capability(CsvImport.class).orElseThrow();
        PostgresTestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE", "CREATE SCHEMA " + SCHEMA);
    }

    @AfterAll
    void close() {
        if (connector != null) {
            connector.close();
            PostgresTestDatabase.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    // ---------------------------------------------------------------- what is stored

    @Test
    void aCsvLoadStoresExactlyWhatLoadStoresForTheSameValues() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".by_csv", "DROP TABLE IF EXISTS "
                + SCHEMA + ".by_rows");
        LoadResult csv = csvLoad(new LoadRequest("by_csv", WriteMode.APPEND), EVERY_KIND, EVERY_KIND_CSV);
        LoadResult rows = loader.load(new LoadRequest("by_rows", WriteMode.APPEND),
                RowStream.of(EVERY_KIND, everyKindValues()));

        assertThat(csv).isEqualTo(new LoadResult(6, true)).isEqualTo(rows);
        assertThat(columnTypes("by_csv")).isEqualTo(columnTypes("by_rows"));
        List<List<String>> stored = texts("SELECT * FROM " + SCHEMA + ".by_csv ORDER BY id");
        assertThat(stored).isEqualTo(texts("SELECT * FROM " + SCHEMA + ".by_rows ORDER BY id"));
        // And what is stored is the value itself, not merely the same mistake twice.
        assertThat(texts("SELECT s, s IS NULL, bin, length(bin), flag::text, amount::text, n, ts::text,"
                + " tz = '2024-06-01 10:00:00.000001+00', day::text, t::text, j->'k'->>1 FROM " + SCHEMA
                + ".by_csv WHERE id = 1").get(0)).containsExactly(TRICKY, "f", "\\x00ff5c0a", "4", "true", "-12.50",
                "42", "2024-02-29 23:59:59.123456", "t", "2024-02-29", "23:59:59.999999", "x,y");
        assertThat(texts("SELECT s, s IS NULL, length(bin), j::text FROM " + SCHEMA + ".by_csv WHERE id IN (2, 3)"
                + " ORDER BY id")).containsExactly(List.of("", "f", "0", "[]"), Arrays.asList(null, "t", null, null));
        assertThat(texts("SELECT s FROM " + SCHEMA + ".by_csv WHERE id IN (4, 5, 6) ORDER BY id"))
                .containsExactly(List.of("ünïcödé 🎬 日本"), List.of("\\."), List.of("  padded  "));
    }

    @Test
    void booleansIntoATextColumnAreStoredAsTheSameTextByBothPaths() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
                new ColumnInfo("flag", ColumnType.BOOLEAN));
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".flags_csv",
                "DROP TABLE IF EXISTS " + SCHEMA + ".flags_rows",
                "CREATE TABLE " + SCHEMA + ".flags_csv (id bigint, flag text)",
                "CREATE TABLE " + SCHEMA + ".flags_rows (id bigint, flag text)");
        csvLoad(new LoadRequest("flags_csv", WriteMode.APPEND), schema, "1,true\n2,false\n");
        loader.load(new LoadRequest("flags_rows", WriteMode.APPEND), RowStream.of(schema,
                List.of(List.of(1L, true), List.of(2L, false))));
        assertThat(texts("SELECT flag FROM " + SCHEMA + ".flags_csv ORDER BY id"))
                .isEqualTo(texts("SELECT flag FROM " + SCHEMA + ".flags_rows ORDER BY id"))
                .containsExactly(List.of("true"), List.of("false"));
    }

    // ---------------------------------------------------------------- modes

    @Test
    void appendAddsTheRowsToAnExistingTable() {
        rowsTable("m_append", "(1, 'old', 1)");
        LoadResult result = csvLoad(new LoadRequest("m_append", WriteMode.APPEND), ROWS, "2,new,2.50\n3,,\n");
        assertThat(result).isEqualTo(new LoadResult(2, false));
        assertThat(texts("SELECT * FROM " + SCHEMA + ".m_append ORDER BY id")).containsExactly(
                List.of("1", "old", "1.00"), List.of("2", "new", "2.50"), Arrays.asList("3", null, null));
    }

    @Test
    void replaceSwapsInTheNewRowsKeepingIndexesAndGrants() {
        rowsTable("m_replace", "(1, 'old', 1), (2, 'old', 2)",
                "CREATE INDEX m_replace_name_idx ON " + SCHEMA + ".m_replace (name)",
                "GRANT SELECT ON " + SCHEMA + ".m_replace TO PUBLIC");
        LoadResult result = csvLoad(new LoadRequest("m_replace", WriteMode.REPLACE), ROWS, "5,new,5\n");
        assertThat(result).isEqualTo(new LoadResult(1, false));
        assertThat(texts("SELECT * FROM " + SCHEMA + ".m_replace")).containsExactly(List.of("5", "new", "5.00"));
        assertThat(texts("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = '"
                + SCHEMA + "' AND tablename = 'm_replace'"))
                .containsExactly(List.of("m_replace_name_idx,m_replace_pkey"));
        assertThat(texts("SELECT has_table_privilege('public', '" + SCHEMA + ".m_replace', 'SELECT')"))
                .containsExactly(List.of("t"));
    }

    @Test
    void upsertUpdatesRowsWithTheSameKeyAndAddsTheOthers() {
        rowsTable("m_upsert", "(1, 'one', 1), (2, 'two', 2)");
        LoadResult result = csvLoad(new LoadRequest("m_upsert", WriteMode.UPSERT, List.of("id")), ROWS,
                "2,TWO,\"2.50\"\n3,three,\n");
        assertThat(result).isEqualTo(new LoadResult(2, false));
        assertThat(texts("SELECT * FROM " + SCHEMA + ".m_upsert ORDER BY id")).containsExactly(
                List.of("1", "one", "1.00"), List.of("2", "TWO", "2.50"), Arrays.asList("3", "three", null));
    }

    @Test
    void upsertWithAKeyRepeatedInOneLoadKeepsTheLastRowForIt() {
        rowsTable("m_repeat", "(1, 'one', 1), (2, 'two', 2), (5, 'five', 5)");
        LoadResult result = csvLoad(new LoadRequest("m_repeat", WriteMode.UPSERT, List.of("id")), ROWS,
                "2,first,2.10\n3,a,\n2,second,\n4,x,4\n3,b,3\n");
        // One row inserted or updated per distinct key: 2 updated, 3 and 4 inserted.
        assertThat(result).isEqualTo(new LoadResult(3, false));
        assertThat(texts("SELECT * FROM " + SCHEMA + ".m_repeat ORDER BY id")).containsExactly(
                List.of("1", "one", "1.00"), Arrays.asList("2", "second", null), List.of("3", "b", "3.00"),
                List.of("4", "x", "4.00"), List.of("5", "five", "5.00"));
        assertThat(texts("SELECT count(*) FROM pg_class WHERE relname = 'osiris_upsert_stage'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void upsertWithAKeyRepeatedThreeTimesKeepsTheThird() {
        rowsTable("m_thrice", "(7, 'old', 7), (8, 'kept', 8)");
        LoadResult result = csvLoad(new LoadRequest("m_thrice", WriteMode.UPSERT, List.of("id")), ROWS,
                "7,a,1\n7,b,2\n7,c,\n");
        assertThat(result).isEqualTo(new LoadResult(1, false));
        assertThat(texts("SELECT * FROM " + SCHEMA + ".m_thrice ORDER BY id")).containsExactly(
                Arrays.asList("7", "c", null), List.of("8", "kept", "8.00"));
    }

    @Test
    void upsertKeepsTheLastRowPerKeyInArrivalOrderAcrossManyChunks() {
        rowsTable("m_many", "(1000, 'kept', 1)");
        StringBuilder csv = new StringBuilder();
        // Far more than one 64 KiB chunk; key i % 100 comes 500 times, last with i = 49_900 + key.
        for (int i = 0; i < 50_000; i++) {
            csv.append(i % 100).append(",row ").append(i).append(",\n");
        }
        LoadResult result = csvLoad(new LoadRequest("m_many", WriteMode.UPSERT, List.of("id")), ROWS, csv.toString());
        assertThat(result).isEqualTo(new LoadResult(100, false));
        List<List<String>> stored = texts("SELECT id, name FROM " + SCHEMA + ".m_many ORDER BY id");
        assertThat(stored).hasSize(101);
        for (int key = 0; key < 100; key++) {
            assertThat(stored.get(key)).containsExactly(String.valueOf(key), "row " + (49_900 + key));
        }
        assertThat(stored.get(100)).containsExactly("1000", "kept");
    }

    @Test
    void upsertIntoANewTableWithARepeatedKeyCreatesItWithTheLastRows() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".m_fresh");
        LoadResult result = csvLoad(new LoadRequest("m_fresh", WriteMode.UPSERT, List.of("id")), ROWS,
                "1,a,\n2,b,\n1,A,1\n");
        assertThat(result).isEqualTo(new LoadResult(2, true));
        assertThat(texts("SELECT * FROM " + SCHEMA + ".m_fresh ORDER BY id")).containsExactly(
                List.of("1", "A", "1.00"), Arrays.asList("2", "b", null));
    }

    @Test
    void upsertOnANullableUniqueKeyStillInsertsEachRowWithANullKey() {
        // A unique index lets NULLs be many: such rows never conflict, so none of them replaces another.
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".m_nullkey",
                "CREATE TABLE " + SCHEMA + ".m_nullkey (id bigint, name text, amount numeric(12,2))",
                "CREATE UNIQUE INDEX m_nullkey_id ON " + SCHEMA + ".m_nullkey (id)",
                "INSERT INTO " + SCHEMA + ".m_nullkey VALUES (1, 'one', 1), (NULL, 'old', NULL)");
        RowSchema nullableId = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT),
                new ColumnInfo("name", ColumnType.STRING), new ColumnInfo("amount", ColumnType.decimal(12, 2)));
        LoadResult result = csvLoad(new LoadRequest("m_nullkey", WriteMode.UPSERT, List.of("id")), nullableId,
                ",a,\n1,x,\n,b,\n1,y,\n");
        assertThat(result).isEqualTo(new LoadResult(3, false));
        assertThat(texts("SELECT id, name FROM " + SCHEMA + ".m_nullkey ORDER BY id NULLS LAST, name"))
                .containsExactly(List.of("1", "y"), Arrays.asList(null, "a"), Arrays.asList(null, "b"),
                        Arrays.asList(null, "old"));
    }

    @Test
    void anUpsertWithARepeatedKeyThatFailsLeavesTheTableAsItWas() {
        rowsTable("f_repeat", "(1, 'kept', 1)");
        assertThatThrownBy(() -> csvLoad(new LoadRequest("f_repeat", WriteMode.UPSERT, List.of("id")), ROWS,
                "1,a,1\n1,b,2\n3,c,lots\n")).isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("f_repeat").hasMessageContaining("lots");
        assertThat(texts("SELECT * FROM " + SCHEMA + ".f_repeat")).containsExactly(List.of("1", "kept", "1.00"));
        assertThat(texts("SELECT count(*) FROM pg_class WHERE relname = 'osiris_upsert_stage'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void upsertIntoANewTableCreatesItWithTheKey() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".m_new");
        LoadResult result = csvLoad(new LoadRequest("m_new", WriteMode.UPSERT, List.of("id")), ROWS, "1,a,1\n");
        assertThat(result).isEqualTo(new LoadResult(1, true));
        assertThat(connector.discovery().getTableInfo("m_new", 0).primaryKey()).containsExactly("id");
    }

    @Test
    void aKeyThatIsNotAColumnIsRefused() {
        CsvLoad load = csvImport.csvLoad(new LoadRequest("m_nokey", WriteMode.UPSERT, List.of("code")), ROWS)
                .orElseThrow();
        assertThatThrownBy(() -> load.readFrom(stream("1,a,1\n"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("code");
    }

    // ---------------------------------------------------------------- all or nothing

    /** Rows, then the stream's writer dies: the target must be exactly as it was. */
    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aStreamThatFailsMidwayLeavesAnExistingTableAsItWas(WriteMode mode) {
        rowsTable("f_existing", "(1, 'kept', 1), (2, 'kept', 2)");
        CsvLoad load = csvImport.csvLoad(new LoadRequest("f_existing", mode, List.of("id")), ROWS).orElseThrow();
        assertThatThrownBy(() -> load.readFrom(failingAfter(100_000))).isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("f_existing").hasMessageContaining("engine died");
        assertThat(texts("SELECT * FROM " + SCHEMA + ".f_existing ORDER BY id")).containsExactly(
                List.of("1", "kept", "1.00"), List.of("2", "kept", "2.00"));
        assertThat(texts("SELECT relname FROM pg_class WHERE relname LIKE 'f_existing%' ORDER BY 1"))
                .containsExactly(List.of("f_existing"), List.of("f_existing_pkey"));
    }

    @ParameterizedTest
    @EnumSource(WriteMode.class)
    void aStreamThatFailsMidwayLeavesNoNewTableBehind(WriteMode mode) {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".f_new");
        CsvLoad load = csvImport.csvLoad(new LoadRequest("f_new", mode, List.of("id")), ROWS).orElseThrow();
        assertThatThrownBy(() -> load.readFrom(failingAfter(100_000))).isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("f_new").hasMessageContaining("engine died");
        assertThat(texts("SELECT count(*) FROM pg_class WHERE relname LIKE 'f_new%'")).containsExactly(List.of("0"));
    }

    @Test
    void aRowTheDatabaseRejectsFailsTheLoadWithItsMessage() {
        rowsTable("f_bad", "(1, 'kept', 1)");
        assertThatThrownBy(() -> csvLoad(new LoadRequest("f_bad", WriteMode.APPEND), ROWS, "2,a,1\n3,b,lots\n"))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("f_bad")
                .hasMessageContaining("lots");
        assertThat(texts("SELECT count(*) FROM " + SCHEMA + ".f_bad")).containsExactly(List.of("1"));
    }

    @Test
    void cancelStopsARunningLoadAndLeavesTheTableAsItWas() throws Exception {
        rowsTable("f_cancel", "(1, 'kept', 1)");
        CsvLoad load = csvImport.csvLoad(new LoadRequest("f_cancel", WriteMode.APPEND), ROWS).orElseThrow();
        CountDownLatch flowing = new CountDownLatch(1);
        // Never ends by itself: only the cancel can stop this load.
        InputStream endless = new InputStream() {
            private long row = 10;
            private byte[] line = new byte[0];
            private int pos;

            @Override
            public int read() {
                if (pos == line.length) {
                    line = (++row + ",endless,1\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                    if (row > 10_000) {
                        flowing.countDown();
                    }
                }
                return line[pos++];
            }
        };
        CompletableFuture<LoadResult> running = CompletableFuture.supplyAsync(() -> load.readFrom(endless));
        assertThat(flowing.await(30, TimeUnit.SECONDS)).isTrue();
        load.cancel();
        assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("f_cancel").hasMessageContaining("cancel");
        assertThat(texts("SELECT * FROM " + SCHEMA + ".f_cancel")).containsExactly(List.of("1", "kept", "1.00"));
    }

    // ---------------------------------------------------------------- what COPY would read differently

    @Test
    void aSingleStringColumnIsLeftToLoad() {
        // A lone \. line would end COPY's CSV data (before PostgreSQL 18).
        assertThat(csvImport.csvLoad(new LoadRequest("x", WriteMode.APPEND),
                RowSchema.of(new ColumnInfo("s", ColumnType.STRING)))).isEmpty();
        assertThat(csvImport.csvLoad(new LoadRequest("x", WriteMode.APPEND),
                RowSchema.of(new ColumnInfo("n", ColumnType.BIGINT)))).isPresent();
    }

    @Test
    void aCsvThatCopyReadsAsFewerRowsFailsInsteadOfLoadingPartOfIt() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".f_marker");
        RowSchema one = RowSchema.of(new ColumnInfo("s", ColumnType.STRING));
        // Past the check in csvLoad, straight to COPY: rows after the marker would be lost silently.
        PostgresCsvLoad load = new PostgresCsvLoad((PostgresWriter) loader, new LoadRequest("f_marker",
                WriteMode.APPEND), one);
        try {
            LoadResult result = load.readFrom(stream("a\n\\.\nb\n"));
            // PostgreSQL 18 no longer ends CSV data at \.: then every row must be there.
            assertThat(result.rowsWritten()).isEqualTo(3);
            assertThat(texts("SELECT count(*) FROM " + SCHEMA + ".f_marker")).containsExactly(List.of("3"));
        } catch (ExecutionFailedException e) {
            assertThat(e).hasMessageContaining("f_marker").hasMessageContaining("3 rows were sent but COPY read 1");
            assertThat(texts("SELECT count(*) FROM pg_class WHERE relname = 'f_marker'")).containsExactly(List.of("0"));
        }
    }

    @Test
    void aLastRowWithoutItsLineEndIsCounted() {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + SCHEMA + ".m_noeol");
        assertThat(csvLoad(new LoadRequest("m_noeol", WriteMode.APPEND), ROWS, "1,a,1\n2,\"b\nc\",2"))
                .isEqualTo(new LoadResult(2, true));
        assertThat(csvLoad(new LoadRequest("m_noeol", WriteMode.APPEND), ROWS, "")).isEqualTo(new LoadResult(0, false));
    }

    // ---------------------------------------------------------------- helpers

    /** A fresh table of {@link #ROWS}'s columns with {@code values} in it, after any {@code more} statements. */
    private static void rowsTable(String table, String values, String... more) {
        List<String> sql = new java.util.ArrayList<>(List.of("DROP TABLE IF EXISTS " + SCHEMA + "." + table,
                "CREATE TABLE " + SCHEMA + "." + table + " (id bigint PRIMARY KEY, name text, amount numeric(12,2))"));
        sql.addAll(List.of(more));
        sql.add("INSERT INTO " + SCHEMA + "." + table + " VALUES " + values);
        PostgresTestDatabase.execute(sql.toArray(String[]::new));
    }

    private LoadResult csvLoad(LoadRequest request, RowSchema schema, String csv) {
        return csvImport.csvLoad(request, schema).orElseThrow().readFrom(stream(csv));
    }

    private static InputStream stream(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Rows 10, 11, ... (more than one chunk of them), then the failure a dying engine's pipe gives. */
    private static InputStream failingAfter(int rows) {
        StringBuilder csv = new StringBuilder();
        for (int i = 10; i < 10 + rows; i++) {
            csv.append(i).append(",row ").append(i).append(",\"").append(i % 1000).append(".5\"\n");
        }
        return FailingInput.after(csv.toString().getBytes(StandardCharsets.UTF_8), "the engine died");
    }

    private static List<String> columnTypes(String table) {
        return texts("SELECT attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute"
                + " WHERE attrelid = '" + SCHEMA + "." + table + "'::regclass AND attnum > 0 ORDER BY attnum").stream()
                .map(r -> r.get(0)).toList();
    }

    /** Every value as PostgreSQL's own text, so two tables compare exactly. */
    private static List<List<String>> texts(String sql) {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
