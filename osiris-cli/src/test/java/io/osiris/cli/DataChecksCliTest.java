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

/** {@code osiris run} with data checks: listed in the report and in {@code --json}; a failure exits 1, writing nothing. */
class DataChecksCliTest {
    @TempDir
    Path dir;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), "
                    + "(2, 'Brazil', 6.0)) AS t(movie_id, title, rating)");
        }
        Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n");
    }

    private Path pipeline(String checks) throws Exception {
        Path file = dir.resolve("checked.yaml");
        Files.writeString(file, """
                # osiris-pipeline-v2
                name: checked
                extract:
                  - id: movies
                    source: duckdb
                    path: %s
                    table: movies
                    checks:
                      - %s
                load:
                  - id: csv
                    to: csv
                    path: %s
                """.formatted(dir.resolve("movies.duckdb"), checks, dir.resolve("out/movies.csv")));
        return file;
    }

    private OsirisCliTest.Result inProject(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve(".osiris.yaml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return OsirisCliTest.run(all);
    }

    @Test
    void aFailingCheckExitsWith1NamingTheStepTheCheckAndAnExampleAndWritesNothing() throws Exception {
        OsirisCliTest.Result r = inProject("run", pipeline("unique: [movie_id]").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("extract 'movies' check unique(movie_id): 1 duplicate value, e.g. 2",
                "No load ran: every target is as it was.");
        assertThat(r.out()).isEmpty();
        assertThat(dir.resolve("out/movies.csv")).doesNotExist();
    }

    @Test
    void theReportAndItsJsonListEachCheckWithItsOutcome() throws Exception {
        OsirisCliTest.Result r = inProject("run", pipeline("row_count: {min: 3, max: 3}").toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("  check     extract 'movies' check row_count(min 3, max 3): passed (3 rows)");
        JsonNode checks = new ObjectMapper().readTree(r.out()).get("checks");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).get("step").asText()).isEqualTo("movies");
        assertThat(checks.get(0).get("check").asText()).isEqualTo("row_count(min 3, max 3)");
        assertThat(checks.get(0).get("passed").asBoolean()).isTrue();
        assertThat(checks.get(0).get("detail").asText()).isEqualTo("3 rows");
    }

    @Test
    void aDryRunPrintsTheChecksStepOfThePlan() throws Exception {
        OsirisCliTest.Result r = inProject("run", pipeline("not_null: [title]").toString(), "--dry-run");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("  check checks: checks-before-loads <- movies");
        assertThat(r.err()).contains("check not_null(title): passed (binds (dry run))");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
