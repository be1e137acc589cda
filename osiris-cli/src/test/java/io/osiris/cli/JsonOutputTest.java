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

/** {@code --json}: one document on stdout on success, one error object on stdout on failure, the human text on stderr. */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path config;
    Path pipeline;

    @BeforeEach
    void project() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3))"
                    + " AS t(movie_id, title, rating)");
        }
        config = Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n");
        pipeline = Files.writeString(dir.resolve("top.yaml"), """
                # osiris-pipeline-v2
                name: top_movies
                extract:
                  - id: movies
                    source: duckdb
                    path: %s
                    query: SELECT * FROM movies
                load:
                  - id: csv
                    to: csv
                    path: %s
                """.formatted(dir.resolve("movies.duckdb"), dir.resolve("out/top.csv")));
    }

    private OsirisCliTest.Result inProject(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return OsirisCliTest.run(all);
    }

    private static JsonNode error(OsirisCliTest.Result r) throws Exception {
        JsonNode document = JSON.readTree(r.out());
        assertThat(document.fieldNames()).toIterable().containsExactly("error");
        return document.get("error");
    }

    @Test
    void validateJsonDescribesAValidPipeline() throws Exception {
        OsirisCliTest.Result r = inProject("validate", pipeline.toString(), "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode valid = JSON.readTree(r.out());
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("pipeline").asText()).isEqualTo("top_movies");
        assertThat(valid.get("extracts").asInt()).isEqualTo(1);
        assertThat(valid.get("loads").asInt()).isEqualTo(1);
    }

    @Test
    void anInvalidPipelineIsAnErrorObjectWithEveryProblemsFileAndLineAndTheSameLinesOnStderr() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
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
        for (String command : new String[] {"validate", "run"}) {
            OsirisCliTest.Result r = inProject(command, bad.toString(), "--json");

            assertThat(r.exitCode()).as(command).isEqualTo(2);
            JsonNode error = error(r);
            assertThat(error.get("kind").asText()).isEqualTo("validation");
            assertThat(error.get("exit_code").asInt()).isEqualTo(2);
            assertThat(error.get("file").asText()).isEqualTo(bad.toString());
            assertThat(error.get("line").asInt()).isEqualTo(2);
            assertThat(error.get("path").asText()).isEqualTo("name");
            assertThat(error.get("problems")).hasSize(3);
            assertThat(error.get("problems").get(1).get("line").asInt()).isEqualTo(6);
            assertThat(error.get("problems").get(1).get("message").asText()).startsWith("refused SQL");
            assertThat(r.err()).contains(bad + ":6: extract[0].query: refused SQL");
        }
        assertThat(inProject("run", bad.toString(), "--json").err()).contains("the pipeline is invalid; nothing ran.");
        assertThat(inProject("validate", bad.toString(), "--json").err().lines()).contains("3 problems");
    }

    @Test
    void withoutJsonAFailureLeavesStdoutEmpty() {
        OsirisCliTest.Result r = inProject("run", dir.resolve("missing.yaml").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("missing.yaml");
    }

    @Test
    void aRuntimeFailureIsAnErrorObjectWithExitCode1() throws Exception {
        Files.delete(dir.resolve("movies.duckdb"));
        OsirisCliTest.Result r = inProject("run", pipeline.toString(), "--json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode error = error(r);
        assertThat(error.get("kind").asText()).isIn("connection", "execution");
        assertThat(error.get("exit_code").asInt()).isEqualTo(1);
        assertThat(error.get("message").asText()).contains("movies.duckdb does not exist");
        assertThat(error.has("problems")).isFalse();
        assertThat(r.err()).contains("osiris: ").contains("movies.duckdb does not exist");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aRefusedCommandLineIsAUsageErrorObject() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("validate", "--json", "--no-such-option");

        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode error = error(r);
        assertThat(error.get("kind").asText()).isEqualTo("usage");
        assertThat(error.get("message").asText()).contains("--no-such-option");
        assertThat(r.err()).contains("--no-such-option");
    }

    @Test
    void aMissingConfigNamedOnTheCommandLineIsAConfigurationErrorObject() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("--config", dir.resolve("none.yaml").toString(), "validate",
                "--json");

        assertThat(r.exitCode()).isEqualTo(2);
        JsonNode error = error(r);
        assertThat(error.get("kind").asText()).isEqualTo("configuration");
        assertThat(error.get("message").asText()).contains("none.yaml");
    }

    @Test
    void validateJsonWithoutAFileChecksTheConfig() throws Exception {
        OsirisCliTest.Result r = inProject("validate", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode valid = JSON.readTree(r.out());
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("config").asText()).isEqualTo(config.toString());
        assertThat(valid.get("checks").findValuesAsText("name")).contains("llm", "discovery");
    }

    @Test
    void aConfigThatFailsItsCheckIsAnErrorObjectWithTheChecksAndNoSecret() throws Exception {
        Files.writeString(config, """
                version: 1
                connections:
                  mysql:
                    default:
                      host: 127.0.0.1
                      port: 1
                      database: nowhere
                      user: root
                      password: s3cr3t-never-shown
                """);
        OsirisCliTest.Result r = inProject("validate", "--json");

        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode error = error(r);
        assertThat(error.get("kind").asText()).isEqualTo("connection");
        assertThat(error.get("message").asText()).contains("mysql.default");
        JsonNode mysql = error.get("checks").get(0);
        assertThat(mysql.get("name").asText()).isEqualTo("mysql.default");
        assertThat(mysql.get("status").asText()).isEqualTo("failed");
        assertThat(r.out() + r.err()).doesNotContain("s3cr3t-never-shown");
    }

    @Test
    void sessionsJsonListsNothingWithoutAStateFileAndAnUnknownSessionIsAnErrorObject() throws Exception {
        OsirisCliTest.Result list = inProject("sessions", "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(JSON.readTree(list.out()).isArray()).isTrue();
        assertThat(JSON.readTree(list.out())).isEmpty();

        OsirisCliTest.Result show = inProject("sessions", "show", "nope", "--json");
        assertThat(show.exitCode()).isEqualTo(2);
        assertThat(error(show).get("message").asText()).contains("no session 'nope'");

        OsirisCliTest.Result verb = inProject("sessions", "drop", "--json");
        assertThat(verb.exitCode()).isEqualTo(2);
        assertThat(error(verb).get("message").asText()).contains("unknown action 'drop'");
        assertThat(verb.err()).contains("unknown action 'drop'");
    }

    @Test
    void sessionsJsonListsAndShowsAStoredSession() throws Exception {
        String id;
        try (var db = io.osiris.core.state.StateDatabase.open(dir.resolve(".osiris/state.db"))) {
            var session = io.osiris.llm.agent.AgentSession.create(db);
            session.append(java.util.List.of(new io.osiris.api.llm.ChatMessage.User("top movies please")));
            id = session.id();
        }
        JsonNode list = JSON.readTree(inProject("sessions", "list", "--json").out());
        assertThat(list.findValuesAsText("id")).containsExactly(id);

        OsirisCliTest.Result show = inProject("sessions", "show", id, "--json");
        assertThat(show.exitCode()).as(show.err()).isZero();
        JsonNode session = JSON.readTree(show.out());
        assertThat(session.get("id").asText()).isEqualTo(id);
        assertThat(session.get("messages").get(0).get("role").asText()).isEqualTo("user");
        assertThat(session.get("messages").get(0).get("text").asText()).isEqualTo("top movies please");
    }

    @Test
    void templatesAndConnectorsPrintOneDocument() throws Exception {
        JsonNode templates = JSON.readTree(OsirisCliTest.run("templates", "--json").out());
        assertThat(templates.findValuesAsText("name")).contains("top_n");
        JsonNode connectors = JSON.readTree(OsirisCliTest.run("connectors", "--json").out());
        assertThat(connectors.findValuesAsText("type")).contains("duckdb", "mysql");
    }

    @Test
    void discoverJsonWithAWrongRowCountIsAnErrorObject() throws Exception {
        OsirisCliTest.Result r = inProject("discover", "movies", "--source", "duckdb:" + dir.resolve("movies.duckdb"),
                "--rows", "7", "--json");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(error(r).get("message").asText()).contains("--rows takes 10, 100 or 1000, not 7");
    }
}
