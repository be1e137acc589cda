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

/** {@code osiris runs}: what {@code osiris run} recorded, as a table, a record and JSON. */
class RunsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void project() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), "
                    + "(3, 'Brazil', 6.0)) AS t(movie_id, title, rating)");
        }
        Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n");
        pipeline("picked.yaml", "picked", "SELECT title FROM movies");
        // Converting 'Alien' to a number fails in the transform, after the extract finished.
        pipeline("broken.yaml", "broken", "SELECT CAST(title AS INTEGER) AS n FROM movies");
    }

    private void pipeline(String file, String name, String transform) throws Exception {
        Files.writeString(dir.resolve(file), """
                # osiris-pipeline-v2
                name: %s
                vars:
                  min_rating: 8.0
                extract:
                  - id: movies
                    source: duckdb
                    path: %s
                    query: SELECT title FROM movies WHERE rating >= ${min_rating}
                transform:
                  - id: shaped
                    sql: %s
                load:
                  - id: csv
                    to: csv
                    path: %s
                """.formatted(name, dir.resolve("movies.duckdb"), transform, dir.resolve("out/" + name + ".csv")));
    }

    private OsirisCliTest.Result osiris(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = dir.resolve(".osiris.yaml").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return OsirisCliTest.run(all);
    }

    @Test
    void runsListsEachRunNewestFirstAsATable() {
        assertThat(osiris("run", dir.resolve("picked.yaml").toString()).exitCode()).isZero();
        assertThat(osiris("run", dir.resolve("picked.yaml").toString(), "--var", "min_rating=1").exitCode()).isZero();
        assertThat(osiris("run", dir.resolve("broken.yaml").toString()).exitCode()).isEqualTo(1);
        assertThat(osiris("run", dir.resolve("picked.yaml").toString(), "--dry-run").exitCode()).isZero();

        OsirisCliTest.Result r = osiris("runs");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[0]).matches("ID +PIPELINE +STARTED +DURATION +OUTCOME +ROWS");
        assertThat(lines[1]).startsWith("--");
        assertThat(lines).hasSize(5);
        assertThat(lines[2]).matches("[0-9a-z]{12}  broken +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ +[0-9.]+s +failed +0");
        assertThat(lines[3]).matches("[0-9a-z]{12}  picked .* succeeded +3");
        assertThat(lines[4]).matches("[0-9a-z]{12}  picked .* succeeded +2");
        assertThat(osiris("runs", "list", "--pipeline", "picked", "--limit", "1").out().strip().split("\n"))
                .hasSize(3);
        assertThat(osiris("runs", "list", "--pipeline", "nothing").out()).contains("No runs of nothing.");
    }

    @Test
    void listJsonIsAnArrayOfWholeRecords() throws Exception {
        osiris("run", dir.resolve("picked.yaml").toString(), "--var", "min_rating=8.4");

        OsirisCliTest.Result r = osiris("runs", "list", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode runs = JSON.readTree(r.out());
        assertThat(runs.isArray()).isTrue();
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.path("pipeline").asText()).isEqualTo("picked");
        assertThat(run.path("outcome").asText()).isEqualTo("succeeded");
        assertThat(run.path("file").asText()).isEqualTo(dir.resolve("picked.yaml").toString());
        assertThat(run.path("pipelineSha256").asText()).matches("[0-9a-f]{64}");
        assertThat(run.path("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(run.path("variables").path("min_rating").asText()).isEqualTo("8.4");
        assertThat(run.path("steps").findValuesAsText("id")).containsExactly("movies", "shaped", "csv");
        assertThat(run.path("steps").get(2).path("rows").asLong()).isEqualTo(1);
        assertThat(run.path("watermarks").isObject()).isTrue();
    }

    @Test
    void showPrintsTheWholeRecordByIdOrItsStart() throws Exception {
        osiris("run", dir.resolve("broken.yaml").toString());
        String id = JSON.readTree(osiris("runs", "--json").out()).get(0).path("id").asText();

        OsirisCliTest.Result r = osiris("runs", "show", id.substring(0, 10));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Run " + id + " of broken: failed", "sha256 ", "variables  min_rating=8.0",
                "error      ", "<value>", "extract   movies");
        assertThat(r.out()).doesNotContain("Alien");
        JsonNode json = JSON.readTree(osiris("runs", "show", id, "--json").out());
        assertThat(json.path("id").asText()).isEqualTo(id);
        assertThat(json.path("outcome").asText()).isEqualTo("failed");
        assertThat(json.path("error").asText()).contains("<value>");
    }

    @Test
    void anUnknownIdExitsWith2NamingIt() {
        osiris("run", dir.resolve("picked.yaml").toString());

        OsirisCliTest.Result r = osiris("runs", "show", "nosuchrun");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("No run 'nosuchrun'", "osiris runs lists them");
        assertThat(osiris("runs", "show").exitCode()).isEqualTo(2);
        assertThat(osiris("runs", "list", "--limit", "0").exitCode()).isEqualTo(2);
        assertThat(osiris("runs", "delete").exitCode()).isEqualTo(2);
    }

    @Test
    void withoutAStateFileThereAreNoRunsAndNoFileIsCreated() throws Exception {
        assertThat(osiris("runs").out()).contains("No runs.");
        assertThat(JSON.readTree(osiris("runs", "--json").out())).isEmpty();
        OsirisCliTest.Result show = osiris("runs", "show", "abc");
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(show.err()).contains("No run 'abc'");
        assertThat(dir.resolve(".osiris")).doesNotExist();
    }
}
