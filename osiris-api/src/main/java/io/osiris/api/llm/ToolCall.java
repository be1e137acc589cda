package io.osiris.api.llm;

import static java.util.Objects.requireNonNull;

/**
 * A model's request to run a tool.
 *
 * @param id            the provider's id for the call, echoed in the result
 * @param name          the tool name
 * @param argumentsJson the arguments as the model wrote them (possibly malformed JSON)
 */
public record ToolCall(String id, String name, String argumentsJson) {
    public ToolCall {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(argumentsJson, "argumentsJson");
    }
}
