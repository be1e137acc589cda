package io.osiris.llm.agent;

import static io.osiris.llm.agent.ChatAgentConversationTest.TOP_RATED_YAML;
import static io.osiris.llm.agent.ChatAgentConversationTest.call;
import static io.osiris.llm.agent.ChatAgentConversationTest.preview;
import static io.osiris.llm.agent.ChatAgentConversationTest.propose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.ValidationException;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.LlmSettings;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's bounds, privacy mode, sessions and secrets, over the Chat Completions wire format. */
class ChatAgentTest {
    @TempDir
    Path dir;

    private AgentHarness harness() throws Exception {
        return new AgentHarness(dir, WireFormat.OPENAI);
    }

    @Test
    void withSampleDataOffOnlySchemasReachTheModel() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT.withSampleData(false)).build();
            h.replyTools(call("d", "describe_table", "{\"table\":\"directors\"}"),
                    call("s", "sample_rows", "{\"table\":\"directors\",\"limit\":10}"),
                    call("q", "preview_query", preview("SELECT name, awards FROM directors")));
            h.replyText("I can see the schema only.");

            agent.send("What is in the directors table?");

            JsonNode described = h.result(1, "d").json();
            assertThat(described.path("columns")).hasSize(5);
            assertThat(described.path("sample_rows")).isEmpty();
            assertThat(described.path("sample_rows_note").asText()).contains("discovery.sample_data: false");
            assertThat(h.result(1, "s").json().path("error").asText()).contains("refused", "sample_data");
            JsonNode query = h.result(1, "q").json();
            assertThat(ChatAgentConversationTest.names(query.path("columns"))).containsExactly("name", "awards");
            assertThat(query.path("rows")).isEmpty();
            assertThat(WireFormat.OPENAI.system(h.sent(0))).contains("Privacy: sample data is switched off");
            for (var request : h.server.requests()) {
                assertThat(request.body()).doesNotContain("DuVernay", "Nolan");
            }
        }
    }

    @Test
    void largeSchemasAndResultsStayWithinTheBudget() throws Exception {
        try (AgentHarness h = harness()) {
            AgentOptions tight = AgentOptions.DEFAULT.withMaxTablesInPrompt(2).withMaxResultChars(2_000);
            ChatAgent agent = h.agent(AgentSession.create(h.state), tight).build();
            h.replyTools(call("r", "sample_rows", "{\"table\":\"reviews\",\"limit\":100}"));
            h.replyText("Many reviews.");

            agent.send("Show me reviews");

            String system = WireFormat.OPENAI.system(h.sent(0));
            assertThat(system).contains("- \"reviews\"", "- \"movies\"").doesNotContain("\"actors\"")
                    .contains("5 in all; the 2 most relevant to this request are listed, best first");
            String content = h.result(1, "r").content();
            assertThat(content.length()).isLessThanOrEqualTo(2_000);
            JsonNode rows = h.result(1, "r").json();
            assertThat(rows.path("truncated").asBoolean()).isTrue();
            assertThat(rows.path("note").asText()).startsWith("Showing " + rows.path("rows").size() + " of 100 rows");
            assertThat(rows.path("rows").get(0).has("rating")).isTrue();
        }
    }

    @Test
    void aTurnStopsAtItsTimeLimitAndSaysWhich() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state),
                    AgentOptions.DEFAULT.withTurnTimeout(java.time.Duration.ofNanos(1))).build();
            h.replyTools(call("1", "list_tables", "{}"));

            TurnResult turn = agent.send("Take your time");

            assertThat(turn.stoppedEarly()).isTrue();
            assertThat(turn.text()).contains("Stopped after 1 model calls without a final answer: the turn reached its"
                    + " time limit of 0ms (limits.turn_timeout)");
            assertThat(h.server.requests()).hasSize(1);
        }
    }

    @Test
    void aTurnStopsAfterTheToolRoundBound() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT.withMaxToolRounds(2)).build();
            h.replyTools(call("1", "list_tables", "{}"));
            h.replyTools(call("2", "list_tables", "{}"));

            TurnResult turn = agent.send("Loop forever");

            assertThat(turn.stoppedEarly()).isTrue();
            assertThat(turn.text()).contains("Stopped after 2 model calls");
            assertThat(h.server.requests()).hasSize(2);
            // The unanswered call is answered in the session, so the conversation can go on.
            List<ChatMessage> messages = agent.session().messages();
            assertThat(messages.get(messages.size() - 1)).isInstanceOfSatisfying(ChatMessage.ToolResult.class,
                    r -> assertThat(r.isError()).isTrue());
        }
    }

    @Test
    void afterThreeInvalidProposalsTheModelIsToldToStop() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            String broken = propose("name: x\n", "broken");
            h.replyTools(call("1", "propose_pipeline", broken));
            h.replyTools(call("2", "propose_pipeline", broken));
            h.replyTools(call("3", "propose_pipeline", broken));
            h.replyTools(call("4", "propose_pipeline", propose(TOP_RATED_YAML, "valid, but too late")));
            h.replyText("I cannot write this pipeline.");

            TurnResult turn = agent.send("Export something");

            assertThat(h.result(1, "1").json().path("errors").get(0).asText()).contains("osiris-pipeline-v2");
            assertThat(h.result(3, "3").json().path("attempts_left").asInt()).isZero();
            assertThat(h.result(4, "4").json().path("error").asText()).contains("stop proposing");
            assertThat(turn.proposed()).isEmpty();
            assertThat(Files.exists(dir.resolve("output/top_rated_movies.yaml"))).isFalse();
        }
    }

    @Test
    void aRejectionSendsTheReasonBackAndNothingRuns() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.replyTools(call("p", "propose_pipeline", propose(TOP_RATED_YAML, "top movies")));
            h.replyText("Proposed.");
            agent.send("Export movies rated above 8.0 to CSV");
            h.replyText("Understood, I will use Parquet.");

            TurnResult turn = agent.reject("I want Parquet, not CSV");

            assertThat(turn.text()).contains("Parquet");
            assertThat(WireFormat.OPENAI.userTexts(h.sent(2))).last().asString()
                    .contains("I reject the proposed pipeline top_rated_movies", "I want Parquet, not CSV");
            assertThat(agent.pending()).isEmpty();
            assertThat(Files.exists(dir.resolve("output/top_rated_movies.csv"))).isFalse();
            assertThatThrownBy(agent::approve).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("No pipeline is waiting");
        }
    }

    @Test
    void aSessionContinuesInANewAgentWithItsMessagesPendingPipelineAndUsage() throws Exception {
        String id;
        try (AgentHarness h = harness()) {
            AgentSession session = AgentSession.create(h.state);
            id = session.id();
            h.replyTools(call("d", "describe_table", "{\"table\":\"movies\"}"));
            h.replyTools(call("p", "propose_pipeline", propose(TOP_RATED_YAML, "top movies")));
            h.replyText("Proposed top_rated_movies.");
            h.agent(session, AgentOptions.DEFAULT).build().send("Export movies rated above 8.0 to CSV");
        }
        Files.delete(dir.resolve("movies.duckdb"));
        try (AgentHarness h = harness()) {
            AgentSession again = AgentSession.find(h.state, id).orElseThrow();
            ChatAgent agent = h.agent(again, AgentOptions.DEFAULT).build();
            assertThat(agent.pending()).map(Proposal::name).contains("top_rated_movies");
            h.replyText("It reads movies and reviews.");

            agent.send("What does it read?");

            JsonNode sent = h.sent(0);
            assertThat(WireFormat.OPENAI.userTexts(sent)).containsExactly("Export movies rated above 8.0 to CSV",
                    "What does it read?");
            assertThat(WireFormat.OPENAI.toolResults(sent)).hasSize(2);
            assertThat(WireFormat.OPENAI.system(sent)).contains("Already described earlier in this conversation: \"movies\"");
            assertThat(again.usage().inputTokens()).isEqualTo(100 + 100 + 120 + 120);
            assertThat(AgentSession.list(h.state)).extracting(SessionSummary::id).containsExactly(id);
            assertThat(AgentSession.list(h.state).get(0).title()).isEqualTo("Export movies rated above 8.0 to CSV");

            assertThat(AgentSession.clear(h.state, id)).isTrue();
            assertThat(AgentSession.find(h.state, id)).isEmpty();
            assertThat(h.state.namespaces()).doesNotContain(AgentSession.NAMESPACE_PREFIX + id);
        }
    }

    @Test
    void noSecretReachesTheModelTheSessionOrTheSavedPipeline() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            // A source that hands back a secret is masked on the way out.
            try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + h.database);
                    var st = c.createStatement()) {
                st.execute("CREATE TABLE notes AS SELECT '" + AgentHarness.KEY + "' AS leaked");
            }
            h.replyTools(call("q", "preview_query", preview("SELECT leaked FROM notes")),
                    call("p", "propose_pipeline", propose(TOP_RATED_YAML, "top movies")));
            h.replyText("Done.");

            agent.send("Export movies rated above 8.0 to CSV");

            assertThat(h.result(1, "q").json().path("rows").get(0).path("leaked").asText()).isIn("****", "<secret>");
            assertThat(h.server.request(0).header("Authorization")).contains(AgentHarness.KEY);
            for (var request : h.server.requests()) {
                assertThat(request.body()).doesNotContain(AgentHarness.KEY);
            }
        }
        // Everything Osiris wrote: the state file (sessions, schema cache) and the saved pipeline.
        try (Stream<Path> files = Stream.concat(Files.walk(dir.resolve(".osiris")), Files.walk(dir.resolve("output")))) {
            List<Path> written = files.filter(Files::isRegularFile).toList();
            assertThat(written).anyMatch(f -> f.getFileName().toString().equals("top_rated_movies.yaml"))
                    .anyMatch(f -> f.getFileName().toString().startsWith("state.db"));
            for (Path file : written) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bytes).as(file.toString()).doesNotContain(AgentHarness.KEY);
            }
        }
    }

    @Test
    void cancellingATurnLeavesTheSessionAsItWas() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.server.enqueue(WireFormat.OPENAI.chatPath(), Reply.json(200,
                    WireFormat.OPENAI.textReply("model-a", "slow", 1, 1)).after(Duration.ofMillis(1500)));
            CompletableFuture<TurnResult> turn = CompletableFuture.supplyAsync(() -> agent.send("Slow question"));
            // Cancelled while the model call is in flight: once the request reached the server (a
            // fixed pause lost the race to a client that took longer to build its first request).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (h.server.requests().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            agent.cancel();

            assertThatThrownBy(() -> turn.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TurnCancelledException.class);
            assertThat(agent.session().messages()).isEmpty();
            h.replyText("Fast answer.");
            assertThat(agent.send("Next question").text()).isEqualTo("Fast answer.");
            assertThat(agent.session().messages()).hasSize(2);
        }
    }

    @Test
    void sqlGivenByThePersonBecomesAProposalWithoutAModel() throws Exception {
        try (AgentHarness h = harness()) {
            AgentSource source = new AgentSource("duckdb", "default", h.connector);
            String sql = "SELECT title, release_year FROM movies WHERE release_year >= 2020 ORDER BY title;";
            String name = SqlDraft.nameFor(sql);
            PipelineProposals proposals = PipelineProposals.builder().runner(h.runner).sources(List.of(source))
                    .outputDirectory(Path.of("output")).workingDirectory(dir).build();

            Proposal proposal = proposals.propose(SqlDraft.yaml(name, source, sql, "output"), "SQL export");

            assertThat(proposal.name()).isEqualTo("movies_export");
            assertThat(proposal.previews().get(0).columns()).containsExactly("title", "release_year");
            assertThat(proposal.previews().get(0).rows()).isNotEmpty();
            assertThatThrownBy(() -> proposals.propose(SqlDraft.yaml("bad", source, "DELETE FROM movies", "output"), ""))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("DELETE");
        }
    }

    @Test
    void readsTheLlmSectionOfTheConfig() {
        LlmSettings settings = ChatModels.settings(Map.of("provider", "openai", "model", "gpt-5-mini",
                "fallback_models", "gpt-5, gpt-4.1", "timeout", "30s", "max_tokens", "2048"));
        assertThat(settings.fallbackModels()).containsExactly("gpt-5", "gpt-4.1");
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxTokens()).isEqualTo(2048);
        assertThat(settings.maxRetries()).isEqualTo(ChatModels.DEFAULT_MAX_RETRIES);
        assertThat(ChatModels.timeout("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ChatModels.timeout("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ChatModels.timeout("45")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> ChatModels.timeout("soon")).hasMessageContaining("llm.timeout");
    }

    @Test
    void theToolContractIsTheFiveToolsOfTheDesignThenFindValues() throws Exception {
        try (AgentHarness h = harness()) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            assertThat(agent.toolSpecs()).extracting(s -> s.name()).containsExactly("list_tables", "describe_table",
                    "sample_rows", "preview_query", "propose_pipeline", "find_values");
            JsonNode sample = WireFormat.json(agent.toolSpecs().get(2).parametersJsonSchema());
            assertThat(sample.path("required")).extracting(JsonNode::asText).containsExactly("table", "limit");
            assertThat(sample.path("properties").path("limit").path("enum")).extracting(JsonNode::asInt)
                    .containsExactly(10, 100, 1000);
        }
    }
}
