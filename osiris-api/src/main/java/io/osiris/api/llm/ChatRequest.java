package io.osiris.api.llm;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A conversation to continue.
 *
 * @param system   the system prompt
 * @param messages the conversation so far, oldest first
 * @param tools    the tools the model may call
 */
public record ChatRequest(String system, List<ChatMessage> messages, List<ToolSpec> tools) {
    public ChatRequest {
        requireNonNull(system, "system");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
