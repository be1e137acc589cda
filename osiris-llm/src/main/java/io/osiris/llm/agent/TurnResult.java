package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.llm.TokenUsage;
import java.util.Optional;

/**
 * How a turn ended.
 *
 * @param text          the model's answer
 * @param proposal      the valid pipeline proposed in this turn, waiting for approval; null when none
 * @param usage         the tokens this turn used
 * @param modelCalls    how many times the model was called
 * @param stoppedEarly  whether the turn hit the tool-round bound instead of ending in an answer
 */
public record TurnResult(String text, Proposal proposal, TokenUsage usage, int modelCalls, boolean stoppedEarly) {
    public TurnResult {
        requireNonNull(text, "text");
        requireNonNull(usage, "usage");
    }

    /** The pipeline proposed in this turn, if any. */
    public Optional<Proposal> proposed() {
        return Optional.ofNullable(proposal);
    }

    /**
     * Whether the model ended the turn with no text and no proposal: an empty answer, which a
     * display reports as one instead of printing a blank line.
     */
    public boolean emptyAnswer() {
        return text.isBlank() && proposal == null;
    }
}
