package io.osiris.llm.agent;

import io.osiris.api.ExecutionFailedException;

/** A turn stopped by {@link ChatAgent#cancel()}; the conversation is as it was before the turn. */
public final class TurnCancelledException extends ExecutionFailedException {
    private static final long serialVersionUID = 1L;

    /** A cancelled turn. */
    public TurnCancelledException() {
        super("The turn was cancelled; the conversation is as it was before it.");
    }
}
