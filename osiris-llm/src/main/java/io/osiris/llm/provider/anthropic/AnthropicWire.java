package io.osiris.llm.provider.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.anthropic.models.messages.Usage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import io.osiris.llm.provider.ToolSchemas;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps our chat records to the Messages API of anthropic-java and back. */
final class AnthropicWire {
    private static final Logger LOG = LoggerFactory.getLogger(AnthropicWire.class);

    private AnthropicWire() {
    }

    static MessageCreateParams request(String model, ChatRequest request, long maxTokens) {
        MessageCreateParams.Builder params = MessageCreateParams.builder().model(model).maxTokens(maxTokens);
        if (!request.system().isEmpty()) {
            params.system(request.system());
        }
        // The Messages API alternates user and assistant turns, and wants every tool_result answering
        // one assistant turn in the next user turn: consecutive tool results and user texts are merged
        // into one user message, tool results first.
        List<ContentBlockParam> userTurn = new ArrayList<>();
        List<ContentBlockParam> userText = new ArrayList<>();
        for (ChatMessage message : request.messages()) {
            if (message instanceof ChatMessage.User user) {
                if (!user.text().isEmpty()) { // the API refuses empty text blocks
                    userText.add(text(user.text()));
                }
            } else if (message instanceof ChatMessage.ToolResult result) {
                userTurn.add(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                        .toolUseId(result.toolCallId())
                        .content(result.content())
                        .isError(result.isError())
                        .build()));
            } else if (message instanceof ChatMessage.Assistant assistant) {
                flushUserTurn(params, userTurn, userText);
                List<ContentBlockParam> blocks = assistant(assistant);
                if (!blocks.isEmpty()) { // an empty assistant turn would be refused; it says nothing
                    params.addAssistantMessageOfContentBlockParams(blocks);
                }
            }
        }
        flushUserTurn(params, userTurn, userText);
        for (ToolSpec tool : request.tools()) {
            params.addTool(tool(tool));
        }
        return params.build();
    }

    private static void flushUserTurn(
            MessageCreateParams.Builder params, List<ContentBlockParam> toolResults, List<ContentBlockParam> texts) {
        if (toolResults.isEmpty() && texts.isEmpty()) {
            return;
        }
        List<ContentBlockParam> blocks = new ArrayList<>(toolResults);
        blocks.addAll(texts);
        params.addUserMessageOfContentBlockParams(blocks);
        toolResults.clear();
        texts.clear();
    }

    private static ContentBlockParam text(String text) {
        return ContentBlockParam.ofText(TextBlockParam.builder().text(text).build());
    }

    private static List<ContentBlockParam> assistant(ChatMessage.Assistant assistant) {
        List<ContentBlockParam> blocks = new ArrayList<>();
        if (!assistant.text().isEmpty()) {
            blocks.add(text(assistant.text()));
        }
        for (ToolCall call : assistant.toolCalls()) {
            ToolUseBlockParam.Input.Builder input = ToolUseBlockParam.Input.builder();
            ObjectNode arguments = ToolSchemas.arguments(call.argumentsJson()).orElseGet(() -> {
                // Anthropic's tool_use input must be an object; a model that wrote something else
                // already got an error result for this call, so the exact input no longer matters.
                LOG.debug("tool call {} has arguments that are not a JSON object; sending {{}}", call.id());
                return ToolSchemas.arguments("{}").orElseThrow();
            });
            arguments.fields().forEachRemaining(e -> input.putAdditionalProperty(e.getKey(), JsonValue.fromJsonNode(e.getValue())));
            blocks.add(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder()
                    .id(call.id())
                    .name(call.name())
                    .input(input.build())
                    .build()));
        }
        return blocks;
    }

    private static Tool tool(ToolSpec spec) {
        ObjectNode schema = ToolSchemas.parameters(spec);
        Tool.InputSchema.Builder input = Tool.InputSchema.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey()) {
                case "type":
                    break; // always "object", which the SDK writes itself
                case "properties":
                    Map<String, JsonValue> properties = new LinkedHashMap<>();
                    field.getValue().fields().forEachRemaining(p -> properties.put(p.getKey(), JsonValue.fromJsonNode(p.getValue())));
                    input.properties(Tool.InputSchema.Properties.builder().putAllAdditionalProperties(properties).build());
                    break;
                case "required":
                    List<String> required = new ArrayList<>();
                    field.getValue().forEach(r -> required.add(r.asText()));
                    input.required(required);
                    break;
                default:
                    input.putAdditionalProperty(field.getKey(), JsonValue.fromJsonNode(field.getValue()));
            }
        }
        return Tool.builder().name(spec.name()).description(spec.description()).inputSchema(input.build()).build();
    }

    /** All input tokens: the uncached ones plus those written to and read from the prompt cache. */
    static TokenUsage usage(Message message) {
        Usage usage = message.usage();
        long input = usage.inputTokens()
                + usage.cacheCreationInputTokens().orElse(0L)
                + usage.cacheReadInputTokens().orElse(0L);
        return new TokenUsage(input, usage.outputTokens());
    }

    static ChatMessage.Assistant answer(Message message) {
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (ContentBlock block : message.content()) {
            if (block.isText()) {
                if (text.length() > 0) {
                    text.append('\n');
                }
                text.append(block.asText().text());
            } else if (block.isToolUse()) {
                ToolUseBlock use = block.asToolUse();
                calls.add(new ToolCall(use.id(), use.name(), ToolSchemas.compact(use._input().convert(JsonNode.class))));
            }
            // Thinking and server-tool blocks are never asked for, so there is nothing else to keep.
        }
        return new ChatMessage.Assistant(text.toString(), calls);
    }
}
