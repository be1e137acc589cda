package io.osiris.testkit;

import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvLoad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * The contract every Osiris connector passes against its real database: discovery, a round
 * trip of every portable type, streaming in constant memory, each write mode, failed loads
 * that leave the target as it was, bad input surfacing as Osiris exceptions, and, where a
 * connector has them, CSV copies and loads that agree with the plain paths.
 *
 * <p>A connector's test extends this class, says how to reach its database
 * ({@link #connectorConfig()}), how to run DDL there ({@link #execute(String)}), and which
 * {@link Behavior}s it lacks. The connector is opened through {@link ServiceLoader}, exactly as
 * Osiris opens it, so a missing {@code META-INF/services} entry fails here first.
 *
 * <p>The kit creates tables prefixed {@code osiris_kit_} and drops them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectorContractTest {
    protected static final String PARENT = "osiris_kit_parent";
    protected static final String CHILD = "osiris_kit_child";
    protected static final String TYPES = "osiris_kit_types";
    protected static final String WRITES = "osiris_kit_writes";

    private Connector connector;
    private String unavailable;

    /**
     * How to reach the test database. Skip (or fail, when required) with
     * {@link TestDatabases#abortOrFail(String)} when it does not answer.
     */
    protected abstract ConnectorConfig connectorConfig();

    /** Runs one DDL or DML statement on the test database, outside the connector under test. */
    protected abstract void execute(String sql);

    /** Whether the connector has a capability; all by default. */
    protected boolean hasBehavior(Behavior behavior) {
        return true;
    }

    /**
     * The configuration with a wrong password, for {@link Behavior#CREDENTIALS}. The default
     * replaces {@code password} with a recognisable wrong one.
     */
    protected ConnectorConfig wrongCredentialsConfig() {
        ConnectorConfig config = connectorConfig();
        Map<String, String> props = new java.util.HashMap<>(config.properties());
        props.put("password", WRONG_PASSWORD);
        return new ConnectorConfig(config.type(), config.name(), props);
    }

    /** The wrong password {@link #wrongCredentialsConfig()} uses; it must never appear in a message. */
    protected static final String WRONG_PASSWORD = "Wr0ng-Kit-Passw0rd";

    /** The type a column of {@code written} type reads back as; the same by default. */
    protected ColumnType roundTripType(ColumnType written) {
        return written;
    }

    /** Rows for the streaming test; at least a million by default. */
    protected long streamingRows() {
        return 1_000_000;
    }

    /** The heap the streaming child process gets. */
    protected String streamingHeap() {
        return "64m";
    }

    /** The connector under test, opened once for the class. */
    protected final Connector connector() {
        return connector;
    }

    @BeforeAll
    void openConnector() {
        try {
            ConnectorConfig config = connectorConfig();
            connector = provider(config.type()).open(config);
        } catch (TestAbortedException e) {
            // No database here: skip each test with the reason, so reports count them as skipped.
            unavailable = e.getMessage();
        }
    }

    @BeforeEach
    void skipWithoutDatabase() {
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
    }

    @AfterAll
    void closeConnector() {
        if (connector != null) {
            connector.close();
        }
    }

    // ---------------------------------------------------------------- registration

    @Test
    void providerIsFoundThroughServiceLoaderWithItsConfigKeys() {
        ConnectorProvider provider = provider(connectorConfig().type());
        assertThat(provider.description()).isNotBlank();
        assertThat(provider.configKeys()).isNotEmpty();
        assertThat(connector.type()).isIn(allTypes(provider));
    }

    @Test
    void pingSucceeds() {
        connector.ping();
    }

    // ---------------------------------------------------------------- discovery

    /** Creates {@link #PARENT} (3 rows) and {@link #CHILD} with a foreign key to it. */
    protected void createDiscoveryFixture() {
        dropTable(CHILD);
        dropTable(PARENT);
        execute("CREATE TABLE " + q(PARENT) + " (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL)");
        execute("CREATE TABLE " + q(CHILD) + " (id INTEGER NOT NULL PRIMARY KEY, parent_id INTEGER, "
                + "note VARCHAR(100), FOREIGN KEY (parent_id) REFERENCES " + q(PARENT) + " (id))");
        execute("INSERT INTO " + q(PARENT) + " (id, name) VALUES (1, 'alpha'), (2, 'beta'), (3, 'gamma')");
        execute("INSERT INTO " + q(CHILD) + " (id, parent_id, note) VALUES (10, 1, 'first'), (11, NULL, NULL)");
    }

    @Test
    void discoveryListsTablesWithKinds() {
        createDiscoveryFixture();
        List<TableSummary> tables = connector.discovery().listTables();
        assertThat(tables).extracting(TableSummary::name).contains(PARENT, CHILD);
        assertThat(tables).filteredOn(t -> t.name().equals(PARENT))
                .singleElement().extracting(TableSummary::kind).isEqualTo(TableKind.TABLE);
    }

    @Test
    void discoveryDescribesColumnsKeysAndSamples() {
        createDiscoveryFixture();
        TableInfo parent = connector.discovery().getTableInfo(PARENT);
        assertThat(parent.name()).isEqualTo(PARENT);
        assertThat(parent.columns()).extracting(ColumnInfo::name).containsExactly("id", "name");
        assertThat(parent.columns().get(0).type().kind()).isIn(TypeKind.INTEGER, TypeKind.BIGINT);
        assertThat(parent.columns().get(0).nullable()).isFalse();
        assertThat(parent.columns().get(1).type().kind()).isEqualTo(TypeKind.STRING);
        assertThat(parent.primaryKey()).containsExactly("id");
        assertThat(parent.sampleRows()).hasSize(3);
        assertThat(parent.sampleRows()).extracting(r -> r.get(1)).containsExactlyInAnyOrder("alpha", "beta", "gamma");

        TableInfo child = connector.discovery().getTableInfo(CHILD);
        assertThat(child.columns()).extracting(ColumnInfo::name).containsExactly("id", "parent_id", "note");
        assertThat(child.columns().get(2).nullable()).isTrue();
        if (hasBehavior(Behavior.FOREIGN_KEYS)) {
            assertThat(child.foreignKeys()).singleElement().satisfies(fk -> {
                assertThat(fk.columns()).containsExactly("parent_id");
                assertThat(fk.referencedTable()).endsWith(PARENT);
                assertThat(fk.referencedColumns()).containsExactly("id");
            });
        }
    }

    @Test
    void discoverySamplesAtMostTheLimit() {
        createDiscoveryFixture();
        assertThat(connector.discovery().sampleRows(PARENT, 2)).hasSize(2);
        assertThat(connector.discovery().getTableInfo(PARENT, 0).sampleRows()).isEmpty();
    }

    @Test
    void describingAnUnknownTableNamesIt() {
        assertThatThrownBy(() -> connector.discovery().getTableInfo("osiris_kit_no_such_table"))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining("osiris_kit_no_such_table");
    }

    // ---------------------------------------------------------------- extraction

    @Test
    void extractsATableWithChosenColumnsAndFilter() {
        assumeTrue(hasBehavior(Behavior.WHERE_FILTER), "connector does not filter");
        createDiscoveryFixture();
        List<List<Object>> rows = Values.readAll(connector.extractor()
                .extract(new Extraction.Table(PARENT, List.of("id", "name"), "id >= 2", 0)));
        assertThat(Values.sortedByFirstColumn(rows)).extracting(r -> r.get(1)).containsExactly("beta", "gamma");
    }

    @Test
    void extractionHonoursTheLimit() {
        createDiscoveryFixture();
        List<List<Object>> rows = Values.readAll(connector.extractor()
                .extract(new Extraction.Table(PARENT, List.of(), "", 2)));
        assertThat(rows).hasSize(2);
    }

    @Test
    void describeReturnsTheSchemaOfAQueryWithoutReadingIt() {
        assumeTrue(hasBehavior(Behavior.QUERY), "connector does not run queries");
        createDiscoveryFixture();
        RowSchema schema = connector.extractor().describe(
                new Extraction.Query("SELECT id, name AS label FROM " + q(PARENT)));
        assertThat(schema.names()).containsExactly("id", "label");
        assertThat(schema.column(1).type().kind()).isEqualTo(TypeKind.STRING);
    }

    @Test
    void extractingAnUnknownTableFailsNamingIt() {
        assertThatThrownBy(() -> Values.readAll(connector.extractor()
                .extract(new Extraction.Table("osiris_kit_missing"))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("osiris_kit_missing");
    }

    @Test
    void aSqlErrorCarriesTheDatabaseMessage() {
        assumeTrue(hasBehavior(Behavior.QUERY), "connector does not run queries");
        createDiscoveryFixture();
        assertThatThrownBy(() -> Values.readAll(connector.extractor()
                .extract(new Extraction.Query("SELECT no_such_column FROM " + q(PARENT)))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("no_such_column");
    }

    @Test
    void wrongCredentialsFailAsAConnectionErrorWithoutThePassword() {
        assumeTrue(hasBehavior(Behavior.CREDENTIALS), "connector does not authenticate");
        ConnectorConfig wrong = wrongCredentialsConfig();
        Throwable thrown = null;
        try (Connector c = provider(wrong.type()).open(wrong)) {
            c.ping();
        } catch (Throwable t) {
            thrown = t;
        }
        assertThat(thrown).as("opening with a wrong password must fail").isInstanceOf(ConnectionException.class);
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(WRONG_PASSWORD);
        }
    }

    // ---------------------------------------------------------------- types

    /** One column per portable type, with a key. */
    protected RowSchema typesSchema() {
        List<ColumnInfo> columns = new ArrayList<>();
        columns.add(new ColumnInfo("id", ColumnType.INTEGER, false));
        columns.add(new ColumnInfo("c_boolean", ColumnType.BOOLEAN));
        columns.add(new ColumnInfo("c_smallint", ColumnType.SMALLINT));
        columns.add(new ColumnInfo("c_integer", ColumnType.INTEGER));
        columns.add(new ColumnInfo("c_bigint", ColumnType.BIGINT));
        columns.add(new ColumnInfo("c_real", ColumnType.REAL));
        columns.add(new ColumnInfo("c_double", ColumnType.DOUBLE));
        columns.add(new ColumnInfo("c_decimal", ColumnType.decimal(12, 2)));
        columns.add(new ColumnInfo("c_string", ColumnType.STRING));
        columns.add(new ColumnInfo("c_date", ColumnType.DATE));
        columns.add(new ColumnInfo("c_time", ColumnType.TIME));
        columns.add(new ColumnInfo("c_timestamp", ColumnType.TIMESTAMP));
        columns.add(new ColumnInfo("c_timestamp_tz", ColumnType.TIMESTAMP_TZ));
        columns.add(new ColumnInfo("c_binary", ColumnType.BINARY));
        columns.add(new ColumnInfo("c_json", ColumnType.JSON));
        columns.add(new ColumnInfo("c_uuid", ColumnType.UUID));
        return new RowSchema(columns);
    }

    /** Rows covering edge values of every type, and a row of NULLs. */
    protected List<List<Object>> typesRows() {
        return List.of(
                Arrays.asList(1, true, (short) 12345, Integer.MIN_VALUE, 9_007_199_254_740_993L, 1.5f,
                        3.141592653589793, new BigDecimal("1234567890.12"), "naïve café — 日本語 🎬 'quoted' \\",
                        LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 59, 123_456_000),
                        LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000),
                        OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 654_321_000, ZoneOffset.UTC),
                        new byte[] {0, 1, 127, -128, -1}, "{\"a\": 1, \"b\": [true, null]}",
                        java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null),
                Arrays.asList(3, false, (short) -32768, Integer.MAX_VALUE, Long.MIN_VALUE, -0.25f, -1.0e-300,
                        new BigDecimal("-0.05"), "", LocalDate.of(1970, 1, 1), LocalTime.MIDNIGHT,
                        LocalDateTime.of(1999, 12, 31, 23, 59, 59), OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0,
                        ZoneOffset.ofHours(5)), new byte[0], "[]",
                        java.util.UUID.fromString("00000000-0000-0000-0000-000000000000")));
    }

    @Test
    void everyPortableTypeSurvivesARoundTrip() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        dropTable(TYPES);
        RowSchema schema = typesSchema();
        LoadResult result = loader().load(new LoadRequest(TYPES, WriteMode.APPEND, List.of("id")),
                RowStream.of(schema, typesRows()));
        assertThat(result.rowsWritten()).isEqualTo(3);
        assertThat(result.tableCreated()).isTrue();

        try (RowStream stream = connector.extractor().extract(new Extraction.Table(TYPES))) {
            RowSchema read = stream.schema();
            assertThat(read.names()).containsExactlyElementsOf(schema.names());
            for (int i = 0; i < schema.size(); i++) {
                ColumnType expected = roundTripType(schema.column(i).type());
                ColumnType actual = read.column(i).type();
                assertThat(actual.kind()).as("type of %s", schema.column(i).name()).isEqualTo(expected.kind());
                if (expected.kind() == TypeKind.DECIMAL) {
                    assertThat(actual).as("type of %s", schema.column(i).name()).isEqualTo(expected);
                }
            }
            List<List<Object>> rows = new ArrayList<>();
            while (stream.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < read.size(); i++) {
                    row.add(stream.get(i));
                }
                rows.add(row);
            }
            rows = Values.sortedByFirstColumn(rows);
            assertThat(rows).hasSize(3);
            List<List<Object>> expectedRows = typesRows();
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < read.size(); c++) {
                    Object expected = expectedRoundTripValue(roundTripType(schema.column(c).type()),
                            expectedRows.get(r).get(c));
                    Object actual = rows.get(r).get(c);
                    if (actual != null) {
                        assertThat(actual).as("class of %s in row %d", read.column(c).name(), r + 1)
                                .isInstanceOf(read.column(c).type().kind().javaType());
                    }
                    if (!Values.same(expected, actual)) {
                        fail("%s in row %d: expected %s but read %s", read.column(c).name(), r + 1,
                                Values.describe(expected), Values.describe(actual));
                    }
                }
            }
        }
    }

    /** The value a written value reads back as, when its column reads back as {@code type}. */
    protected Object expectedRoundTripValue(ColumnType type, Object written) {
        if (written == null) {
            return null;
        }
        if (type.kind() == TypeKind.STRING && !(written instanceof String)) {
            return written.toString();
        }
        return written;
    }

    // ---------------------------------------------------------------- CSV text (optional fast paths)

    /**
     * Each column a connector copies as CSV ({@code CsvExport}) reads back, by the
     * contract's text forms, as {@code extract} reads it. Columns are tried one at a time (with
     * the key), so a connector that declines some types is still checked on the rest.
     */
    @Test
    void aCsvCopyReadsBackAsExtractReads() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write (the kit needs its types table)");
        seedTypes();
        List<String> copied = new ArrayList<>();
        List<String> names = typesSchema().names();
        for (String column : names.subList(1, names.size())) {
            Extraction extraction = new Extraction.Table(TYPES, List.of("id", column), "", 0);
            Optional<CsvCopy> copy = connector.capability(CsvExport.class).flatMap(c -> c.csvCopy(extraction));
            if (copy.isEmpty()) {
                continue;
            }
            copied.add(column);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long written = copy.get().writeTo(out);
            RowSchema schema = copy.get().schema();
            List<List<Object>> fromCsv = Values.sortedByFirstColumn(CsvText.read(out.toByteArray(), schema));
            RowSchema extracted;
            List<List<Object>> fromExtract;
            try (RowStream rows = connector.extractor().extract(extraction)) {
                extracted = rows.schema();
                fromExtract = Values.sortedByFirstColumn(Values.readAll(rows));
            }
            assertThat(schema.columns()).extracting(c -> c.name() + " " + c.type())
                    .as("schema of the copy of %s", column)
                    .containsExactlyElementsOf(extracted.columns().stream().map(c -> c.name() + " " + c.type()).toList());
            assertThat(written).as("rows the copy of %s reports", column).isEqualTo(fromExtract.size());
            assertSameRows(column + " copied as CSV", fromExtract, fromCsv);
        }
        assumeTrue(!copied.isEmpty(), "connector copies none of the portable types as CSV");
    }

    /** A CSV load ({@code CsvImport}) of the types writes what a load of the same rows writes. */
    @Test
    void aCsvLoadWritesWhatALoadWrites() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        String table = TYPES + "_csv";
        dropTable(table);
        Optional<CsvLoad> load = connector.capability(CsvImport.class).flatMap(c -> c.csvLoad(
                new LoadRequest(table, WriteMode.APPEND, List.of("id")), typesSchema()));
        assumeTrue(load.isPresent(), "connector has no CSV load for the portable types");
        try {
            seedTypes();
            LoadResult result = load.get().readFrom(new java.io.ByteArrayInputStream(CsvText.write(typesRows())));
            assertThat(result).isEqualTo(new LoadResult(typesRows().size(), true));
            List<List<Object>> loaded = Values.readAll(connector.extractor().extract(new Extraction.Table(TYPES)));
            List<List<Object>> csvLoaded = Values.readAll(connector.extractor().extract(new Extraction.Table(table)));
            assertSameRows("the types loaded as CSV", Values.sortedByFirstColumn(loaded),
                    Values.sortedByFirstColumn(csvLoaded));
        } finally {
            dropTable(table);
        }
    }

    /** A CSV load whose input fails part-way (the engine writing it died) leaves the target as it was. */
    @Test
    void aCsvLoadWhoseInputFailsLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        Optional<CsvLoad> load = connector.capability(CsvImport.class).flatMap(c -> c.csvLoad(
                new LoadRequest(WRITES, WriteMode.APPEND, List.of("id")), WRITE_SCHEMA));
        assumeTrue(load.isPresent(), "connector has no CSV load");
        // Enough rows that a loader passing them on in chunks has sent some before the failure.
        byte[] good = CsvText.write(java.util.stream.IntStream.rangeClosed(4, 25_000)
                .mapToObj(id -> Arrays.<Object>asList(id, "row " + id)).toList());
        InputStream failing = FailingInput.after(good, "the engine failed (injected by the kit)");
        assertThatThrownBy(() -> load.get().readFrom(failing)).isInstanceOf(OsirisException.class);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    /** Loads the types table through the loader's normal path. */
    private void seedTypes() {
        dropTable(TYPES);
        loader().load(new LoadRequest(TYPES, WriteMode.APPEND, List.of("id")), RowStream.of(typesSchema(), typesRows()));
    }

    private static void assertSameRows(String what, List<List<Object>> expected, List<List<Object>> actual) {
        assertThat(actual).as("rows of %s", what).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).size(); c++) {
                Object e = expected.get(r).get(c);
                Object a = actual.get(r).get(c);
                if (!Values.same(e, a)) {
                    fail("%s, row %d, column %d: expected %s but read %s", what, r + 1, c + 1, Values.describe(e),
                            Values.describe(a));
                }
            }
        }
    }

    // ---------------------------------------------------------------- streaming

    /**
     * Makes a table of {@code rows} rows whose first column is a number, and returns its name.
     * The default loads generated rows through the connector's loader, once: a table that
     * already has the rows is reused.
     */
    protected String prepareLargeTable(long rows) {
        String table = "osiris_kit_stream_" + rows;
        if (hasBehavior(Behavior.QUERY)) {
            try {
                List<List<Object>> count = Values.readAll(connector.extractor()
                        .extract(new Extraction.Query("SELECT COUNT(*) FROM " + q(table))));
                if (((Number) count.get(0).get(0)).longValue() == rows) {
                    return table;
                }
            } catch (OsirisException e) {
                // not there yet: create it below
            }
        }
        dropTable(table);
        RowSchema schema = RowSchema.of(
                new ColumnInfo("id", ColumnType.BIGINT, false),
                new ColumnInfo("name", ColumnType.string(40)),
                new ColumnInfo("amount", ColumnType.decimal(12, 2)),
                new ColumnInfo("created_at", ColumnType.TIMESTAMP));
        LocalDateTime base = LocalDateTime.of(2020, 1, 1, 0, 0);
        Iterator<List<Object>> generated = new Iterator<>() {
            long next = 1;

            @Override
            public boolean hasNext() {
                return next <= rows;
            }

            @Override
            public List<Object> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long id = next++;
                return List.of(id, "row number " + id, BigDecimal.valueOf(id % 100_000, 2),
                        base.plusSeconds(id));
            }
        };
        loader().load(new LoadRequest(table, WriteMode.APPEND, List.of("id")), RowStream.of(schema, generated));
        return table;
    }

    @Test
    void streamsAMillionRowsUnderASmallHeap() throws Exception {
        long rows = streamingRows();
        String table = prepareLargeTable(rows);
        ConnectorConfig config = connectorConfig();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx" + streamingHeap(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), StreamingProbe.class.getName(),
                config.type(), config.name(), table);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        Properties props = new Properties();
        props.putAll(config.properties());
        try (OutputStream stdin = process.getOutputStream()) {
            props.store(stdin, null);
        }
        String output = readAll(process.getInputStream());
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("probe finished").isTrue();
        assertThat(process.exitValue()).as("probe exit code, output:%n%s", output).isZero();
        long expectedChecksum = rows * (rows + 1) / 2;
        assertThat(output).contains("rows=" + rows + " checksum=" + expectedChecksum);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- writes

    private static final RowSchema WRITE_SCHEMA = RowSchema.of(
            new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("name", ColumnType.string(50)));

    private static RowStream writeRows(Object... idNamePairs) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idNamePairs.length; i += 2) {
            rows.add(Arrays.asList(idNamePairs[i], idNamePairs[i + 1]));
        }
        return RowStream.of(WRITE_SCHEMA, rows);
    }

    private List<List<Object>> readWrites() {
        return Values.sortedByFirstColumn(Values.readAll(connector.extractor()
                .extract(new Extraction.Table(WRITES, List.of("id", "name"), "", 0))));
    }

    private static List<List<Object>> rows(Object... idNamePairs) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idNamePairs.length; i += 2) {
            rows.add(Arrays.asList(idNamePairs[i], idNamePairs[i + 1]));
        }
        return rows;
    }

    private void seedWrites() {
        dropTable(WRITES);
        LoadResult created = loader().load(new LoadRequest(WRITES, WriteMode.APPEND, List.of("id")),
                writeRows(1, "one", 2, "two", 3, "three"));
        assertThat(created).isEqualTo(new LoadResult(3, true));
    }

    @Test
    void appendAddsRowsToExistingOnes() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.APPEND), writeRows(4, "four", 5, null));
        assertThat(result).isEqualTo(new LoadResult(2, false));
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three", 4, "four", 5, null));
    }

    @Test
    void replaceLeavesExactlyTheNewRows() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.REPLACE, List.of("id")),
                writeRows(7, "seven", 8, "eight"));
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(readWrites()).isEqualTo(rows(7, "seven", 8, "eight"));
    }

    @Test
    void replaceCreatesAMissingTable() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        dropTable(WRITES);
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.REPLACE, List.of("id")),
                writeRows(1, "only"));
        assertThat(result).isEqualTo(new LoadResult(1, true));
        assertThat(readWrites()).isEqualTo(rows(1, "only"));
    }

    @Test
    void upsertUpdatesRowsWithTheSameKeyAndInsertsNewOnes() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        seedWrites();
        LoadResult result = loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")),
                writeRows(2, "TWO", 4, "four"));
        assertThat(result.rowsWritten()).isEqualTo(2);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "TWO", 3, "three", 4, "four"));
    }

    /** As a sequence of single-row upserts would: the last row of a key repeated in one load wins. */
    @Test
    void upsertWithAKeyRepeatedInOneLoadKeepsItsLastRow() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        seedWrites();
        loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")),
                writeRows(2, "first", 4, "new", 2, "second", 2, "last"));
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "last", 3, "three", 4, "new"));
    }

    @Test
    void upsertIntoAMissingTableCreatesItWithTheKey() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        dropTable(WRITES);
        loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")), writeRows(1, "a", 2, "b"));
        loader().load(new LoadRequest(WRITES, WriteMode.UPSERT, List.of("id")), writeRows(2, "B", 3, "c"));
        assertThat(readWrites()).isEqualTo(rows(1, "a", 2, "B", 3, "c"));
        assertThat(connector.discovery().getTableInfo(WRITES, 0).primaryKey()).containsExactly("id");
    }

    /** A stream of {@code good} valid rows, then a failure: a source dying mid-load. */
    protected static RowStream failingAfter(int good) {
        Iterator<List<Object>> rows = new Iterator<>() {
            int produced;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public List<Object> next() {
                if (produced == good) {
                    throw new ExecutionFailedException("source failed after " + good + " rows (injected by the kit)");
                }
                produced++;
                return Arrays.asList(1000 + produced, "row " + produced);
            }
        };
        return RowStream.of(WRITE_SCHEMA, rows);
    }

    @Test
    void aFailedAppendLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        assertFailedLoadLeavesTargetUnchanged(WriteMode.APPEND);
    }

    @Test
    void aFailedReplaceLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        assertFailedLoadLeavesTargetUnchanged(WriteMode.REPLACE);
    }

    @Test
    void aFailedUpsertLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.UPSERT), "connector does not upsert");
        assertFailedLoadLeavesTargetUnchanged(WriteMode.UPSERT);
    }

    private void assertFailedLoadLeavesTargetUnchanged(WriteMode mode) {
        seedWrites();
        // Enough rows that a batching loader has flushed some before the failure.
        assertThatThrownBy(() -> loader().load(new LoadRequest(WRITES, mode, List.of("id")), failingAfter(25_000)))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining("injected by the kit");
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    @Test
    void aRowThatBreaksAConstraintFailsTheLoadAndLeavesTheTargetAsItWas() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        seedWrites();
        // id 2 already exists and id is the primary key: the whole append is refused.
        assertThatThrownBy(() -> loader().load(new LoadRequest(WRITES, WriteMode.APPEND),
                writeRows(4, "four", 2, "duplicate")))
                .isInstanceOf(OsirisException.class)
                .hasMessageContaining(WRITES);
        assertThat(readWrites()).isEqualTo(rows(1, "one", 2, "two", 3, "three"));
    }

    // ---------------------------------------------------------------- helpers

    /** The connector's loader; fails when it has none but claims {@link Behavior#WRITE}. */
    protected final ILoader loader() {
        Optional<ILoader> loader = connector.loader();
        assertThat(loader).as("loader of a connector with Behavior.WRITE").isPresent();
        return loader.get();
    }

    /** Drops a table if it exists. */
    protected void dropTable(String table) {
        execute("DROP TABLE IF EXISTS " + q(table));
    }

    /** Quotes an identifier in the connector's dialect. */
    protected final String q(String identifier) {
        return connector.dialect().quote(identifier);
    }

    private static ConnectorProvider provider(String type) {
        List<ConnectorProvider> found = new ArrayList<>();
        for (ConnectorProvider p : ServiceLoader.load(ConnectorProvider.class)) {
            if (allTypes(p).contains(type)) {
                return p;
            }
            found.add(p);
        }
        throw new AssertionError("no ConnectorProvider of type '" + type + "' through ServiceLoader; found "
                + found.stream().map(ConnectorProvider::type).toList()
                + ". Is it listed in META-INF/services/io.osiris.api.connector.ConnectorProvider?");
    }

    private static List<String> allTypes(ConnectorProvider p) {
        List<String> types = new ArrayList<>(p.aliases());
        types.add(p.type());
        return types;
    }
}
