package io.osiris.llm.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import io.osiris.llm.provider.FailureKind;
import io.osiris.llm.provider.ModelCallException;
import io.osiris.llm.provider.ToolSchemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Maps our chat records to the Chat Completions wire format of openai-java and back. */
final class OpenAiWire {

    /** Which field limits the answer's length. */
    enum MaxTokensField {
        /** OpenAI's own API: {@code max_tokens} is deprecated there and refused by reasoning models. */
        MAX_COMPLETION_TOKENS,
        /** Compatible servers (Ollama, Gemini, vLLM, LM Studio) document {@code max_tokens}. */
        MAX_TOKENS
    }

    private OpenAiWire() {
    }

    static ChatCompletionCreateParams request(String model, ChatRequest request, long maxTokens, MaxTokensField field) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(model);
        if (field == MaxTokensField.MAX_COMPLETION_TOKENS) {
            params.maxCompletionTokens(maxTokens);
        } else {
            params.maxTokens(maxTokens);
        }
        if (!request.system().isEmpty()) {
            params.addSystemMessage(request.system());
        }
        for (ChatMessage message : request.messages()) {
            if (message instanceof ChatMessage.User user) {
                params.addUserMessage(user.text());
            } else if (message instanceof ChatMessage.Assistant assistant) {
                params.addMessage(assistant(assistant));
            } else if (message instanceof ChatMessage.ToolResult result) {
                // Chat Completions has no error flag on a tool result: the content says what failed.
                params.addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(result.toolCallId())
                        .content(result.content())
                        .build());
            }
        }
        for (ToolSpec tool : request.tools()) {
            params.addTool(tool(tool));
        }
        return params.build();
    }

    private static ChatCompletionAssistantMessageParam assistant(ChatMessage.Assistant assistant) {
        ChatCompletionAssistantMessageParam.Builder builder = ChatCompletionAssistantMessageParam.builder();
        // An assistant turn that only called tools has no content; an empty one keeps its (empty) text.
        if (!assistant.text().isEmpty() || !assistant.hasToolCalls()) {
            builder.content(assistant.text());
        }
        for (ToolCall call : assistant.toolCalls()) {
            builder.addToolCall(ChatCompletionMessageFunctionToolCall.builder()
                    .id(call.id())
                    .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                            .name(call.name())
                            .arguments(call.argumentsJson())
                            .build())
                    .build());
        }
        return builder.build();
    }

    private static ChatCompletionFunctionTool tool(ToolSpec tool) {
        Map<String, JsonValue> schema = new LinkedHashMap<>();
        ToolSchemas.parameters(tool).fields().forEachRemaining(e -> schema.put(e.getKey(), JsonValue.fromJsonNode(e.getValue())));
        return ChatCompletionFunctionTool.builder()
                .function(FunctionDefinition.builder()
                        .name(tool.name())
                        .description(tool.description())
                        .parameters(FunctionParameters.builder().putAllAdditionalProperties(schema).build())
                        .build())
                .build();
    }

    static TokenUsage usage(ChatCompletion completion) {
        return completion.usage()
                .map(u -> new TokenUsage(u.promptTokens(), u.completionTokens()))
                .orElse(TokenUsage.NONE);
    }

    /**
     * The assistant message of the first choice.
     *
     * @throws ModelCallException (invalid response) when there is no choice to read
     */
    static ChatMessage.Assistant answer(ChatCompletion completion, TokenUsage usage) {
        if (completion.choices().isEmpty()) {
            throw ModelCallException.of(FailureKind.INVALID_RESPONSE, usage, "the response has no choices");
        }
        ChatCompletionMessage message = completion.choices().get(0).message();
        String text = message.content().orElse(message.refusal().orElse(""));
        List<ToolCall> calls = new ArrayList<>();
        List<ChatCompletionMessageToolCall> toolCalls = message.toolCalls().orElse(List.of());
        for (int i = 0; i < toolCalls.size(); i++) {
            ChatCompletionMessageToolCall call = toolCalls.get(i);
            if (!call.isFunction()) {
                continue; // custom (free-form) tools are never offered, so never answered
            }
            ChatCompletionMessageFunctionToolCall function = call.asFunction();
            // Some compatible servers leave the id out; the result must still name the call it answers.
            String id = function._id().asKnown().filter(s -> !s.isEmpty()).orElse("call_" + i);
            String arguments = function.function()._arguments().asKnown().orElse("{}");
            calls.add(new ToolCall(id, function.function().name(), arguments));
        }
        return new ChatMessage.Assistant(text, calls);
    }

    /** The API's own error message from an error body ({@code {"error": {"message": ...}}}), if any. */
    static String errorMessage(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isTextual()) {
            return error.asText();
        }
        JsonNode message = error.path("message");
        if (message.isTextual()) {
            return message.asText();
        }
        return body.path("message").asText("");
    }

    /** The fields compatible servers give a model's context size in, in the order they are read. */
    static final List<String> CONTEXT_FIELDS = List.of("context_length", "context_window", "max_model_len",
            "max_context_length", "input_token_limit");

    /** The first positive context size among a {@code /models} entry's extra fields, if any. */
    static OptionalLong contextTokens(Map<String, JsonValue> fields) {
        for (String name : CONTEXT_FIELDS) {
            JsonValue value = fields.get(name);
            if (value == null) {
                continue;
            }
            Optional<?> number = value.asNumber();
            Optional<?> text = value.asString();
            long n = number.isPresent() && number.get() instanceof Number v ? v.longValue()
                    : text.isPresent() && text.get().toString().strip().matches("[0-9]{1,12}")
                    ? Long.parseLong(text.get().toString().strip()) : 0;
            if (n > 0) {
                return OptionalLong.of(n);
            }
        }
        return OptionalLong.empty();
    }
}
