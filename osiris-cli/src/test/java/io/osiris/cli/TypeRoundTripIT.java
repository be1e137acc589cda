package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.cli.TypeSamples.Sample;
import io.osiris.connector.mysql.MySqlConnectorProvider;
import io.osiris.connector.supabase.SupabaseConnectorProvider;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.types.TypeMap;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published type map, run: one source table per source (MariaDB, PostgreSQL, a DuckDB file)
 * with a column per native type the map lists, filled with edge values ({@link TypeSamples}) and
 * NULLs; one pipeline run per (source, target) pair into every target; every value read back
 * must equal the source's as the map says: exactly when the map says lossless, else as its
 * documented change. A new map row is a new column here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypeRoundTripIT {
    private static final List<ConnectorProvider> PROVIDERS = List.of(new MySqlConnectorProvider(),
            new SupabaseConnectorProvider(), new DuckDbConnectorProvider());
    private static final TypeMap MAP = TypeMap.of(PROVIDERS);

    @TempDir
    static Path dir;

    @BeforeAll
    void createOneSourceTablePerSource() throws Exception {
        for (String source : MAP.sources()) {
            try (Connection c = connect(source); Statement st = c.createStatement()) {
                if (source.equals("mysql")) {
                    // Zero dates are what MySQL keeps from older sql_modes; the UTC session matches the connector's.
                    st.execute("SET SESSION sql_mode = ''");
                    st.execute("SET time_zone = '+00:00'");
                }
                st.execute("DROP TABLE IF EXISTS " + sourceTable(source));
                st.execute(createTable(source));
                for (String insert : inserts(source)) {
                    st.execute(insert);
                }
            }
        }
    }

    @AfterAll
    void dropTables() throws Exception {
        for (String database : List.of("mysql", "supabase")) {
            try (Connection c = connect(database); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + sourceTable(database));
                for (String source : MAP.sources()) {
                    st.execute("DROP TABLE IF EXISTS " + targetTable(source));
                }
            }
        }
    }

    Stream<String> sources() {
        return MAP.sources().stream();
    }

    Stream<Arguments> pairs() {
        return MAP.sources().stream().flatMap(s -> MAP.targets().stream().map(t -> Arguments.of(s, t)));
    }

    @Test
    void everyRowOfTheMapHasEdgeValues() {
        List<String> missing = new ArrayList<>();
        for (TypeMap.Row row : MAP.rows()) {
            if (!TypeSamples.of(row.source()).containsKey(row.read().declaration())) {
                missing.add(row.source() + " " + row.read().declaration());
            }
        }
        assertThat(missing).as("map rows without samples in TypeSamples").isEmpty();
        assertThat(MAP.targets()).containsExactly("duckdb", "mysql", "supabase", "csv", "parquet", "json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void eachNativeTypeReadsAsItsPublishedPortableType(String source) throws Exception {
        List<TypeMap.Row> rows = MAP.rows(source);
        List<String> problems = new ArrayList<>();
        try (Connector connector = open(source, Map.of()); RowStream stream = connector.extractor()
                .extract(new Extraction.Query("SELECT * FROM " + sourceTable(source) + " ORDER BY id", 0))) {
            for (int i = 0; i < rows.size(); i++) {
                assertThat(stream.schema().column(i + 1).type()).as("%s %s", source, rows.get(i).read().declaration())
                        .isEqualTo(rows.get(i).portable());
            }
            compare(stream, rows, null, source, problems);
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void everyValueArrivesInEveryTargetAsTheMapSays(String source, String target) throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        String extract = source.equals("duckdb")
                ? "source: duckdb\n    path: " + duckdbSource() + "\n"
                : "source: " + source + "\n";
        String load = switch (target) {
            case "csv", "parquet", "json" -> "path: " + file(source, target) + "\n";
            case "duckdb" -> "path: " + out.resolve(source + ".duckdb") + "\n    table: " + targetTable(source) + "\n";
            default -> "table: " + targetTable(source) + "\n";
        };
        if (target.equals("mysql") || target.equals("supabase")) {
            try (Connection c = connect(target); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + targetTable(source));
            }
        }
        Files.deleteIfExists(out.resolve(source + ".duckdb"));
        Pipeline pipeline = Pipelines.parser().parse("""
                # osiris-pipeline-v2
                name: types_round_trip
                extract:
                  - id: src
                    %s    table: %s
                load:
                  - id: save
                    from: src
                    to: %s
                    %s""".formatted(extract, sourceTable(source), target, load), "types.yaml");
        try (PipelineRunner runner = PipelineRunner.builder().config(config()).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            runner.run(pipeline, Map.of());
        }
        List<String> problems = new ArrayList<>();
        try (Connector connector = readBack(source, target); RowStream stream = connector.extractor()
                .extract(new Extraction.Query("SELECT * FROM " + targetTable(source) + " ORDER BY id", 0))) {
            compare(stream, MAP.rows(source), target, source + " -> " + target, problems);
        }
        assertThat(problems).as("values that differ from the map").isEmpty();
    }

    /**
     * Where the map says a target holds only a range, a value beyond it fails the load rather
     * than arriving changed (a zero date, a clipped time).
     */
    @ParameterizedTest(name = "{0} {1} into {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "TIMESTAMPTZ | '2100-01-01 00:00:00+00' | mysql",
            "TIMESTAMPTZ | '1969-12-31 23:59:59+00' | mysql",
            "INTERVAL | to_microseconds(3600000000000) | mysql",
            "HUGEINT | 170141183460469231731687303715884105727 | duckdb"})
    void aValueBeyondATargetsRangeFailsTheLoad(String type, String literal, String target) throws Exception {
        Path file = dir.resolve("range_" + Math.abs((type + literal).hashCode()) + ".duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE types_range AS SELECT 1 AS id, CAST(" + literal + " AS " + type + ") AS v");
        }
        if (!target.equals("duckdb")) {
            try (Connection c = connect(target); Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS types_range");
            }
        }
        Pipeline pipeline = Pipelines.parser().parse("""
                # osiris-pipeline-v2
                name: types_range
                extract:
                  - id: src
                    source: duckdb
                    path: %s
                    table: types_range
                load:
                  - id: save
                    to: %s
                    %s
                """.formatted(file, target, target.equals("duckdb")
                        ? "path: " + dir.resolve("range_out.duckdb") + "\n    table: types_range" : "table: types_range"),
                "range.yaml");
        try (PipelineRunner runner = PipelineRunner.builder().config(config()).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runner.run(pipeline, Map.of()))
                    .isInstanceOf(io.osiris.api.OsirisException.class);
        } finally {
            if (!target.equals("duckdb")) {
                try (Connection c = connect(target); Statement st = c.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS types_range");
                }
            }
        }
    }

    /**
     * Compares each row's values with the samples; row k holds sample k of each column, the last
     * row NULLs. {@code target} is null for the read from the source.
     */
    private static void compare(RowStream stream, List<TypeMap.Row> rows, String target, String what,
            List<String> problems) {
        boolean read = target == null;
        int k = 0;
        while (stream.next()) {
            for (int i = 0; i < rows.size(); i++) {
                List<Sample> samples = TypeSamples.of(rows.get(i).source()).get(rows.get(i).read().declaration());
                Sample sample = k < samples.size() ? samples.get(k) : null;
                Object expected = sample == null ? null : read ? sample.read() : sample.loaded();
                Object actual = stream.get(i + 1);
                boolean lossless = read ? rows.get(i).read().lossless() : rows.get(i).lossless(target);
                if (!TypeSamples.same(rows.get(i).portable().kind(), expected, actual, lossless)) {
                    problems.add(what + ", " + rows.get(i).read().declaration() + " row " + (k + 1) + ": expected "
                            + TypeSamples.show(expected) + ", got " + TypeSamples.show(actual));
                }
            }
            k++;
        }
        if (k != rowCount(rows)) {
            problems.add(what + ": " + k + " rows, expected " + rowCount(rows));
        }
    }

    private static int rowCount(List<TypeMap.Row> rows) {
        int max = 0;
        for (TypeMap.Row row : rows) {
            max = Math.max(max, TypeSamples.of(row.source()).get(row.read().declaration()).size());
        }
        return max + 1;
    }

    private String createTable(String source) {
        StringBuilder sql = new StringBuilder("CREATE TABLE " + sourceTable(source) + " (id INTEGER PRIMARY KEY");
        List<TypeMap.Row> rows = MAP.rows(source);
        for (int i = 0; i < rows.size(); i++) {
            sql.append(", ").append(column(i)).append(' ').append(rows.get(i).read().declaration())
                    .append(source.equals("mysql") ? " NULL" : "");
        }
        return sql.append(')').append(source.equals("mysql") ? " CHARACTER SET utf8mb4" : "").toString();
    }

    private static List<String> inserts(String source) {
        List<TypeMap.Row> rows = MAP.rows(source);
        List<String> inserts = new ArrayList<>();
        for (int k = 0; k < rowCount(rows); k++) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + sourceTable(source) + " VALUES (" + (k + 1));
            for (TypeMap.Row row : rows) {
                List<Sample> samples = TypeSamples.of(source).get(row.read().declaration());
                sql.append(", ").append(k < samples.size() ? samples.get(k).literal() : "NULL");
            }
            inserts.add(sql.append(')').toString());
        }
        return inserts;
    }

    static String column(int i) {
        return "c" + i;
    }

    private Connector readBack(String source, String target) throws Exception {
        return switch (target) {
            case "mysql", "supabase" -> open(target, Map.of());
            case "duckdb" -> open("duckdb", Map.of("path", dir.resolve("out").resolve(source + ".duckdb").toString()));
            default -> {
                // The file, typed back as the engine's table of the same rows would be, in a DuckDB file of its own.
                Path back = dir.resolve("out").resolve(source + "_" + target + ".duckdb");
                Files.deleteIfExists(back);
                try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + back);
                        Statement st = c.createStatement()) {
                    st.execute("SET TimeZone = 'UTC'");
                    if (target.equals("json")) {
                        FileReadBack.jsonAsText(c, MAP.rows(source), file(source, "json"));
                    }
                    st.execute("CREATE TABLE " + targetTable(source) + " AS " + FileReadBack.typedSelect(MAP.rows(source), file(source, target), target));
                }
                yield open("duckdb", Map.of("path", back.toString()));
            }
        };
    }

    private Path file(String source, String target) {
        return dir.resolve("out").resolve(source + "." + target);
    }

    private Connector open(String type, Map<String, String> properties) {
        ConnectorProvider provider = PROVIDERS.stream().filter(p -> p.type().equals(type)).findFirst().orElseThrow();
        Map<String, String> settings = type.equals("duckdb") ? properties : Map.of("jdbc_url", url(type));
        if (type.equals("duckdb") && properties.isEmpty()) {
            settings = Map.of("path", duckdbSource().toString());
        }
        return provider.open(new ConnectorConfig(type, "default", settings));
    }

    private Connection connect(String source) throws Exception {
        return source.equals("duckdb") ? DriverManager.getConnection("jdbc:duckdb:" + duckdbSource())
                : TestDatabases.connect(url(source));
    }

    private static String url(String type) {
        return type.equals("mysql") ? TestDatabases.mysqlUrl() : TestDatabases.postgresUrl();
    }

    private Path duckdbSource() {
        return dir.resolve("types_source.duckdb");
    }

    private static String sourceTable(String source) {
        return "types_rt_" + source;
    }

    private static String targetTable(String source) {
        return "types_rt_from_" + source;
    }

    private OsirisConfig config() throws Exception {
        Path file = dir.resolve(ConfigLoader.FILE_NAME);
        Files.writeString(file, """
                version: 1
                connections:
                  mysql:
                    default:
                      jdbc_url: "%s"
                  supabase:
                    default:
                      jdbc_url: "%s"
                """.formatted(TestDatabases.mysqlUrl(), TestDatabases.postgresUrl()));
        return ConfigLoader.load(file, Map.of());
    }
}
