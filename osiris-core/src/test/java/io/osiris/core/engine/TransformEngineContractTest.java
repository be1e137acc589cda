package io.osiris.core.engine;

import static io.osiris.core.engine.EngineContractRows.TEXT;
import static io.osiris.core.engine.EngineContractRows.TYPES;
import static io.osiris.core.engine.EngineContractRows.columns;
import static io.osiris.core.engine.EngineContractRows.csv;
import static io.osiris.core.engine.EngineContractRows.expected;
import static io.osiris.core.engine.EngineContractRows.readAll;
import static io.osiris.core.engine.EngineContractRows.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.engine.TransformEngine.FileFormat;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link TransformEngine} does, spoken only through the seam: an engine's test
 * extends this class and says how its engine is opened. The basic operations are required;
 * each {@linkplain EngineCapability capability} is checked against its javadoc where the engine
 * offers it, and skipped where it does not. The SQL the tests run is plain ANSI over the
 * tables they create.
 */
public abstract class TransformEngineContractTest {
    private static final LoadProgress NONE = (rows, bytes) -> { };
    private static final RowSchema SIMPLE = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("name", ColumnType.STRING), new ColumnInfo("price", ColumnType.decimal(10, 2)));
    private static final List<List<Object>> SIMPLE_ROWS = List.of(Arrays.asList(1, "plain", new BigDecimal("1.50")),
            Arrays.asList(2, "a, \"quoted\" b", null), Arrays.asList(3, null, new BigDecimal("0.00")));

    /** A directory of this test's own: the engine's temporary files and the files it writes. */
    @TempDir
    protected Path dir;

    /** Opens the engine under test; its temporary files go under {@code workDirectory}. */
    protected abstract EngineFactory factory(Path workDirectory);

    /**
     * A SELECT this engine runs to read a Parquet file it wrote, for checking the file's rows;
     * empty where it has none (the file's Parquet framing is still checked).
     */
    protected Optional<String> parquetSelect(Path file) {
        return Optional.empty();
    }

    /** An engine that may open these files besides its own. */
    protected TransformEngine engine(Path... files) {
        return factory(dir.resolve("engine")).open(new Sandbox(List.of(files)));
    }

    @Test
    void loadedRowsOfEveryPortableTypeReadBackEqual() {
        try (TransformEngine engine = engine()) {
            assertThat(engine.load("loaded", rows(), NONE).rows()).isEqualTo(3);
            assertThat(columns(engine.schemaOf("loaded"))).isEqualTo(columns(TYPES));
            assertThat(readAll(engine, "loaded")).isEqualTo(expected());
        }
    }

    @Test
    void createTableRunsASelectOverEarlierTablesAndCountsItsRows() {
        try (TransformEngine engine = engine()) {
            engine.load("loaded", rows(), NONE);
            assertThat(engine.createTable("picked", "SELECT id, s FROM loaded WHERE id >= 2")).isEqualTo(2);
            assertThat(columns(engine.schemaOf("picked"))).containsExactly("id " + ColumnType.INTEGER,
                    "s " + ColumnType.STRING);
            assertThat(readAll(engine, "picked")).containsExactly(Arrays.asList(2, null), List.of(3, ""));
        }
    }

    @Test
    void createEmptyMakesATableWithTheColumnsAndNoRows() {
        try (TransformEngine engine = engine()) {
            engine.createEmpty("empty", TYPES);
            assertThat(columns(engine.schemaOf("empty"))).isEqualTo(columns(TYPES));
            assertThat(readAll(engine, "empty")).isEmpty();
            assertThat(engine.createTable("still_empty", "SELECT * FROM empty")).isZero();
        }
    }

    @Test
    void exportWritesCsvWithAHeaderAndReplacesTheFile() throws Exception {
        Path file = dir.resolve("out.csv");
        Files.writeString(file, "old content\n".repeat(1000));
        try (TransformEngine engine = engine(file)) {
            engine.load("simple", RowStream.of(SIMPLE, SIMPLE_ROWS), NONE);
            assertThat(engine.export("simple", FileFormat.of(LoadTarget.CSV), file)).isEqualTo(3);
        }
        String text = Files.readString(file);
        assertThat(text.lines()).hasSize(4).first().isEqualTo("id,name,price");
        assertThat(text).contains("\"a, \"\"quoted\"\" b\"", "plain").doesNotContain("old content");
    }

    @Test
    void exportWritesJsonAsOneObjectALine() throws Exception {
        Path file = dir.resolve("out.json");
        try (TransformEngine engine = engine(file)) {
            engine.load("simple", RowStream.of(SIMPLE, SIMPLE_ROWS), NONE);
            assertThat(engine.export("simple", FileFormat.of(LoadTarget.JSON), file)).isEqualTo(3);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> objects = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            objects.add(json.readTree(line));
        }
        assertThat(objects).extracting(o -> o.get("id").asInt()).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(objects).filteredOn(o -> o.get("id").asInt() == 2).singleElement()
                .satisfies(o -> assertThat(o.get("name").asText()).isEqualTo("a, \"quoted\" b"))
                .satisfies(o -> assertThat(o.get("price").isNull()).isTrue());
    }

    static Stream<String> parquetCodecs() {
        return Stream.concat(Stream.of(""), LoadStep.PARQUET_COMPRESSIONS.stream());
    }

    @ParameterizedTest(name = "codec \"{0}\"")
    @MethodSource("parquetCodecs")
    void exportWritesParquetInEveryCodecAPipelineMayName(String codec) throws Exception {
        Path file = dir.resolve("out.parquet");
        try (TransformEngine engine = engine(file)) {
            engine.load("loaded", rows(), NONE);
            assertThat(engine.export("loaded", new FileFormat(LoadTarget.PARQUET, codec), file)).isEqualTo(3);
            assertParquetHolds(engine, file, "loaded");
        }
    }

    /** The file is Parquet ({@code PAR1} at both ends) and, where the engine reads Parquet, holds the table's rows. */
    private void assertParquetHolds(TransformEngine engine, Path file, String table) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(8);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
        Optional<String> select = parquetSelect(file);
        if (select.isPresent()) {
            String back = table + "_back_" + Math.abs(file.hashCode());
            assertThat(engine.createTable(back, select.get())).isEqualTo(3);
            assertThat(columns(engine.schemaOf(back))).isEqualTo(columns(engine.schemaOf(table)));
            assertThat(readAll(engine, back)).isEqualTo(readAll(engine, table));
        }
    }

    @Test
    void readStreamsATableOfManyRowsAndMayStopEarly() {
        int n = 200_000;
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT), new ColumnInfo("s", ColumnType.STRING));
        try (TransformEngine engine = engine()) {
            Loaded loaded = engine.load("many", RowStream.of(schema,
                    IntStream.range(0, n).mapToObj(i -> List.<Object>of((long) i, "row " + i)).iterator()), NONE);
            assertThat(loaded.rows()).isEqualTo(n);
            long count = 0;
            long sum = 0;
            try (RowStream rows = engine.read("many")) {
                assertThat(rows.schema().columns()).extracting(ColumnInfo::name).containsExactly("id", "s");
                while (rows.next()) {
                    count++;
                    sum += rows.getLong(0);
                }
            }
            assertThat(count).isEqualTo(n);
            assertThat(sum).isEqualTo((long) n * (n - 1) / 2);
            try (RowStream rows = engine.read("many")) {
                assertThat(rows.next()).isTrue();
            }
            assertThat(engine.createTable("after", "SELECT * FROM many WHERE id < 10")).isEqualTo(10);
        }
    }

    @Test
    void loadsIntoDifferentTablesRunAtOnce() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT));
        try (TransformEngine engine = engine()) {
            List<CompletableFuture<Loaded>> loads = Stream.of("first", "second", "third")
                    .map(table -> CompletableFuture.supplyAsync(() -> engine.load(table, RowStream.of(schema,
                            IntStream.range(0, 100_000).mapToObj(i -> List.<Object>of((long) i)).iterator()), NONE)))
                    .toList();
            assertThat(loads).allSatisfy(load -> assertThat(load.join().rows()).isEqualTo(100_000));
            assertThat(engine.createTable("all_rows", "SELECT * FROM first UNION ALL SELECT * FROM second"
                    + " UNION ALL SELECT * FROM third")).isEqualTo(300_000);
        }
    }

    @Test
    void cancelStopsALongStatementFromAnotherThread() throws Exception {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT));
        try (TransformEngine engine = engine()) {
            engine.load("seed", RowStream.of(schema,
                    IntStream.range(0, 1_000).mapToObj(i -> List.<Object>of((long) i)).iterator()), NONE);
            // 10^12 combinations: no engine finishes this before the cancel.
            CompletableFuture<Long> endless = CompletableFuture.supplyAsync(() -> engine.createTable("endless",
                    "SELECT max(a.id + b.id + c.id + d.id) AS m FROM seed a CROSS JOIN seed b CROSS JOIN seed c"
                            + " CROSS JOIN seed d"));
            Thread.sleep(500);
            assertThat(endless).as("the statement runs until cancelled").isNotDone();
            engine.cancel();
            assertThatThrownBy(() -> endless.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(OsirisException.class);
        }
    }

    @Test
    void csvIngestLoadsACopyAsTheTableALoadOfTheSameRowsGives() {
        try (TransformEngine engine = engine()) {
            CsvIngest ingest = offered(engine, CsvIngest.class);
            assertThat(ingest.loadCsv("fast", csv(TYPES, TEXT, 3, false), NONE)).get()
                    .extracting(Loaded::rows).isEqualTo(3L);
            engine.load("slow", rows(), NONE);
            assertThat(columns(engine.schemaOf("fast"))).isEqualTo(columns(engine.schemaOf("slow")));
            assertThat(readAll(engine, "fast")).isEqualTo(readAll(engine, "slow")).isEqualTo(expected());
        }
    }

    @Test
    void csvIngestDeclinesACopyThatFailsAndLeavesNoTable() {
        RowSchema one = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER));
        try (TransformEngine engine = engine()) {
            CsvIngest ingest = offered(engine, CsvIngest.class);
            assertThat(ingest.loadCsv("t", csv(one, "1\n2\n", 2, true), NONE)).isEmpty();
            assertThat(ingest.loadCsv("t", csv(one, "1\nnot a number\n", 2, false), NONE)).isEmpty();
            assertThat(ingest.loadCsv("t", csv(one, "1\n2\n", 3, false), NONE)).isEmpty();
            assertThat(engine.load("t", RowStream.of(one, List.of(List.of(7))), NONE).rows()).isEqualTo(1);
            assertThat(readAll(engine, "t")).containsExactly(List.of(7));
        }
    }

    @Test
    void csvIngestWritesACopyToTheFileTheExportOfItsTableWouldBe() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : List.of("direct", "staged")) {
            for (String ext : List.of("csv", "json", "parquet")) {
                files.add(dir.resolve(name + "." + ext));
            }
        }
        try (TransformEngine engine = engine(files.toArray(Path[]::new))) {
            CsvIngest ingest = offered(engine, CsvIngest.class);
            ingest.loadCsv("staged", csv(TYPES, TEXT, 3, false), NONE).orElseThrow();
            for (LoadTarget format : List.of(LoadTarget.CSV, LoadTarget.JSON, LoadTarget.PARQUET)) {
                String ext = format.name().toLowerCase(java.util.Locale.ROOT);
                Path direct = dir.resolve("direct." + ext);
                Path staged = dir.resolve("staged." + ext);
                assertThat(ingest.writeCsvCopy(csv(TYPES, TEXT, 3, false), FileFormat.of(format), direct, NONE)).get()
                        .extracting(Loaded::rows).isEqualTo(3L);
                engine.export("staged", FileFormat.of(format), staged);
                if (format == LoadTarget.PARQUET) {
                    assertParquetHolds(engine, direct, "staged");
                } else {
                    assertThat(direct).hasSameTextualContentAs(staged);
                }
            }
        }
    }

    @Test
    void csvIngestLeavesNoFileWhenTheCopyFails() {
        RowSchema one = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER));
        Path out = dir.resolve("out.parquet");
        try (TransformEngine engine = engine(out)) {
            CsvIngest ingest = offered(engine, CsvIngest.class);
            FileFormat parquet = FileFormat.of(LoadTarget.PARQUET);
            assertThat(ingest.writeCsvCopy(csv(one, "1\n2\n", 2, true), parquet, out, NONE)).isEmpty();
            assertThat(ingest.writeCsvCopy(csv(one, "1\nnot a number\n", 2, false), parquet, out, NONE)).isEmpty();
        }
        assertThat(out).doesNotExist();
    }

    @Test
    void csvEgressHandsALoaderTheTableAsBulkCsvText() {
        try (TransformEngine engine = engine()) {
            CsvEgress egress = offered(engine, CsvEgress.class);
            engine.load("t", rows(), NONE);
            EngineContractRows.Captured loader = new EngineContractRows.Captured();
            assertThat(egress.exportCsv("t", loader)).contains(EngineContractRows.Captured.RESULT);
            // NULL is an unquoted empty field, an empty string a quoted one; no header.
            assertThat(loader.string()).startsWith("1,").contains("\n2,,,,,,,,,,,,,,\n", ",\"\",");
            Optional<CsvIngest> ingest = engine.capability(CsvIngest.class);
            if (ingest.isPresent()) {
                ingest.get().loadCsv("back", csv(TYPES, loader.string(), 3, false), NONE).orElseThrow();
                assertThat(readAll(engine, "back")).isEqualTo(expected());
            }
        }
    }

    @Test
    void csvEgressLetsTheLoadersFailureThroughAndStaysUsable() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT), new ColumnInfo("s", ColumnType.STRING));
        try (TransformEngine engine = engine()) {
            CsvEgress egress = offered(engine, CsvEgress.class);
            // More text than a pipe or buffer holds, so the engine is still writing when the loader fails.
            engine.load("big", RowStream.of(schema, IntStream.range(0, 300_000)
                    .mapToObj(i -> List.<Object>of((long) i, "x".repeat(100))).iterator()), NONE);
            EngineContractRows.Captured refusing = new EngineContractRows.Captured() {
                @Override
                public io.osiris.api.connector.LoadResult readFrom(java.io.InputStream in) {
                    throw new io.osiris.api.ExecutionFailedException("table is locked (injected)");
                }
            };
            assertThatThrownBy(() -> egress.exportCsv("big", refusing)).hasMessageContaining("injected");
            assertThat(engine.createTable("after", "SELECT * FROM big WHERE id < 5")).isEqualTo(5);
        }
    }

    @Test
    void databaseFileScanStagesAnExtractionFromADuckDbFile() throws Exception {
        Path file = EngineContractRows.duckDbFile(dir.resolve("source.duckdb"));
        try (TransformEngine engine = engine(file, file.resolveSibling("source.duckdb.wal"))) {
            DatabaseFileScan scan = offered(engine, DatabaseFileScan.class);
            assumeTrue(scan.opens("duckdb"), "the engine does not open DuckDB files");
            assertThat(scan.loadFromFile("staged", file, new Extraction.Table("t"))).get()
                    .extracting(Loaded::rows).isEqualTo(3L);
            assertThat(columns(engine.schemaOf("staged"))).isEqualTo(columns(TYPES));
            assertThat(readAll(engine, "staged")).isEqualTo(expected());
            assertThat(scan.loadFromFile("picked", file, new Extraction.Query("SELECT id, s FROM t WHERE id > 1")))
                    .get().extracting(Loaded::rows).isEqualTo(2L);
            assertThat(readAll(engine, "picked")).containsExactly(Arrays.asList(2, null), List.of(3, ""));
            assertThat(scan.loadFromFile("missing", dir.resolve("missing.duckdb"), new Extraction.Table("t")))
                    .isEmpty();
        }
    }

    @Test
    void databaseFileScanHandsALoaderTheRowsItWouldStage() throws Exception {
        Path file = EngineContractRows.duckDbFile(dir.resolve("source.duckdb"));
        try (TransformEngine engine = engine(file, file.resolveSibling("source.duckdb.wal"))) {
            DatabaseFileScan scan = offered(engine, DatabaseFileScan.class);
            assumeTrue(scan.opens("duckdb"), "the engine does not open DuckDB files");
            Extraction all = new Extraction.Table("t");
            assertThat(scan.loadFileInto(file, all, schema -> Optional.empty())).isEmpty();
            List<RowSchema> offeredSchemas = new ArrayList<>();
            EngineContractRows.Captured loader = new EngineContractRows.Captured();
            assertThat(scan.loadFileInto(file, all, schema -> {
                offeredSchemas.add(schema);
                return Optional.of(loader);
            })).contains(EngineContractRows.Captured.RESULT);
            scan.loadFromFile("staged", file, all).orElseThrow();
            assertThat(offeredSchemas).singleElement().extracting(EngineContractRows::columns)
                    .isEqualTo(columns(engine.schemaOf("staged")));
            Optional<CsvIngest> ingest = engine.capability(CsvIngest.class);
            if (ingest.isPresent()) {
                ingest.get().loadCsv("handed", csv(TYPES, loader.string(), 3, false), NONE).orElseThrow();
                assertThat(readAll(engine, "handed")).isEqualTo(expected());
            }
        }
    }

    /** The capability, or the test is skipped for an engine that does not offer it. */
    protected static <T extends EngineCapability> T offered(TransformEngine engine, Class<T> type) {
        Optional<T> capability = engine.capability(type);
        assumeTrue(capability.isPresent(), () -> "the engine does not offer " + type.getSimpleName());
        return capability.get();
    }
}
