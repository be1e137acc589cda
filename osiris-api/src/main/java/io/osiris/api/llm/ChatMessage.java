package io.osiris.api.llm;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One message of a conversation. */
public sealed interface ChatMessage permits ChatMessage.User, ChatMessage.Assistant, ChatMessage.ToolResult {

    /** What the person said. */
    record User(String text) implements ChatMessage {
        public User {
            requireNonNull(text, "text");
        }
    }

    /**
     * What the model said: text, tool calls, or both.
     *
     * @param text      the text; empty when the model only called tools
     * @param toolCalls the tools it asked to run, possibly several at once
     */
    record Assistant(String text, List<ToolCall> toolCalls) implements ChatMessage {
        public Assistant {
            requireNonNull(text, "text");
            toolCalls = List.copyOf(toolCalls);
        }

        /** Whether the model asked to run tools, so the turn goes on. */
        public boolean hasToolCalls() {
            return !toolCalls.isEmpty();
        }
    }

    /**
     * The answer to one tool call.
     *
     * @param toolCallId the {@link ToolCall#id()} answered
     * @param toolName   the tool's name
     * @param content    the result, compact JSON
     * @param isError    whether the tool failed (the content says how, for the model to act on)
     */
    record ToolResult(String toolCallId, String toolName, String content, boolean isError) implements ChatMessage {
        public ToolResult {
            requireNonNull(toolCallId, "toolCallId");
            requireNonNull(toolName, "toolName");
            requireNonNull(content, "content");
        }
    }
}
