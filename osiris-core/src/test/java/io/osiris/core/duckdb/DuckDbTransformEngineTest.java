package io.osiris.core.duckdb;

import io.osiris.core.engine.DatabaseFileScan;
import io.osiris.core.engine.CsvEgress;
import io.osiris.core.engine.CsvIngest;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvLoad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's own copy from a DuckDB file gives the table a streamed copy through the connector gives. */
class DuckDbTransformEngineTest {
    private static final TransformEngine.LoadProgress NONE = (rows, bytes) -> { };

    @TempDir
    Path dir;

    private Path file(String... statements) throws Exception {
        Path file = dir.resolve("source.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
        return file;
    }

    private static void streamed(TransformEngine engine, String table, Path file, Extraction extraction) {
        DuckDbConnector connector = new DuckDbConnector(new ConnectorConfig("duckdb", "path",
                Map.of("path", file.toString())));
        try (RowStream rows = new DuckDbExtractor(connector).extract(extraction)) {
            engine.load(table, rows, (r, b) -> { });
        }
    }

    @Test
    void aFileIsCopiedInSqlIntoTheSameTableAStreamedCopyGives() throws Exception {
        Path file = file("CREATE TABLE t (id UBIGINT, small TINYINT, big HUGEINT, f FLOAT, d DOUBLE,"
                + " n DECIMAL(12,2), wide DECIMAL(30,5), s VARCHAR, b BLOB, day DATE, t TIME, ts TIMESTAMP,"
                + " tz TIMESTAMPTZ, u UUID, ok BOOLEAN, ms TIMESTAMP_MS)",
                "INSERT INTO t VALUES (18446744073709551615, -128, -99999999999999999999999999999999999999, 1.5,"
                        + " -1e-300, 1234567890.12, -1234567890123456789012345.12345, 'naïve\ttab\n\"q\"\\\\',"
                        + " '\\x00\\xFF'::BLOB, DATE '2024-02-29', TIME '23:59:59.123456',"
                        + " TIMESTAMP '2024-02-29 13:45:30.123456', TIMESTAMPTZ '1999-12-31 23:59:59+05',"
                        + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', true, TIMESTAMP_MS '1969-07-20 20:17:40.123')",
                "INSERT INTO t SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL",
                "INSERT INTO t (id, s, b) VALUES (0, '', ''::BLOB)");
        Extraction all = new Extraction.Query("SELECT * FROM t");
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0,
                Sandbox.none().withDatabaseFile(file))) {
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("fast", file, all)).get()
                    .extracting(TransformEngine.Loaded::rows).isEqualTo(3L);
            streamed(engine, "slow", file, all);
            assertThat(engine.schemaOf("fast")).isEqualTo(engine.schemaOf("slow"));
            assertThat(engine.createTable("only_fast", "SELECT * FROM fast EXCEPT ALL SELECT * FROM slow")).isZero();
            assertThat(engine.createTable("only_slow", "SELECT * FROM slow EXCEPT ALL SELECT * FROM fast")).isZero();
            // The file is detached again: the connector (another database instance) can open it.
            streamed(engine, "again", file, new Extraction.Table("t"));
            assertThat(engine.createTable("count", "SELECT * FROM again")).isEqualTo(3);
        }
    }

    @Test
    void aFileHandedStraightToALoaderGivesTheRowsAStagedCopyGives() throws Exception {
        Path file = file("CREATE TABLE t (id INTEGER, n DECIMAL(12,2), s VARCHAR, b BLOB, ts TIMESTAMP, tz TIMESTAMPTZ,"
                + " ok BOOLEAN, u UUID, ms TIMESTAMP_MS)",
                "INSERT INTO t VALUES (1, -0.05, 'a,\"b\"', '\\x00\\xFF'::BLOB, TIMESTAMP '2024-02-29 13:45:30.123456',"
                        + " TIMESTAMPTZ '1999-12-31 23:59:59+05', true, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                        + " TIMESTAMP_MS '1969-07-20 20:17:40.123')",
                "INSERT INTO t (id, s, b) VALUES (2, '', ''::BLOB), (3, NULL, NULL)");
        Extraction all = new Extraction.Query("SELECT * FROM t ORDER BY id");
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0,
                Sandbox.none().withDatabaseFile(file))) {
            Captured loader = new Captured();
            List<RowSchema> offered = new java.util.ArrayList<>();
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFileInto(file, all, schema -> {
                offered.add(schema);
                return java.util.Optional.of(loader);
            })).get().extracting(LoadResult::rowsWritten).isEqualTo(3L);
            engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("staged", file, all);
            assertThat(offered).containsExactly(engine.schemaOf("staged"));
            engine.capability(CsvIngest.class).orElseThrow().loadCsv("handed", csv(offered.get(0), loader.text.toString(StandardCharsets.UTF_8), 3, false), NONE);
            assertThat(engine.createTable("diff", "SELECT * FROM staged EXCEPT ALL SELECT * FROM handed"
                    + " UNION ALL SELECT * FROM handed EXCEPT ALL SELECT * FROM staged")).isZero();
            // A loader that declines leaves nothing attached: the file can be read again.
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFileInto(file, all, schema -> java.util.Optional.empty())).isEmpty();
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("again", file, all)).isPresent();
        }
    }

    /** A source's CSV copy of fixed text, as PostgreSQL's COPY TO STDOUT (FORMAT csv) writes it. */
    private static CsvCopy csv(RowSchema schema, String text, long rows, boolean fail) {
        return new CsvCopy() {
            @Override
            public RowSchema schema() {
                return schema;
            }

            @Override
            public long writeTo(java.io.OutputStream out) {
                try {
                    out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                if (fail) {
                    throw new io.osiris.api.ExecutionFailedException("source failed (injected)");
                }
                return rows;
            }

            @Override
            public void cancel() {
            }
        };
    }

    private static final RowSchema TYPES = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("b", ColumnType.BOOLEAN), new ColumnInfo("big", ColumnType.BIGINT),
            new ColumnInfo("r", ColumnType.REAL), new ColumnInfo("d", ColumnType.DOUBLE),
            new ColumnInfo("n", ColumnType.decimal(12, 2)), new ColumnInfo("s", ColumnType.STRING),
            new ColumnInfo("day", ColumnType.DATE), new ColumnInfo("t", ColumnType.TIME),
            new ColumnInfo("ts", ColumnType.TIMESTAMP), new ColumnInfo("tz", ColumnType.TIMESTAMP_TZ),
            new ColumnInfo("bin", ColumnType.BINARY), new ColumnInfo("j", ColumnType.JSON),
            new ColumnInfo("u", ColumnType.UUID));

    /** Three rows of every portable type as a source's CSV copy, and the same rows as values. */
    private static final String TEXT = "1,t,9007199254740993,1.5,3.141592653589793,1234567890.12,"
            + "\"naïve, \"\"q\"\"\n\\ 🎬\","
            + "2024-02-29,23:59:59.123456,2024-02-29 13:45:30.123456,1999-12-31 18:59:59.654321+00,\\x00ff7f80,"
            + "\"{\"\"a\"\": [1, null]}\",123e4567-e89b-12d3-a456-426614174000\n"
            + "2,,,,,,,,,,,,,\n"
            + "3,f,-9223372036854775808,-0.25,-1e-300,-0.05,\"\",1970-01-01,00:00:00,1999-12-31 23:59:59,"
            + "2024-03-10 02:30:00+00,\\x,[],00000000-0000-0000-0000-000000000000\n";
    private static final List<List<Object>> ROWS = List.of(
            Arrays.asList(1, true, 9_007_199_254_740_993L, 1.5f, 3.141592653589793,
                    new BigDecimal("1234567890.12"), "naïve, \"q\"\n\\ 🎬", LocalDate.of(2024, 2, 29),
                    LocalTime.of(23, 59, 59, 123_456_000), LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000),
                    OffsetDateTime.of(1999, 12, 31, 18, 59, 59, 654_321_000, ZoneOffset.UTC),
                    new byte[] {0, -1, 127, -128}, "{\"a\": [1, null]}",
                    UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
            Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null),
            Arrays.asList(3, false, Long.MIN_VALUE, -0.25f, -1e-300, new BigDecimal("-0.05"), "",
                    LocalDate.of(1970, 1, 1), LocalTime.MIDNIGHT, LocalDateTime.of(1999, 12, 31, 23, 59, 59),
                    OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 0, ZoneOffset.UTC), new byte[0], "[]",
                    UUID.fromString("00000000-0000-0000-0000-000000000000")));

    @Test
    void aCsvCopyGivesTheTableAStreamedCopyOfTheSameRowsGives() {
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("fast", csv(TYPES, TEXT, 3, false), NONE)).get()
                    .extracting(TransformEngine.Loaded::rows).isEqualTo(3L);
            engine.load("slow", RowStream.of(TYPES, ROWS), (r, b) -> { });
            assertThat(engine.schemaOf("fast")).isEqualTo(engine.schemaOf("slow"));
            assertThat(engine.createTable("only_fast", "SELECT * FROM fast EXCEPT ALL SELECT * FROM slow")).isZero();
            assertThat(engine.createTable("only_slow", "SELECT * FROM slow EXCEPT ALL SELECT * FROM fast")).isZero();
            assertThat(engine.createTable("empty_is_not_null", "SELECT * FROM fast WHERE s = '' AND id = 3"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aCsvCopyWrittenStraightToAFileEqualsTheExportOfItsStagedTable() throws Exception {
        Sandbox files = Sandbox.none();
        for (String name : List.of("direct", "staged")) {
            for (String ext : List.of("csv", "json", "parquet")) {
                files = files.with(dir.resolve(name + "." + ext));
            }
        }
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0, files)) {
            engine.capability(CsvIngest.class).orElseThrow().loadCsv("staged", csv(TYPES, TEXT, 3, false), NONE);
            for (LoadTarget format : List.of(LoadTarget.CSV, LoadTarget.JSON, LoadTarget.PARQUET)) {
                Path direct = dir.resolve("direct." + format.name().toLowerCase(java.util.Locale.ROOT));
                Path staged = dir.resolve("staged." + format.name().toLowerCase(java.util.Locale.ROOT));
                assertThat(engine.capability(CsvIngest.class).orElseThrow().writeCsvCopy(csv(TYPES, TEXT, 3, false), FileFormat.of(format), direct, NONE)).get()
                        .extracting(TransformEngine.Loaded::rows).isEqualTo(3L);
                engine.export("staged", FileFormat.of(format), staged);
                if (format == LoadTarget.PARQUET) {
                    String read = "SELECT * FROM read_parquet('%s')";
                    engine.createTable("from_direct", read.formatted(direct));
                    assertThat(engine.schemaOf("from_direct")).isEqualTo(engine.schemaOf("staged"));
                    assertThat(engine.createTable("diff", "SELECT * FROM from_direct EXCEPT ALL SELECT * FROM staged"
                            + " UNION ALL SELECT * FROM staged EXCEPT ALL SELECT * FROM from_direct")).isZero();
                    assertThat(repetitions(staged)).isEqualTo(repetitions(direct)).doesNotContain("REQUIRED");
                } else {
                    assertThat(Files.readString(direct)).isEqualTo(Files.readString(staged));
                }
            }
        }
    }

    /** The Parquet repetition of each column of a file: a schema that must not follow the rows it holds. */
    private static List<String> repetitions(Path parquet) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT name, repetition_type FROM parquet_schema('" + parquet
                        + "') WHERE name <> 'duckdb_schema'")) {
            List<String> columns = new java.util.ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString(1) + " " + rs.getString(2));
            }
            return columns;
        }
    }

    @Test
    void aTableWithNoNullStillGivesAParquetFileWhoseColumnsMayHoldOne() throws Exception {
        Path out = dir.resolve("out.parquet");
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0,
                Sandbox.none().with(out))) {
            engine.createTable("t", "SELECT range AS id, 'n' || range AS name, INTERVAL 1 HOUR AS took FROM range(3)");
            engine.export("t", FileFormat.of(LoadTarget.PARQUET), out);
        }
        assertThat(repetitions(out)).containsExactly("id OPTIONAL", "name OPTIONAL", "took OPTIONAL");
    }

    @Test
    void aFailedDirectCopyLeavesNoFile() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER));
        Path out = dir.resolve("out.parquet");
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0,
                Sandbox.none().with(out))) {
            assertThat(engine.capability(CsvIngest.class).orElseThrow().writeCsvCopy(csv(schema, "1\n2\n", 2, true), FileFormat.of(LoadTarget.PARQUET), out, NONE)).isEmpty();
            assertThat(engine.capability(CsvIngest.class).orElseThrow().writeCsvCopy(csv(schema, "1\nnot a number\n", 2, false), FileFormat.of(LoadTarget.PARQUET), out, NONE))
                    .isEmpty();
            assertThat(engine.capability(CsvIngest.class).orElseThrow().writeCsvCopy(csv(schema, "x\n".repeat(200_000), 200_000, false), FileFormat.of(LoadTarget.CSV), out, NONE))
                    .isEmpty();
            assertThat(out).doesNotExist();
        }
    }

    /** A loader's CSV side that keeps the text it is handed. */
    private static class Captured implements CsvLoad {
        final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        volatile IOException failure;

        @Override
        public LoadResult readFrom(InputStream in) {
            try {
                in.transferTo(text);
            } catch (IOException e) {
                failure = e;
                throw new io.osiris.api.ExecutionFailedException("read failed: " + e.getMessage(), e);
            }
            return new LoadResult(text.toString(StandardCharsets.UTF_8).lines().count(), false);
        }

        @Override
        public void cancel() {
        }
    }

    @Test
    void aTableIsHandedToALoaderAsTheCsvTextASourceCopyUses() {
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            engine.load("t", RowStream.of(TYPES, ROWS), (r, b) -> { });
            Captured loader = new Captured();
            assertThat(engine.capability(CsvEgress.class).orElseThrow().exportCsv("t", loader)).isPresent();
            String text = loader.text.toString(StandardCharsets.UTF_8);
            assertThat(text).contains(",true,", ",false,", "\\x00FF7F80", ",\"\",", "1999-12-31 18:59:59.654321+00",
                    "\n2,,,,,,,,,,,,,\n");
            // Read back through the source side of the same format, the rows are the same.
            engine.capability(CsvIngest.class).orElseThrow().loadCsv("back", csv(TYPES, text, 3, false), NONE);
            assertThat(engine.createTable("diff", "SELECT * FROM t EXCEPT ALL SELECT * FROM back"
                    + " UNION ALL SELECT * FROM back EXCEPT ALL SELECT * FROM t")).isZero();
        }
    }

    @Test
    void aLoaderThatFailsFirstLeavesTheEngineFreeAndTheErrorItsOwn() {
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            engine.createTable("big", "SELECT range AS id, repeat('x', 100) AS s FROM range(300000)");
            CsvLoad refusing = new CsvLoad() {
                @Override
                public LoadResult readFrom(InputStream in) {
                    throw new io.osiris.api.ExecutionFailedException("table is locked (injected)");
                }

                @Override
                public void cancel() {
                }
            };
            assertThatThrownBy(() -> engine.capability(CsvEgress.class).orElseThrow().exportCsv("big", refusing)).hasMessageContaining("injected");
            assertThat(engine.createTable("after", "SELECT * FROM big LIMIT 5")).isEqualTo(5);
        }
    }

    @Test
    void whenTheEngineStopsWritingTheLoaderSeesAFailureNotAnEnd() throws Exception {
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            engine.createTable("big", "SELECT range AS id, repeat('x', 100) AS s FROM range(2000000)");
            Captured loader = new Captured() {
                @Override
                public LoadResult readFrom(InputStream in) {
                    try {
                        in.readNBytes(1000);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    engine.cancel();
                    return super.readFrom(in);
                }
            };
            assertThatThrownBy(() -> engine.capability(CsvEgress.class).orElseThrow().exportCsv("big", loader)).isInstanceOf(
                    io.osiris.api.ExecutionFailedException.class);
            assertThat(loader.failure).isNotNull().hasMessageContaining("the engine stopped writing");
        }
    }

    @Test
    void aFailedCsvCopyLeavesNoTableSoTheRowsCanBeStreamed() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER));
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("t", csv(schema, "1\n2\n", 2, true), NONE)).isEmpty();
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("t", csv(schema, "1\nnot a number\n", 2, false), NONE)).isEmpty();
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("t", csv(schema, "1\n2\n", 3, false), NONE)).isEmpty();
            // A big copy the engine refuses at once: the writer is drained, not left blocked.
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("t", csv(schema, "x\n".repeat(200_000), 200_000, false), NONE)).isEmpty();
            engine.load("t", RowStream.of(schema, List.of(List.of(1))), (r, b) -> { });
            assertThat(engine.createTable("n", "SELECT * FROM t")).isEqualTo(1);
        }
    }

    @Test
    void timestampsReadBackAsStoredWhateverTheJvmTimeZone() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        // 02:30 on 2024-03-10 does not exist in New York (clocks jump from 02:00 to 03:00).
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/New_York"));
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            engine.createTable("t", "SELECT TIMESTAMP '2024-03-10 02:30:00.123456' AS ts");
            try (RowStream rows = engine.read("t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.get(0)).isEqualTo(LocalDateTime.of(2024, 3, 10, 2, 30, 0, 123_456_000));
            }
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void typesWhoseTextCouldDifferAreLeftToTheStreamedCopy() throws Exception {
        Path file = file("CREATE TABLE t AS SELECT range AS id, [range, 2] AS l FROM range(3)");
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("t", file, new Extraction.Table("t"))).isEmpty();
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("t", file, new Extraction.Query("SELECT no_such_column FROM t")))
                    .isEmpty();
            assertThat(engine.capability(DatabaseFileScan.class).orElseThrow().loadFromFile("t", dir.resolve("missing.duckdb"), new Extraction.Table("t")))
                    .isEmpty();
            // Nothing was left behind: the streamed copy can still create the table.
            streamed(engine, "t", file, new Extraction.Table("t"));
            assertThat(engine.createTable("n", "SELECT * FROM t")).isEqualTo(3);
        }
    }
}
