package io.osiris.api.llm;

import static java.util.Objects.requireNonNull;

/**
 * The model's answer.
 *
 * @param message the assistant message
 * @param model   the model that answered (a fallback may have)
 * @param usage   tokens used
 */
public record ChatResponse(ChatMessage.Assistant message, String model, TokenUsage usage) {
    public ChatResponse {
        requireNonNull(message, "message");
        requireNonNull(model, "model");
        requireNonNull(usage, "usage");
    }
}
