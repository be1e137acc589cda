package io.osiris.llm.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.ChatResponse;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.testing.LlmProviderContractTest;
import io.osiris.llm.testing.WireFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provider contract in the Chat Completions wire format, shared by {@code openai} and {@code gemini}. */
abstract class OpenAiWireContractTest extends LlmProviderContractTest {

    @Override
    protected String textReply(String model, String text, long inputTokens, long outputTokens) {
        return WireFormat.OPENAI.textReply(model, text, inputTokens, outputTokens);
    }

    @Override
    protected String toolCallsReply(String model, List<ToolCall> calls, long inputTokens, long outputTokens) {
        return WireFormat.OPENAI.toolCallsReply(model, calls, inputTokens, outputTokens);
    }

    @Override
    protected String errorReply(String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("error").put("message", message).put("type", "invalid_request_error");
        return root.toString();
    }

    @Override
    protected void assertFollowUpSent(JsonNode body) {
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo(SYSTEM);
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");

        JsonNode assistant = messages.get(2);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("tool_calls")).hasSize(2);
        assertThat(assistant.path("tool_calls").get(0).path("id").asText()).isEqualTo("call_1");
        assertThat(assistant.path("tool_calls").get(0).path("type").asText()).isEqualTo("function");
        assertThat(assistant.path("tool_calls").get(0).path("function").path("name").asText()).isEqualTo("describe_table");
        assertThat(assistant.path("tool_calls").get(1).path("function").path("arguments").asText())
                .isEqualTo(CALL_2.argumentsJson());

        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("{\"columns\":[\"movie_id\",\"title\"]}");
        assertThat(messages.get(4).path("tool_call_id").asText()).isEqualTo("call_2");

        JsonNode tools = body.path("tools");
        assertThat(tools).hasSize(2);
        assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
        assertThat(tools.get(0).path("function").path("name").asText()).isEqualTo("describe_table");
        assertThat(tools.get(0).path("function").path("description").asText()).isEqualTo("Describe one table.");
        assertThat(tools.get(0).path("function").path("parameters")).isEqualTo(json(DESCRIBE_TABLE.parametersJsonSchema()));
        assertThat(tools.get(1).path("function").path("parameters")).isEqualTo(json(SAMPLE_ROWS.parametersJsonSchema()));
    }

    @Test
    void theTokensOfAnUnusableAnswerAreCountedWithTheRetryThatSucceeds() {
        ObjectNode empty = JSON.createObjectNode()
                .put("id", "chatcmpl-0").put("object", "chat.completion").put("created", 1_700_000_000L)
                .put("model", "model-a");
        empty.putArray("choices");
        empty.putObject("usage").put("prompt_tokens", 30).put("completion_tokens", 0).put("total_tokens", 30);
        server.enqueue(chatPath(), ok(empty.toString()));
        server.enqueue(chatPath(), ok(textReply("model-a", "second time lucky", 31, 4)));
        try (ChatModel model = open(settings("model-a", List.of()))) {
            ChatResponse response = model.chat(QUESTION);

            assertThat(response.message().text()).isEqualTo("second time lucky");
            assertThat(response.usage()).isEqualTo(new TokenUsage(61, 4));
        }
    }

    @Test
    void sendsTheAnswerLimitAsMaxTokensToACompatibleServer() {
        server.enqueue(chatPath(), ok(textReply("model-a", "hi", 1, 1)));
        try (ChatModel model = open(settings("model-a", List.of()))) {
            model.chat(QUESTION);
        }
        assertThat(sentBody(0).path("max_tokens").asInt()).isEqualTo(1024);
        assertThat(sentBody(0).has("max_completion_tokens")).isFalse();
    }
}
