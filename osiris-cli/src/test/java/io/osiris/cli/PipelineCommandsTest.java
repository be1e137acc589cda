package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCommandsTest {
    @TempDir
    Path dir;

    Path pipeline;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), "
                    + "(3, 'Brazil', 6.0)) AS t(movie_id, title, rating)");
        }
        pipeline = write("top.yaml", "movies.duckdb");
        Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n");
    }

    /** Runs the CLI with the temp directory as the project (its config's directory), where outputs may go. */
    private OsirisCliTest.Result inProject(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve(".osiris.yaml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return OsirisCliTest.run(all);
    }

    private Path write(String name, String source) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, """
                # osiris-pipeline-v2
                name: top_movies
                extract:
                  - id: movies
                    source: duckdb
                    path: %s
                    query: SELECT * FROM movies
                transform:
                  - id: top
                    sql: SELECT title FROM movies WHERE rating > 8 ORDER BY rating DESC
                load:
                  - id: csv
                    to: csv
                    path: %s
                """.formatted(dir.resolve(source), dir.resolve("out/top.csv")));
        return file;
    }

    @Test
    void validateSaysValidWithExitCode0() {
        OsirisCliTest.Result r = inProject("validate", pipeline.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("valid: " + pipeline).contains("1 extract(s), 1 transform(s), 1 load(s)");
    }

    @Test
    void validateListsEveryProblemWithFileLineAndPathAndExitCode2() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                # osiris-pipeline-v2
                name: Bad
                extract:
                  - id: movies
                    source: duckdb
                    query: DELETE FROM movies
                load:
                  - id: out
                    to: csv
                """);
        OsirisCliTest.Result r = inProject("validate", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).contains(
                bad + ":2: name: 'Bad' is not a valid name: use lowercase letters, digits and _ ([a-z0-9_]+)",
                bad + ":6: extract[0].query: refused SQL: only SELECT, WITH ... SELECT or VALUES may extract, not DELETE",
                bad + ":8: load[0]: a csv load needs 'path', the file to write",
                "3 problems");
    }

    @Test
    void validateWithoutAFileOrAConfigSaysWhatToDo() {
        OsirisCliTest.Result r = OsirisCliTest.run("validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("osiris init").contains("osiris validate FILE");
    }

    @Test
    void runWritesTheFilesAndReportsOnStderr() throws Exception {
        OsirisCliTest.Result r = inProject("run", pipeline.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("out/top.csv"))).isEqualTo("title\nAlien\nHeat\n");
        assertThat(r.err()).contains("ran top_movies").contains("csv").contains("2 rows");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void withoutATerminalRunProgressIsPlainLinesBeforeTheReport() {
        OsirisCliTest.Result r = inProject("run", pipeline.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().lines()).startsWith("  extract movies ...", "  transform top ...", "  load csv ...");
        assertThat(r.err()).doesNotContain("\r", "\u001B");
    }

    @Test
    void verboseAddsALineForEachFinishedStep() {
        OsirisCliTest.Result r = inProject("--verbose", "run", pipeline.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("  done extract movies: 3 rows in ", "  done load csv: 2 rows in ");
    }

    @Test
    void quietRunsWithoutProgressOrReport() throws Exception {
        OsirisCliTest.Result r = inProject("--quiet", "run", pipeline.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(Files.readString(dir.resolve("out/top.csv"))).isEqualTo("title\nAlien\nHeat\n");
    }

    @Test
    void runJsonPrintsAReportThatParses() throws Exception {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("pipeline").asText()).isEqualTo("top_movies");
        assertThat(report.get("steps")).hasSize(3);
        assertThat(report.get("steps").get(2).get("rows").asLong()).isEqualTo(2);
        assertThat(report.get("steps").get(0).get("columns").toString()).isEqualTo("[\"movie_id\",\"title\",\"rating\"]");
    }

    @Test
    void dryRunPrintsThePlanAndWritesNothing() {
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("plan for top_movies").contains("transform top").contains("[title]");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aMissingSourceFileIsARuntimeFailureWithExitCode1() throws Exception {
        Path missing = write("missing.yaml", "nowhere.duckdb");
        OsirisCliTest.Result r = inProject("run", missing.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nowhere.duckdb does not exist");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void anInvalidPipelineDoesNotRunAndExitsWith2() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(pipeline).replace("name: top_movies", "name: Top"));
        OsirisCliTest.Result r = inProject("run", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":2: name:");
    }

    @Test
    void aMissingConfigNamedByOptionIsAConfigurationError() {
        OsirisCliTest.Result r = OsirisCliTest.run("--config", dir.resolve("none.yaml").toString(), "run",
                pipeline.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("none.yaml").contains("does not exist");
    }

    @Test
    void schemaPrintsTheJsonSchema() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("schema");
        assertThat(r.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(r.out()).get("title").asText()).contains("osiris-pipeline-v2");
    }

    @Test
    void aLoadOutsideTheProjectOrOverThePipelineIsInvalidWithItsLineAndNothingRuns() throws Exception {
        Path bad = dir.resolve("escape.yaml");
        String text = """
                # osiris-pipeline-v2
                name: escape
                extract:
                  - id: movies
                    source: duckdb
                    path: %s
                    query: SELECT * FROM movies
                load:
                  - id: out
                    to: csv
                    path: %s/../escaped.csv
                  - id: self
                    to: csv
                    path: %s
                """.formatted(dir.resolve("movies.duckdb"), dir, bad);
        Files.writeString(bad, text);
        OsirisCliTest.Result validate = inProject("validate", bad.toString());
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err()).contains(bad + ":11: load[0].path: '" + dir + "/../escaped.csv' is outside the project")
                .contains(bad + ":14: load[1].path: '" + bad + "' is this pipeline's own file");
        OsirisCliTest.Result run = inProject("run", bad.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(dir.resolveSibling("escaped.csv")).doesNotExist();
        assertThat(Files.readString(bad)).isEqualTo(text);
    }

    /** The library speaks of the config; the command adds how to name a config file on the command line. */
    @Test
    void aMissingConnectionWithNoConfigFileSaysHowToNameOne() throws Exception {
        Path file = Files.writeString(dir.resolve("remote.yaml"), """
                # osiris-pipeline-v2
                name: remote
                extract:
                  - id: movies
                    source: mysql
                    query: SELECT 1 AS x
                load:
                  - id: save
                    to: csv
                    path: output/remote.csv
                """);
        OsirisCliTest.Result r = OsirisCliTest.run("run", file.toString(), "--dry-run");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("No connection 'default' for 'mysql' (no config file was read)",
                "Pass --config FILE or set OSIRIS_CONFIG.");
    }
}
