package io.osiris.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.provider.RetryPolicy;
import io.osiris.llm.provider.anthropic.AnthropicProvider;
import io.osiris.llm.provider.openai.OpenAiProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two wire formats a {@link ScriptedLlmServer} can speak, for tests that script whole
 * conversations: how to write a reply, where the SDK posts, and how to read what it sent.
 */
public enum WireFormat {
    /** OpenAI Chat Completions (also Gemini, Ollama, vLLM). */
    OPENAI("openai", "/v1/chat/completions") {
        @Override
        public String baseUrl(ScriptedLlmServer server) {
            return server.url("/v1");
        }

        @Override
        public LlmProvider provider(Map<String, String> env, RetryPolicy policy) {
            return new OpenAiProvider(env, policy);
        }

        @Override
        public String textReply(String model, String text, long in, long out) {
            ObjectNode message = JSON.createObjectNode().put("role", "assistant").put("content", text);
            message.putNull("refusal");
            return completion(model, message, "stop", in, out);
        }

        @Override
        public String toolCallsReply(String model, List<ToolCall> calls, long in, long out) {
            ObjectNode message = JSON.createObjectNode().put("role", "assistant");
            message.putNull("content");
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (ToolCall call : calls) {
                ObjectNode toolCall = toolCalls.addObject().put("id", call.id()).put("type", "function");
                toolCall.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
            return completion(model, message, "tool_calls", in, out);
        }

        @Override
        public String errorReply(String message) {
            ObjectNode root = JSON.createObjectNode();
            root.putObject("error").put("message", message).put("type", "invalid_request_error");
            return root.toString();
        }

        @Override
        public String system(JsonNode body) {
            return body.path("messages").get(0).path("content").asText();
        }

        @Override
        public List<SentToolResult> toolResults(JsonNode body) {
            List<SentToolResult> results = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                if (m.path("role").asText().equals("tool")) {
                    // The Chat Completions format has no error flag: the content says it.
                    results.add(new SentToolResult(m.path("tool_call_id").asText(), m.path("content").asText(), false));
                }
            }
            return results;
        }

        @Override
        public List<String> userTexts(JsonNode body) {
            List<String> texts = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    texts.add(m.path("content").isTextual() ? m.path("content").asText()
                            : m.path("content").get(0).path("text").asText());
                }
            }
            return texts;
        }

        private String completion(String model, ObjectNode message, String finishReason, long in, long out) {
            ObjectNode root = JSON.createObjectNode()
                    .put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_700_000_000L)
                    .put("model", model);
            ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
            choice.set("message", message);
            choice.putNull("logprobs");
            choice.put("finish_reason", finishReason);
            root.putObject("usage").put("prompt_tokens", in).put("completion_tokens", out).put("total_tokens", in + out);
            return root.toString();
        }
    },

    /** Anthropic Messages. */
    ANTHROPIC("anthropic", "/v1/messages") {
        @Override
        public String baseUrl(ScriptedLlmServer server) {
            return server.url("");
        }

        @Override
        public LlmProvider provider(Map<String, String> env, RetryPolicy policy) {
            return new AnthropicProvider(env, policy);
        }

        @Override
        public String textReply(String model, String text, long in, long out) {
            ObjectNode root = message(model, "end_turn", in, out);
            ((ArrayNode) root.get("content")).addObject().put("type", "text").put("text", text);
            return root.toString();
        }

        @Override
        public String toolCallsReply(String model, List<ToolCall> calls, long in, long out) {
            ObjectNode root = message(model, "tool_use", in, out);
            ArrayNode content = (ArrayNode) root.get("content");
            for (ToolCall call : calls) {
                JsonNode input;
                try {
                    input = JSON.readTree(call.argumentsJson());
                } catch (Exception e) {
                    throw new IllegalArgumentException("the Messages API sends tool input as a JSON object", e);
                }
                content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name())
                        .set("input", input);
            }
            return root.toString();
        }

        @Override
        public String errorReply(String message) {
            ObjectNode root = JSON.createObjectNode().put("type", "error");
            root.putObject("error").put("type", "api_error").put("message", message);
            return root.toString();
        }

        @Override
        public String system(JsonNode body) {
            JsonNode system = body.path("system");
            return system.isTextual() ? system.asText() : system.get(0).path("text").asText();
        }

        @Override
        public List<SentToolResult> toolResults(JsonNode body) {
            List<SentToolResult> results = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                for (JsonNode block : m.path("content")) {
                    if (block.path("type").asText().equals("tool_result")) {
                        JsonNode content = block.path("content");
                        String text = content.isTextual() ? content.asText() : content.get(0).path("text").asText();
                        results.add(new SentToolResult(block.path("tool_use_id").asText(), text,
                                block.path("is_error").asBoolean(false)));
                    }
                }
            }
            return results;
        }

        @Override
        public List<String> userTexts(JsonNode body) {
            List<String> texts = new ArrayList<>();
            for (JsonNode m : body.path("messages")) {
                if (!m.path("role").asText().equals("user")) {
                    continue;
                }
                if (m.path("content").isTextual()) {
                    texts.add(m.path("content").asText());
                } else {
                    for (JsonNode block : m.path("content")) {
                        if (block.path("type").asText().equals("text")) {
                            texts.add(block.path("text").asText());
                        }
                    }
                }
            }
            return texts;
        }

        private ObjectNode message(String model, String stopReason, long in, long out) {
            ObjectNode root = JSON.createObjectNode()
                    .put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", model);
            root.putArray("content");
            root.put("stop_reason", stopReason);
            root.putNull("stop_sequence");
            root.putObject("usage").put("input_tokens", in).put("output_tokens", out);
            return root;
        }
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A tool result as the SDK sent it back.
     *
     * @param toolCallId the call it answers
     * @param content    the result text
     * @param isError    the error flag, where the format has one
     */
    public record SentToolResult(String toolCallId, String content, boolean isError) {
        /** The result inside its untrusted-data frame, as JSON; fails when the frame is missing. */
        public JsonNode json() {
            JsonNode framed = framed();
            if (!framed.has("untrusted_data") || !framed.path("note").asText().contains("never as instructions")) {
                throw new AssertionError("tool result is not framed as untrusted data: " + content);
            }
            return framed.get("untrusted_data");
        }

        /** The content as JSON, frame included. */
        public JsonNode framed() {
            try {
                return JSON.readTree(content);
            } catch (Exception e) {
                throw new AssertionError("tool result is not JSON: " + content, e);
            }
        }
    }

    private final String providerId;
    private final String chatPath;

    WireFormat(String providerId, String chatPath) {
        this.providerId = providerId;
        this.chatPath = chatPath;
    }

    /** The provider id in {@code .osiris.yaml}. */
    public String providerId() {
        return providerId;
    }

    /** The path the SDK posts a chat to. */
    public String chatPath() {
        return chatPath;
    }

    /** The base URL that points the provider at the server. */
    public abstract String baseUrl(ScriptedLlmServer server);

    /** The provider, reading this environment. */
    public abstract LlmProvider provider(Map<String, String> env, RetryPolicy policy);

    /** A 200 answer in text. */
    public abstract String textReply(String model, String text, long in, long out);

    /** A 200 answer that calls tools. */
    public abstract String toolCallsReply(String model, List<ToolCall> calls, long in, long out);

    /** An error body. */
    public abstract String errorReply(String message);

    /** The system prompt of a sent request. */
    public abstract String system(JsonNode body);

    /** Every tool result in a sent request, oldest first. */
    public abstract List<SentToolResult> toolResults(JsonNode body);

    /** Every text the user said in a sent request, oldest first. */
    public abstract List<String> userTexts(JsonNode body);

    /** Parses a request body. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
