package io.osiris.llm.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.provider.RetryPolicy;
import io.osiris.llm.testing.LlmProviderContractTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code anthropic} provider against a scripted Messages API server. */
class AnthropicProviderTest extends LlmProviderContractTest {

    @Override
    protected LlmProvider provider(Map<String, String> env, RetryPolicy retryPolicy) {
        return new AnthropicProvider(env, retryPolicy);
    }

    @Override
    protected String keyVariable() {
        return "ANTHROPIC_API_KEY";
    }

    @Override
    protected String baseUrl() {
        return server.url("");
    }

    @Override
    protected String chatPath() {
        return "/v1/messages";
    }

    @Override
    protected String textReply(String model, String text, long inputTokens, long outputTokens) {
        ObjectNode root = message(model, "end_turn", inputTokens, outputTokens);
        ((ArrayNode) root.get("content")).addObject().put("type", "text").put("text", text);
        return root.toString();
    }

    @Override
    protected String toolCallsReply(String model, List<ToolCall> calls, long inputTokens, long outputTokens) {
        ObjectNode root = message(model, "tool_use", inputTokens, outputTokens);
        ArrayNode content = (ArrayNode) root.get("content");
        content.addObject().put("type", "text").put("text", "Let me look at the tables.");
        for (ToolCall call : calls) {
            content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                    .set("input", json(call.argumentsJson()));
        }
        return root.toString();
    }

    private static ObjectNode message(String model, String stopReason, long in, long out) {
        ObjectNode root = JSON.createObjectNode()
                .put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", model);
        root.putArray("content");
        root.put("stop_reason", stopReason);
        root.putNull("stop_sequence");
        root.putObject("usage").put("input_tokens", in).put("output_tokens", out);
        return root;
    }

    @Override
    protected String errorReply(String message) {
        ObjectNode root = JSON.createObjectNode().put("type", "error");
        root.putObject("error").put("type", "api_error").put("message", message);
        return root.toString();
    }

    @Override
    protected void assertFollowUpSent(JsonNode body) {
        assertThat(body.path("system").asText()).isEqualTo(SYSTEM);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);

        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");

        JsonNode assistant = messages.get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        JsonNode uses = assistant.path("content");
        assertThat(uses).hasSize(2); // no empty text block: the API refuses those
        assertThat(uses.get(0).path("type").asText()).isEqualTo("tool_use");
        assertThat(uses.get(0).path("id").asText()).isEqualTo("call_1");
        assertThat(uses.get(0).path("name").asText()).isEqualTo("describe_table");
        assertThat(uses.get(0).path("input")).isEqualTo(json(CALL_1.argumentsJson()));
        assertThat(uses.get(1).path("input")).isEqualTo(json(CALL_2.argumentsJson()));

        // Both results answer one assistant turn, so they travel in one user message.
        JsonNode results = messages.get(2);
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("content")).hasSize(2);
        assertThat(results.path("content").get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(results.path("content").get(0).path("tool_use_id").asText()).isEqualTo("call_1");
        assertThat(results.path("content").get(0).path("content").asText()).isEqualTo("{\"columns\":[\"movie_id\",\"title\"]}");
        assertThat(results.path("content").get(0).path("is_error").asBoolean()).isFalse();
        assertThat(results.path("content").get(1).path("tool_use_id").asText()).isEqualTo("call_2");
        assertThat(results.path("content").get(1).path("is_error").asBoolean()).isTrue();

        JsonNode tools = body.path("tools");
        assertThat(tools).hasSize(2);
        assertThat(tools.get(0).path("name").asText()).isEqualTo("describe_table");
        assertThat(tools.get(0).path("description").asText()).isEqualTo("Describe one table.");
        assertThat(tools.get(0).path("input_schema")).isEqualTo(json(DESCRIBE_TABLE.parametersJsonSchema()));
        assertThat(tools.get(1).path("input_schema")).isEqualTo(json(SAMPLE_ROWS.parametersJsonSchema()));
    }

    @Test
    void keepsTheTextBesideToolCalls() {
        server.enqueue(chatPath(), ok(toolCallsReply("claude-test", List.of(CALL_1), 5, 5)));
        try (ChatModel model = open(settings("claude-test", List.of()))) {
            ChatMessage.Assistant answer = model.chat(QUESTION).message();
            assertThat(answer.text()).isEqualTo("Let me look at the tables.");
            assertThat(answer.toolCalls()).hasSize(1);
        }
        // anthropic-java 3.x sends the key through its credential layer (as a bearer token); which
        // header carries it is the SDK's business, that it is sent is ours.
        assertThat(server.request(0).headers().values()).anyMatch(v -> v.contains(KEY));
    }

    @Test
    void aUserMessageAfterToolResultsJoinsTheirUserTurn() {
        server.enqueue(chatPath(), ok(textReply("claude-test", "ok", 1, 1)));
        ChatRequest request = new ChatRequest("", List.of(
                new ChatMessage.User("hi"),
                new ChatMessage.Assistant("Looking.", List.of(CALL_1)),
                new ChatMessage.ToolResult("call_1", "describe_table", "{}", false),
                new ChatMessage.User("also check reviews")), TOOLS);
        try (ChatModel model = open(settings("claude-test", List.of()))) {
            model.chat(request);
        }
        JsonNode body = sentBody(0);
        assertThat(body.has("system")).isFalse();
        JsonNode last = body.path("messages").get(2);
        assertThat(body.path("messages")).hasSize(3);
        assertThat(last.path("content").get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(last.path("content").get(1).path("type").asText()).isEqualTo("text");
        assertThat(last.path("content").get(1).path("text").asText()).isEqualTo("also check reviews");
        assertThat(body.path("messages").get(1).path("content").get(0).path("text").asText()).isEqualTo("Looking.");
    }

    @Test
    void readsTheBaseUrlFromTheEnvironment() {
        server.enqueue(chatPath(), ok(textReply("claude-test", "hi", 1, 1)));
        LlmProvider provider = provider(Map.of("ANTHROPIC_BASE_URL", baseUrl(), "ANTHROPIC_API_KEY", KEY), fast());
        LlmSettings settings = new LlmSettings("anthropic", "claude-test", List.of(), "", "", Duration.ofSeconds(5), 64, 0);
        try (ChatModel model = provider.open(settings)) {
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("hi");
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void countsCachedInputTokensAsInput() {
        ObjectNode root = (ObjectNode) json(textReply("claude-test", "hi", 10, 2));
        ((ObjectNode) root.get("usage")).put("cache_creation_input_tokens", 100).put("cache_read_input_tokens", 1000);
        server.enqueue(chatPath(), ok(root.toString()));
        try (ChatModel model = open(settings("claude-test", List.of()))) {
            assertThat(model.chat(QUESTION).usage().inputTokens()).isEqualTo(1110);
        }
    }
}
