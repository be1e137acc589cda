package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.pipeline.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineRunnerTest {
    @TempDir
    Path dir;

    @BeforeEach
    void movies() throws Exception {
        Fixtures.duckdb(dir.resolve("movies.duckdb"),
                "CREATE TABLE movies (movie_id INTEGER PRIMARY KEY, title VARCHAR, year INTEGER)",
                "CREATE TABLE reviews (movie_id INTEGER, rating DECIMAL(3,1))",
                "INSERT INTO movies VALUES (1, 'Alien', 1979), (2, 'Heat, the \"movie\"', 1995), (3, 'Brazil', 1985)",
                "INSERT INTO reviews VALUES (1, 8.5), (1, 9.0), (2, 8.2), (3, 6.0), (2, 7.0)");
    }

    private String pipeline(String loads) {
        return """
                # osiris-pipeline-v2
                name: top_movies
                extract:
                  - id: movies
                    source: duckdb
                    path: movies.duckdb
                    table: movies
                  - id: reviews
                    source: duckdb
                    path: movies.duckdb
                    query: SELECT movie_id, rating FROM reviews
                transform:
                  - id: rated
                    sql: |
                      SELECT m.movie_id, m.title, max(r.rating) AS best
                      FROM movies m JOIN reviews r USING (movie_id)
                      GROUP BY ALL
                  - id: ranked
                    sql: SELECT * FROM rated WHERE best > 8.0 ORDER BY best DESC
                load:
                """ + loads;
    }

    private static final String ALL_FORMATS = """
              - id: csv
                to: csv
                path: out/top.csv
              - id: parquet
                to: parquet
                path: out/top.parquet
              - id: json
                to: json
                path: out/top.json
            """;

    private PipelineRunner runner() {
        return PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).build();
    }

    @Test
    void aDuckDbFileThroughTwoTransformsLandsInCsvParquetAndJson() throws Exception {
        Pipeline pipeline = Pipelines.parse(pipeline(ALL_FORMATS));
        RunReport report = runner().run(pipeline);

        assertThat(report.steps()).extracting(StepReport::id)
                .containsExactly("movies", "reviews", "rated", "ranked", "csv", "parquet", "json");
        assertThat(report.step("movies").rows()).isEqualTo(3);
        assertThat(report.step("reviews").rows()).isEqualTo(5);
        assertThat(report.step("ranked").rows()).isEqualTo(2);
        assertThat(report.step("csv").bytes()).isEqualTo(Files.size(dir.resolve("out/top.csv")));

        assertThat(Files.readString(dir.resolve("out/top.csv"), StandardCharsets.UTF_8)).isEqualTo("""
                movie_id,title,best
                1,Alien,9.0
                2,"Heat, the ""movie\""",8.2
                """);
        assertThat(Files.readString(dir.resolve("out/top.json"), StandardCharsets.UTF_8)).isEqualTo("""
                {"movie_id":1,"title":"Alien","best":9.0}
                {"movie_id":2,"title":"Heat, the \\"movie\\"","best":8.2}
                """);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT movie_id, title, best::VARCHAR, typeof(best) FROM read_parquet('"
                        + dir.resolve("out/top.parquet") + "')")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4));
            }
            assertThat(rows).containsExactly("1|Alien|9.0|DECIMAL(3,1)", "2|Heat, the \"movie\"|8.2|DECIMAL(3,1)");
        }
        assertNoTemporaryFiles();
    }

    @Test
    void aParquetLoadIsWrittenWithTheCodecItNamesAndSnappyOtherwise() throws Exception {
        String loads = """
                  - id: small
                    to: parquet
                    path: out/zstd.parquet
                    compression: ZSTD
                  - id: plain
                    to: parquet
                    path: out/default.parquet
                """;
        runner().run(Pipelines.parse(pipeline(loads)));

        assertThat(codecs(dir.resolve("out/zstd.parquet"))).containsExactly("ZSTD");
        assertThat(codecs(dir.resolve("out/default.parquet"))).containsExactly("SNAPPY");
        assertThat(Fixtures.count(dir.resolve("movies.duckdb"), "SELECT count(*) FROM read_parquet('"
                + dir.resolve("out/zstd.parquet") + "')")).isEqualTo(2);
    }

    /** The codecs of a Parquet file's column chunks, as DuckDB reads its metadata. */
    private static List<String> codecs(Path parquet) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + parquet + "')")) {
            List<String> codecs = new ArrayList<>();
            while (rs.next()) {
                codecs.add(rs.getString(1));
            }
            return codecs;
        }
    }

    @Test
    void loadsIntoADuckDbFileWithUpsert() throws Exception {
        String loads = """
                  - id: db
                    to: duckdb
                    path: out/warehouse.duckdb
                    table: top
                    mode: upsert
                    primary_key: [movie_id]
                """;
        runner().run(Pipelines.parse(pipeline(loads)));
        runner().run(Pipelines.parse(pipeline(loads)));
        assertThat(Fixtures.count(dir.resolve("out/warehouse.duckdb"),
                "SELECT count(*) FROM top")).isEqualTo(2);
    }

    @Test
    void aLoadThatFailsHalfWayLeavesEarlierOutputsByteIdenticalAndNoPartialFile() throws Exception {
        runner().run(Pipelines.parse(pipeline(ALL_FORMATS)));
        byte[] csvBefore = Files.readAllBytes(dir.resolve("out/top.csv"));
        byte[] parquetBefore = Files.readAllBytes(dir.resolve("out/top.parquet"));

        // New data, and a second load whose directory cannot be created (a file is in the way).
        Fixtures.duckdb(dir.resolve("movies.duckdb"), "INSERT INTO reviews VALUES (3, 9.9)");
        Files.writeString(dir.resolve("blocker"), "not a directory");
        String loads = """
                  - id: csv
                    to: csv
                    path: out/top.csv
                  - id: broken
                    to: parquet
                    path: blocker/top.parquet
                  - id: parquet
                    to: parquet
                    path: out/top.parquet
                """;
        assertThatThrownBy(() -> runner().run(Pipelines.parse(pipeline(loads))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("broken");

        assertThat(Files.readAllBytes(dir.resolve("out/top.csv"))).isEqualTo(csvBefore);
        assertThat(Files.readAllBytes(dir.resolve("out/top.parquet"))).isEqualTo(parquetBefore);
        assertNoTemporaryFiles();
    }

    @Test
    void aTransformFailingAtRunTimeWritesNothing() throws Exception {
        String yaml = pipeline(ALL_FORMATS).replace("SELECT * FROM rated WHERE best > 8.0 ORDER BY best DESC",
                "SELECT CAST(title AS INTEGER) AS n FROM rated");
        assertThatThrownBy(() -> runner().run(Pipelines.parse(yaml)))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("Transform ranked failed");
        assertThat(dir.resolve("out")).doesNotExist();
        assertNoTemporaryFiles();
    }

    @Test
    void aMissingSourceFileIsAConnectionError() {
        String yaml = pipeline(ALL_FORMATS).replace("path: movies.duckdb", "path: missing.duckdb");
        assertThatThrownBy(() -> runner().run(Pipelines.parse(yaml)))
                .isInstanceOf(ConnectionException.class)
                .hasMessageContaining("missing.duckdb");
    }

    @Test
    void aDryRunDescribesEveryStepAndWritesNothing() throws Exception {
        RunReport report = runner().dryRun(Pipelines.parse(pipeline(ALL_FORMATS)));
        assertThat(report.dryRun()).isTrue();
        assertThat(report.step("reviews").columns()).containsExactly("movie_id", "rating");
        assertThat(report.step("ranked").columns()).containsExactly("movie_id", "title", "best");
        assertThat(report.step("json").target()).endsWith("top.json");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void progressIsReportedOnLongSteps() throws Exception {
        // A LIST column: the engine leaves such a file to the streamed copy, the one with progress
        // (it copies other DuckDB files in SQL, in one statement), here as CSV text (as JSON).
        Fixtures.duckdb(dir.resolve("big.duckdb"), "CREATE TABLE t AS SELECT range AS id, [range] AS l"
                + " FROM range(300000)");
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp"))
                .progressInterval(java.time.Duration.ZERO)
                .listener(new RunListener() {
                    @Override
                    public void progress(String stepId, long rows, double rowsPerSecond) {
                        events.add(stepId + ":" + rows);
                    }
                }).build();
        RunReport report = runner.run(Pipelines.parse("""
                # osiris-pipeline-v2
                name: big
                extract:
                  - id: big
                    source: duckdb
                    path: big.duckdb
                    table: t
                load:
                  - id: out
                    to: parquet
                    path: out/big.parquet
                """));
        assertThat(report.step("big").rows()).isEqualTo(300_000);
        // Rows so far as the step goes (counted as they are encoded for the engine), rising to the end.
        assertThat(events).hasSizeGreaterThan(3)
                .extracting(e -> Long.parseLong(e.substring("big:".length()))).isSorted()
                .allMatch(rows -> rows > 0 && rows <= 300_000);
    }

    private void assertNoTemporaryFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> dir.relativize(p).toString()))
                    .noneMatch(p -> p.endsWith(".tmp") || p.contains("osiris-run-"));
        }
    }
}
