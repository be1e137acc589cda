package io.osiris.llm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmSettings;
import io.osiris.api.llm.ToolCall;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.state.StateDatabase;
import io.osiris.llm.provider.RetryPolicy;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WideSchema;
import io.osiris.llm.testing.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema linking within the prompt budget on a generated 300-table, 20-column DuckDB file, through
 * the real openai-java client and a scripted server: the assertions are on the bytes it received.
 */
class SchemaLinkingAgentTest {
    static final WireFormat WIRE = WireFormat.OPENAI;
    static final String QUESTION = "List the award nominations of Ava DuVernay with the year";

    @TempDir
    static Path dir;
    static ConnectorRegistry registry;
    static Connector connector;
    static StateDatabase state;
    static PipelineRunner runner;

    ScriptedLlmServer server;
    ChatModel model;

    @BeforeAll
    static void schema() throws Exception {
        Path file = WideSchema.duckdb(dir.resolve("wide.duckdb"));
        registry = ConnectorRegistry.load();
        ConnectorConfig source = new ConnectorConfig("duckdb", "default", Map.of("path", file.toString()));
        connector = registry.provider("duckdb").open(source);
        state = StateDatabase.open(dir.resolve(".osiris/state.db"));
        OsirisConfig config = new OsirisConfig(Optional.empty(), 1, Map.of("duckdb", Map.of("default", source)),
                Map.of(), Map.of(), dir.resolve("output"));
        runner = PipelineRunner.builder().registry(registry).config(config).workingDirectory(dir).build();
    }

    @AfterAll
    static void close() {
        connector.close();
        state.close();
        registry.close();
    }

    @BeforeEach
    void start() {
        server = ScriptedLlmServer.start();
        model = WIRE.provider(Map.of(), RetryPolicy.withBaseDelay(Duration.ofMillis(5))).open(new LlmSettings(
                WIRE.providerId(), "model-a", List.of(), WIRE.baseUrl(server), "sk-test", Duration.ofSeconds(20),
                1024, 0));
    }

    @AfterEach
    void stop() {
        model.close();
        server.close();
    }

    private ChatAgent agent(AgentOptions options) {
        return ChatAgent.builder().model(model).session(AgentSession.create(state))
                .source(new AgentSource("duckdb", "default", connector)).runner(runner)
                .outputDirectory(dir.resolve("output")).workingDirectory(dir).options(options)
                .schemaCache(state.forNamespace(DiscoveryService.CACHE_NAMESPACE)).build();
    }

    private void replyTools(List<ToolCall> calls) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", calls, 100, 20)));
    }

    private void replyText(String text) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", text, 120, 30)));
    }

    private int bytes(int request) {
        return server.request(request).body().getBytes(StandardCharsets.UTF_8).length;
    }

    private JsonNode sent(int request) {
        return WireFormat.json(server.request(request).body());
    }

    @Test
    void everyRequestOfATurnFitsTheBudgetAndTheQuestionsTablesComeFirst() {
        ChatAgent agent = agent(AgentOptions.DEFAULT);
        List<ToolCall> describes = new ArrayList<>();
        List<String> names = WideSchema.tableNames();
        for (int i = 0; i < 20; i++) {
            describes.add(new ToolCall("d" + i, "describe_table", "{\"table\":\"" + names.get(5 + i * 14) + "\"}"));
        }
        replyTools(describes);
        replyText("Ava DuVernay was nominated for a Golden Globe in 2015.");
        replyText("Best Director.");

        agent.send(QUESTION);
        agent.send("Which category was it?");

        long budget = 8000L * TokenBudget.BYTES_PER_TOKEN;
        System.out.printf("wide schema request bytes: first %d, after 20 describes %d, next turn %d (budget %d)%n",
                bytes(0), bytes(1), bytes(2), budget);
        assertThat(bytes(0)).isLessThanOrEqualTo((int) budget);
        String system = WIRE.system(sent(0));
        String tables = system.substring(system.indexOf("Its tables"), system.indexOf("How to work"));
        assertThat(tables).contains("300 in all; the ").contains("list_tables (with search or offset)");
        List<String> lines = tables.lines().filter(l -> l.startsWith("- ")).toList();
        assertThat(lines.get(0)).startsWith("- \"" + WideSchema.NOMINATIONS + "\"").contains("\"award\"", "\"year\"");
        assertThat(lines.get(1)).startsWith("- \"" + WideSchema.PEOPLE + "\"")
                .contains("values \"name\" = \"Ava DuVernay\"");
        assertThat(lines.size()).isBetween(10, 200);

        // 20 describe_table results (about 4 KB each) answer 20 calls, cut to fit.
        assertThat(bytes(1)).isLessThanOrEqualTo((int) budget);
        assertThat(WIRE.toolResults(sent(1))).hasSize(20).allSatisfy(r -> assertThat(r.content()).isNotBlank());
        assertThat(WIRE.toolResults(sent(1)).get(0).content()).contains("cut to fit the prompt budget");

        // The next turn carries the history, compacted, and still fits.
        assertThat(bytes(2)).isLessThanOrEqualTo((int) budget);
        assertThat(WIRE.userTexts(sent(2))).containsExactly(QUESTION, "Which category was it?");
        assertThat(WIRE.toolResults(sent(2))).hasSize(20);
    }

    @Test
    void aSmallerBudgetListsFewerTablesAndStillFits() {
        ChatAgent agent = agent(AgentOptions.DEFAULT.withPromptBudgetTokens(4000));
        replyText("Noted.");
        agent.send(QUESTION);
        assertThat(bytes(0)).isLessThanOrEqualTo(4000 * TokenBudget.BYTES_PER_TOKEN);
        assertThat(WIRE.system(sent(0))).contains("- \"" + WideSchema.NOMINATIONS + "\"");
    }

    @Test
    void findValuesAndListTablesSearchPointAtTheRightTableAndColumn() {
        ChatAgent agent = agent(AgentOptions.DEFAULT);
        replyTools(List.of(new ToolCall("v", "find_values", "{\"value\":\"ava duvernay\"}"),
                new ToolCall("s", "list_tables", "{\"search\":\"award nominations\"}"),
                new ToolCall("p", "list_tables", "{\"offset\":290}"),
                new ToolCall("a", "list_tables", "{}")));
        replyText("Found her.");

        agent.send("Who is she?");

        JsonNode values = result(1, "v");
        assertThat(values.path("matches")).hasSize(1);
        assertThat(values.path("matches").get(0).path("table").asText()).isEqualTo(WideSchema.PEOPLE);
        assertThat(values.path("matches").get(0).path("column").asText()).isEqualTo("name");
        assertThat(values.path("matches").get(0).path("value").asText()).isEqualTo(WideSchema.PERSON);
        JsonNode search = result(1, "s");
        assertThat(search.path("tables").get(0).path("name").asText()).isEqualTo(WideSchema.NOMINATIONS);
        assertThat(search.path("tables").get(0).path("matching_columns").toString()).contains("award");
        JsonNode page = result(1, "p");
        assertThat(page.path("tables")).hasSize(10);
        assertThat(page.path("total").asInt()).isEqualTo(300);
        assertThat(page.has("next_offset")).isFalse();
        JsonNode first = result(1, "a");
        assertThat(first.path("tables")).hasSize(100);
        assertThat(first.path("next_offset").asInt()).isEqualTo(100);
    }

    private JsonNode result(int request, String id) {
        return WIRE.toolResults(sent(request)).stream().filter(r -> r.toolCallId().equals(id)).findFirst()
                .orElseThrow().json();
    }
}
