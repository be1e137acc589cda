package io.osiris.cli;

import static io.osiris.cli.ChatCommandTest.EXPECTED_CSV;
import static io.osiris.cli.ChatCommandTest.JSON;
import static io.osiris.cli.ChatCommandTest.KEY;
import static io.osiris.cli.ChatCommandTest.SESSION;
import static io.osiris.cli.ChatCommandTest.TOP_RATED_YAML;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ToolCall;
import io.osiris.examples.MoviesDatabase;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approval binds to content: what a person approves is exactly the YAML shown, whatever happens to
 * the saved file, and the writes it makes are shown first. Real openai-java against a scripted server.
 */
class ChatApprovalTest {
    static final WireFormat WIRE = WireFormat.OPENAI;

    /** Same name as TOP_RATED_YAML, but it empties the movies table of the source. */
    static final String REPLACE_MOVIES_YAML = """
            # osiris-pipeline-v2
            name: top_rated_movies
            extract:
              - id: few
                source: duckdb
                connection: default
                query: SELECT * FROM scratch WHERE movie_id = 1
            load:
              - id: clobber
                from: few
                to: duckdb
                path: %s
                table: scratch
                mode: replace
            """;

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scratch AS SELECT * FROM movies");
        }
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
        config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  duckdb:
                    default:
                      path: %s
                    other:
                      path: %s
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: 1
                output:
                  directory: output
                """.formatted(dir.resolve("movies.duckdb"), dir.resolve("movies.duckdb"), WIRE.baseUrl(server)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OsirisCliTest.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString(), "chat", "--dir", dir.toString()));
        all.addAll(List.of(args));
        return OsirisCliTest.run(all.toArray(String[]::new));
    }

    private void propose(String yaml) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", List.of(new ToolCall("p",
                "propose_pipeline", JSON.createObjectNode().put("pipeline_yaml", yaml).put("summary", "harmless")
                        .toString())), 100, 20)));
        text("Proposed.");
    }

    private void text(String text) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", text, 120, 30)));
    }

    private static String sessionId(OsirisCliTest.Result r) {
        Matcher m = SESSION.matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        return m.group(1);
    }

    private long movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("movies.duckdb"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM scratch")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void twoSessionsProposingOneNameNeverOverwriteEachOtherAndApprovalRunsWhatWasShown() throws Exception {
        long before = movies();
        propose(TOP_RATED_YAML);
        OsirisCliTest.Result a = cli("--fast", "--source", "duckdb.default", "Export top movies to CSV");
        propose(REPLACE_MOVIES_YAML.formatted(dir.resolve("movies.duckdb")));
        OsirisCliTest.Result b = cli("--fast", "--source", "duckdb.default", "Something else");

        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(a.out()).contains("saved as output/top_rated_movies.yaml");
        assertThat(b.out()).contains("saved as output/top_rated_movies-2.yaml");
        assertThat(Files.readString(dir.resolve("output/top_rated_movies.yaml"))).isEqualTo(TOP_RATED_YAML);

        OsirisCliTest.Result approved = cli("approve", "--session", sessionId(a));

        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(Files.readString(dir.resolve("output/top_rated_movies.csv"))).isEqualTo(EXPECTED_CSV);
        assertThat(movies()).isEqualTo(before);
    }

    @Test
    void aHandEditAfterReviewIsRefusedWithTheChangeAndNothingRuns() throws Exception {
        propose(TOP_RATED_YAML);
        OsirisCliTest.Result proposed = cli("--fast", "--source", "duckdb.default", "Export top movies to CSV");
        Path saved = dir.resolve("output/top_rated_movies.yaml");
        Files.writeString(saved, Files.readString(saved).replace("HAVING AVG(r.rating) > 8.0", "HAVING AVG(r.rating) > 1"));

        OsirisCliTest.Result approved = cli("approve", "--session", sessionId(proposed));

        assertThat(approved.exitCode()).isEqualTo(2);
        assertThat(approved.err()).contains("output/top_rated_movies.yaml: changed since it was proposed and shown to you")
                .contains("-      HAVING AVG(r.rating) > 8.0").contains("+      HAVING AVG(r.rating) > 1")
                .contains("osiris run output/top_rated_movies.yaml");
        assertThat(dir.resolve("output/top_rated_movies.csv")).doesNotExist();
    }

    @Test
    void approvalShowsEveryWriteAndSaysWhenItEmptiesATableThePipelineReads() throws Exception {
        propose(REPLACE_MOVIES_YAML.formatted(dir.resolve("movies.duckdb")));
        OsirisCliTest.Result proposed = cli("--fast", "--source", "duckdb.default", "Keep one movie");

        assertThat(proposed.exitCode()).as(proposed.err()).isZero();
        assertThat(proposed.out()).contains("WRITES (1, 1 marked ! change data that is there now):")
                .containsPattern("! duckdb \\S+movies.duckdb table scratch  \\[replace\\]  EMPTIES the existing table"
                        + " \\(~\\d+ rows\\) and fills it anew; on a SOURCE connection; this pipeline READS it too");
        assertThat(movies()).isGreaterThan(1);

        OsirisCliTest.Result approved = cli("approve", "--session", sessionId(proposed));
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("WRITES (1").contains("EMPTIES the existing table");
        assertThat(movies()).isEqualTo(1);
    }

    @Test
    void aMessageThatStartsWithRejectIsAMessageAndRejectIsACommand() throws Exception {
        propose(TOP_RATED_YAML);
        OsirisCliTest.Result proposed = cli("--fast", "--source", "duckdb.default", "Export top movies to CSV");
        String id = sessionId(proposed);
        text("Happy to help.");

        OsirisCliTest.Result message = cli("--session", id, "reject the rows with nulls, if any");

        assertThat(message.exitCode()).as(message.err()).isZero();
        assertThat(WIRE.userTexts(WireFormat.json(server.request(2).body())))
                .endsWith("reject the rows with nulls, if any");
        assertThat(message.err()).contains("osiris> No pipeline proposed in this turn; nothing ran. Pipeline top_rated_movies still waits"
                + " for approval (output/top_rated_movies.yaml)");

        text("I will revise it.");
        OsirisCliTest.Result rejected = cli("reject", "only", "after", "2010", "--session", id);

        assertThat(rejected.exitCode()).as(rejected.err()).isZero();
        assertThat(WIRE.userTexts(WireFormat.json(server.request(3).body())).get(2))
                .startsWith("I reject the proposed pipeline top_rated_movies").contains("only after 2010");
        assertThat(rejected.err()).contains("osiris> No pipeline proposed; nothing ran.");
        assertThat(cli("approve", "--session", id).exitCode()).isEqualTo(2);
    }

    @Test
    void aContinuedSessionKeepsItsSourceWithoutAskingAgain() throws Exception {
        text("Hello.");
        OsirisCliTest.Result first = cli("--source", "duckdb.other", "hi");
        text("Again.");

        OsirisCliTest.Result second = cli("--session", sessionId(first), "and again");

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Again.");
    }

    @Test
    void aFailedCommandLeavesNoStateFileOrEmptySessionBehind() throws Exception {
        OsirisCliTest.Result badSource = cli("--source", "duckdb.nope", "hi");
        OsirisCliTest.Result noSession = cli("approve", "--session", "abc123");

        assertThat(badSource.exitCode()).isEqualTo(2);
        assertThat(noSession.exitCode()).isEqualTo(2);
        assertThat(noSession.err()).contains("No session 'abc123'");
        assertThat(dir.resolve(".osiris")).doesNotExist();

        server.enqueue(WIRE.chatPath(), Reply.json(401, "{\"error\":{\"message\":\"bad key\"}}"));
        OsirisCliTest.Result unauthorised = cli("--source", "duckdb.default", "hi");
        assertThat(unauthorised.exitCode()).as(unauthorised.err()).isNotZero();
        assertThat(dir.resolve(".osiris/state.db")).as(unauthorised.err()).doesNotExist();
        assertThat(dir.resolve(".osiris/state.db")).doesNotExist();
    }

    @Test
    void theKeyInDotEnvIsUsedWithoutTheConfigNamingIt() throws Exception {
        Files.writeString(config, Files.readString(config).replace("  api_key: ${OPENAI_API_KEY}\n", ""));
        text("Hello from the model.");

        OsirisCliTest.Result r = cli("--source", "duckdb.default", "hi");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Hello from the model.");
        assertThat(server.request(0).headers().values()).anyMatch(v -> v.contains(KEY));
    }

    @Test
    void withoutAnyKeyChatFallsBackToTheTemplatesAsPromised() throws Exception {
        Files.writeString(config, Files.readString(config).replace("  api_key: ${OPENAI_API_KEY}\n", "")
                .replace("  base_url: " + WIRE.baseUrl(server) + "\n", ""));
        Files.delete(dir.resolve(".env"));
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OPENAI_API_KEY") == null);

        OsirisCliTest.Result r = cli("--source", "duckdb.default", "--yes", "top 5 movies by rating");

        assertThat(r.err()).contains("The LLM cannot be used (llm.provider is openai but no API key is set: put"
                + " OPENAI_API_KEY in the environment or in .env").contains("matching your sentence against the templates");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void atThePromptOnlyTheSlashCommandRejects() throws Exception {
        propose(TOP_RATED_YAML);
        text("Noted.");
        text("Revising.");
        java.io.InputStream stdin = System.in;
        System.setIn(new java.io.ByteArrayInputStream(("Export top movies\nreject rows with nulls, if any\n"
                + "/reject only after 2010\n/show\n/exit\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        OsirisCliTest.Result r;
        try {
            r = cli("--source", "duckdb.default", "--interactive");
        } finally {
            System.setIn(stdin);
        }

        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> third = WIRE.userTexts(WireFormat.json(server.request(2).body()));
        assertThat(third.get(third.size() - 1)).isEqualTo("reject rows with nulls, if any");
        List<String> fourth = WIRE.userTexts(WireFormat.json(server.request(3).body()));
        assertThat(fourth.get(fourth.size() - 1)).startsWith("I reject the proposed pipeline top_rated_movies")
                .contains("only after 2010");
        assertThat(r.err()).contains("waits for approval (output/top_rated_movies.yaml): /approve to run it, or /reject REASON").contains("No pipeline is waiting.");
        assertThat(dir.resolve("output/top_rated_movies.csv")).doesNotExist();
    }
}
