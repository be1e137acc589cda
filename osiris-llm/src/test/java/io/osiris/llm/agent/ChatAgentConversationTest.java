package io.osiris.llm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.core.runner.RunReport;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import io.osiris.llm.testing.WireFormat.SentToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole conversations on the movies database, with the real openai-java and anthropic-java
 * clients talking to a scripted server: what the model asks, the tools answer from the live
 * database, and the answers travel back in the next request.
 */
class ChatAgentConversationTest {
    static final String DUVERNAY_SQL = "SELECT d.name, d.birth_year, d.awards, m.title, m.release_year "
            + "FROM directors d JOIN movies m ON m.director_id = d.director_id "
            + "WHERE d.name = 'Ava DuVernay' ORDER BY m.release_year";

    static final String TOP_RATED_YAML = """
            # osiris-pipeline-v2
            name: top_rated_movies
            version: 1.0
            description: Movies whose reviews average above 8.0, best first
            extract:
              - id: rated
                source: duckdb
                connection: default
                query: |
                  SELECT m.title, m.release_year, CAST(AVG(r.rating) AS DECIMAL(10,2)) AS avg_rating
                  FROM movies m JOIN reviews r ON r.movie_id = m.movie_id
                  GROUP BY m.title, m.release_year
                  HAVING AVG(r.rating) > 8.0
            transform:
              - id: ranked
                engine: duckdb
                sql: |
                  SELECT * FROM rated ORDER BY avg_rating DESC, title
            load:
              - id: save_csv
                from: ranked
                to: csv
                path: output/top_rated_movies.csv
            """;

    static final String WRONG_COLUMN_YAML = TOP_RATED_YAML.replace(
            "SELECT m.title, m.release_year, CAST(AVG(r.rating) AS DECIMAL(10,2)) AS avg_rating",
            "SELECT m.title, m.release_year, CAST(AVG(m.rating) AS DECIMAL(10,2)) AS avg_rating");

    /** Checked independently: the same averages computed by SQLite from the seed script. */
    static final String EXPECTED_CSV = """
            title,release_year,avg_rating
            The Dark Knight,2008,8.80
            Spirited Away,2001,8.78
            Princess Mononoke,1997,8.70
            Pulp Fiction,1994,8.64
            Django Unchained,2012,8.63
            Parasite,2019,8.56
            Inception,2010,8.50
            Interstellar,2014,8.42
            13th,2016,8.40
            Memento,2000,8.40
            Oppenheimer,2023,8.40
            Inglourious Basterds,2009,8.20
            Little Women,2019,8.13
            Memories of Murder,2003,8.10
            Blade Runner 2049,2017,8.07
            Arrival,2016,8.04
            My Neighbor Totoro,1988,8.02
            Selma,2014,8.02
            """;

    @TempDir
    Path dir;

    static ToolCall call(String id, String name, String json) {
        return new ToolCall(id, name, json);
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static String propose(String yaml, String summary) {
        return JSON.createObjectNode().put("pipeline_yaml", yaml).put("summary", summary).toString();
    }

    static String preview(String sql) {
        return JSON.createObjectNode().put("sql", sql).toString();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aWholeConversationFromAQuestionToAnApprovedRun(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            AgentSession session = AgentSession.create(h.state);
            ChatAgent agent = h.agent(session, AgentOptions.DEFAULT).build();

            // Turn 1: a question answered from what the tools returned.
            h.replyTools(call("c1", "describe_table", "{\"table\":\"directors\"}"));
            h.replyTools(call("c2", "preview_query", preview(DUVERNAY_SQL)));
            h.replyText("Ava DuVernay was born in 1972 and has won 8 awards; she directed Selma (2014).");
            TurnResult first = agent.send("Tell me about director Ava DuVernay");

            assertThat(first.text()).contains("1972", "8 awards", "Selma (2014)");
            assertThat(first.proposed()).isEmpty();
            assertThat(first.modelCalls()).isEqualTo(3);

            SentToolResult described = h.result(1, "c1");
            assertThat(described.isError()).isFalse();
            JsonNode table = described.json();
            assertThat(table.path("table").asText()).isEqualTo("directors");
            assertThat(table.path("primary_key").get(0).asText()).isEqualTo("director_id");
            assertThat(names(table.path("columns"))).containsExactly("director_id", "name", "birth_year",
                    "nationality", "awards");
            JsonNode ava = StreamSupport.stream(table.path("sample_rows").spliterator(), false)
                    .filter(r -> r.path("name").asText().equals("Ava DuVernay")).findFirst().orElseThrow();
            assertThat(ava.path("birth_year").asInt()).isEqualTo(1972);
            assertThat(ava.path("awards").asInt()).isEqualTo(8);

            JsonNode preview = h.result(2, "c2").json();
            assertThat(names(preview.path("columns"))).containsExactly("name", "birth_year", "awards", "title",
                    "release_year");
            JsonNode firstFilm = preview.path("rows").get(0);
            assertThat(firstFilm.path("birth_year").asInt()).isEqualTo(1972);
            assertThat(firstFilm.path("awards").asInt()).isEqualTo(8);
            assertThat(firstFilm.path("title").asText()).isEqualTo("Selma");
            assertThat(firstFilm.path("release_year").asInt()).isEqualTo(2014);

            // The system prompt lists the tables as JSON strings, the ones the question names first.
            String system = wire.system(h.sent(0));
            assertThat(system).contains("duckdb.default", "- \"directors\"", "\"movies\"", "\"movie_actors\"",
                    "\"reviews\"", "\"actors\"");
            assertThat(system).doesNotContain(h.database.toString());

            // Turn 2: a request that ends in a valid proposal, approved and run.
            h.replyTools(call("c3", "propose_pipeline", propose(TOP_RATED_YAML, "Movies rated above 8.0 to CSV.")));
            h.replyText("I proposed top_rated_movies: movies whose reviews average above 8.0, saved as CSV.");
            TurnResult second = agent.send("Export movies rated above 8.0 to CSV");

            JsonNode verdict = h.result(4, "c3").json();
            assertThat(verdict.path("valid").asBoolean()).isTrue();
            assertThat(verdict.path("errors")).isEmpty();
            // The second turn's request carried the whole first turn.
            assertThat(wire.userTexts(h.sent(3))).containsExactly("Tell me about director Ava DuVernay",
                    "Export movies rated above 8.0 to CSV");

            Proposal proposal = second.proposed().orElseThrow();
            assertThat(proposal.file()).isEqualTo(Path.of("output", "top_rated_movies.yaml").toString());
            assertThat(Files.readString(dir.resolve(proposal.file()))).isEqualTo(TOP_RATED_YAML);
            assertThat(proposal.previews()).singleElement().satisfies(p -> {
                assertThat(p.sql()).startsWith("SELECT m.title");
                assertThat(p.columns()).containsExactly("title", "release_year", "avg_rating");
                assertThat(p.rows()).isNotEmpty();
            });
            assertThat(agent.pending()).contains(proposal);
            assertThat(Files.exists(dir.resolve("output/top_rated_movies.csv"))).isFalse();

            RunReport report = agent.approve();

            assertThat(report.pipeline()).isEqualTo("top_rated_movies");
            assertThat(Files.readString(dir.resolve("output/top_rated_movies.csv"))).isEqualTo(EXPECTED_CSV);
            assertThat(agent.pending()).isEmpty();
            // Three tool-call answers (100 in, 20 out) and two text answers (120 in, 30 out).
            assertThat(session.usage()).isEqualTo(new TokenUsage(3 * 100 + 2 * 120, 3 * 20 + 2 * 30));
            assertThat(session.modelCalls()).isEqualTo(5);
            assertThat(h.server.requests()).hasSize(5);
        }
    }

    static List<String> names(JsonNode columns) {
        return StreamSupport.stream(columns.spliterator(), false).map(c -> c.path("name").asText()).toList();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aProposalWithAWrongColumnIsCorrectedAfterTheErrorsGoBack(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.replyTools(call("p1", "propose_pipeline", propose(WRONG_COLUMN_YAML, "first try")));
            h.replyTools(call("p2", "propose_pipeline", propose(TOP_RATED_YAML, "second try")));
            h.replyText("Fixed: the rating is in reviews.");

            TurnResult turn = agent.send("Export movies rated above 8.0 to CSV");

            SentToolResult refused = h.result(1, "p1");
            assertThat(refused.json().path("valid").asBoolean()).isFalse();
            assertThat(refused.json().path("errors").get(0).asText()).contains("rating");
            assertThat(refused.json().path("attempts_left").asInt()).isEqualTo(2);
            if (wire == WireFormat.ANTHROPIC) {
                assertThat(refused.isError()).isTrue();
            }
            assertThat(h.result(2, "p2").json().path("valid").asBoolean()).isTrue();
            assertThat(turn.proposed()).map(Proposal::summary).contains("second try");
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void parallelToolCallsAreEachAnsweredInTheNextRequest(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.replyTools(call("a", "describe_table", "{\"table\":\"movies\"}"),
                    call("b", "describe_table", "{\"table\":\"reviews\"}"),
                    call("c", "list_tables", "{}"));
            h.replyText("Movies join reviews on movie_id.");

            agent.send("How do movies relate to reviews?");

            List<SentToolResult> results = wire.toolResults(h.sent(1));
            assertThat(results).extracting(SentToolResult::toolCallId).containsExactly("a", "b", "c");
            assertThat(results.get(0).json().path("table").asText()).isEqualTo("movies");
            assertThat(results.get(1).json().path("foreign_keys").get(0).path("references").asText())
                    .isEqualTo("movies(movie_id)");
            assertThat(results.get(2).json().path("tables")).hasSize(5);
            assertThat(agent.session().describedTables()).containsExactly("movies", "reviews");
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void malformedArgumentsAreAnsweredWithErrorsTheModelCanActOn(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            if (wire == WireFormat.OPENAI) {
                // Only the Chat Completions format carries arguments as text that can be broken JSON.
                h.replyTools(call("j", "describe_table", "{\"table\": \"movies\""));
            } else {
                h.replyTools(call("j", "describe_table", "{\"table\":7}"));
            }
            h.replyTools(call("m", "describe_table", "{}"),
                    call("w", "sample_rows", "{\"table\":\"movies\",\"limit\":\"ten\"}"),
                    call("l", "sample_rows", "{\"table\":\"movies\",\"limit\":50}"),
                    call("u", "drop_table", "{\"table\":\"movies\"}"),
                    call("t", "describe_table", "{\"table\":\"no_such_table\"}"),
                    call("x", "preview_query", "{\"sql\":\"DELETE FROM movies\"}"));
            h.replyText("Sorry, let me try again.");

            TurnResult turn = agent.send("Describe movies");

            assertThat(turn.text()).isEqualTo("Sorry, let me try again.");
            String first = h.result(1, "j").json().path("error").asText();
            assertThat(first).containsAnyOf("not valid JSON", "must be a string");
            assertThat(h.result(2, "m").json().path("error").asText()).contains("Missing required argument 'table'");
            assertThat(h.result(2, "w").json().path("error").asText()).contains("'limit' must be an integer");
            assertThat(h.result(2, "l").json().path("error").asText()).contains("10, 100 or 1000");
            assertThat(h.result(2, "u").json().path("error").asText())
                    .contains("no tool 'drop_table'", "list_tables", "propose_pipeline");
            assertThat(h.result(2, "t").json().path("error").asText()).contains("no_such_table");
            assertThat(h.result(2, "x").json().path("error").asText()).startsWith("Refused SQL");
            if (wire == WireFormat.ANTHROPIC) {
                assertThat(wire.toolResults(h.sent(2))).allMatch(SentToolResult::isError);
            }
            // The movies table is untouched.
            assertThat(h.connector.discovery().listTables()).hasSize(5);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aRateLimitIsRetriedInsideTheTurn(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.server.enqueue(wire.chatPath(), Reply.json(429, wire.errorReply("rate limited")).withHeader("Retry-After", "0"));
            h.replyText("There are five tables.");

            assertThat(agent.send("Which tables are there?").text()).isEqualTo("There are five tables.");
            assertThat(h.server.requests()).hasSize(2);
            assertThat(agent.session().messages()).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aTimeoutMovesTheTurnToTheFallbackModel(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            AgentSession session = AgentSession.create(h.state);
            ChatAgent agent = ChatAgent.builder()
                    .model(h.model("model-a", List.of("model-b"), Duration.ofMillis(500), 0)).session(session)
                    .source(new AgentSource("duckdb", "default", h.connector)).runner(h.runner)
                    .outputDirectory(dir.resolve("output")).workingDirectory(dir).build();
            h.server.enqueue(wire.chatPath(), Reply.json(200, wire.textReply("model-a", "too late", 1, 1))
                    .after(Duration.ofSeconds(3)));
            h.server.enqueue(wire.chatPath(), Reply.json(200,
                    wire.toolCallsReply("model-b", List.of(call("f1", "list_tables", "{}")), 50, 5)));
            h.server.enqueue(wire.chatPath(), Reply.json(200, wire.textReply("model-b", "Five tables.", 60, 6)));

            TurnResult turn = agent.send("Which tables are there?");

            assertThat(turn.text()).isEqualTo("Five tables.");
            assertThat(WireFormat.json(h.server.request(1).body()).path("model").asText()).isEqualTo("model-b");
            assertThat(session.usageByModel()).containsKey("model-b");
            assertThat(session.usage().outputTokens()).isEqualTo(11);
        }
    }
}
