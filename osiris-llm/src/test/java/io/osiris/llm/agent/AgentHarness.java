package io.osiris.llm.agent;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmSettings;
import io.osiris.api.llm.ToolCall;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.state.StateDatabase;
import io.osiris.llm.provider.RetryPolicy;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real setting for agent tests: the movies database as a DuckDB file, the state file, a runner,
 * and a real provider SDK talking to a {@link ScriptedLlmServer} in one wire format.
 */
final class AgentHarness implements AutoCloseable {
    static final String KEY = "sk-test-AGENT-SECRET-4242";

    final Path dir;
    final WireFormat wire;
    final ScriptedLlmServer server = ScriptedLlmServer.start();
    final Path database;
    final OsirisConfig config;
    final ConnectorRegistry registry = ConnectorRegistry.load();
    final Connector connector;
    final StateDatabase state;
    final PipelineRunner runner;
    private final List<ChatModel> models = new ArrayList<>();

    AgentHarness(Path dir, WireFormat wire) throws Exception {
        this.dir = dir;
        this.wire = wire;
        this.database = createMovies(dir.resolve("movies.duckdb"));
        ConnectorConfig source = new ConnectorConfig("duckdb", "default", Map.of("path", database.toString()));
        this.config = new OsirisConfig(Optional.empty(), 1, Map.of("duckdb", Map.of("default", source)), Map.of(),
                Map.of(), dir.resolve("output"));
        this.connector = registry.provider("duckdb").open(source);
        this.state = StateDatabase.open(dir.resolve(".osiris/state.db"));
        this.runner = PipelineRunner.builder().registry(registry).config(config).workingDirectory(dir).build();
    }

    static Path createMovies(Path file) throws Exception {
        return io.osiris.llm.testing.MoviesFile.create(file);
    }

    ChatModel model(String name, List<String> fallbacks, Duration timeout, int retries) {
        LlmSettings settings = new LlmSettings(wire.providerId(), name, fallbacks, wire.baseUrl(server), KEY, timeout,
                1024, retries);
        ChatModel model = wire.provider(Map.of(), RetryPolicy.withBaseDelay(Duration.ofMillis(5))).open(settings);
        models.add(model);
        return model;
    }

    ChatModel model() {
        return model("model-a", List.of(), Duration.ofSeconds(20), 2);
    }

    ChatAgent.Builder agent(AgentSession session, AgentOptions options) {
        return ChatAgent.builder().model(model()).session(session)
                .source(new AgentSource("duckdb", "default", connector)).runner(runner)
                .outputDirectory(dir.resolve("output")).workingDirectory(dir).options(options)
                .schemaCache(state.forNamespace("schema-cache")).secrets(List.of(KEY));
    }

    void replyTools(ToolCall... calls) {
        server.enqueue(wire.chatPath(), Reply.json(200, wire.toolCallsReply("model-a", List.of(calls), 100, 20)));
    }

    void replyText(String text) {
        server.enqueue(wire.chatPath(), Reply.json(200, wire.textReply("model-a", text, 120, 30)));
    }

    com.fasterxml.jackson.databind.JsonNode sent(int index) {
        return WireFormat.json(server.request(index).body());
    }

    /** The tool results the request {@code index} carried that answer {@code callId}. */
    WireFormat.SentToolResult result(int index, String callId) {
        return wire.toolResults(sent(index)).stream().filter(r -> r.toolCallId().equals(callId)).findFirst()
                .orElseThrow(() -> new AssertionError("request " + index + " has no result for " + callId));
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        models.forEach(ChatModel::close);
        server.close();
        connector.close();
        state.close();
        registry.close();
    }
}
