package io.osiris.llm.agent;

/**
 * What a turn is doing while it runs, for a display: a real model's turn takes 10 to 60 seconds
 * of model calls and tool calls, and without a sign of life it looks frozen. Called on the
 * thread that runs the turn; every method does nothing by default.
 */
public interface AgentProgress {
    /** Nothing shown. */
    AgentProgress NONE = new AgentProgress() { };

    /**
     * The model is called for the {@code n}th time in this turn (1-based).
     *
     * @param n the number of the call within the turn
     */
    default void modelCall(int n) {
    }

    /**
     * A tool call starts.
     *
     * @param tool      the tool's name ({@code describe_table})
     * @param arguments its arguments in short ({@code table=movies}), secrets masked
     */
    default void toolStarted(String tool, String arguments) {
    }

    /**
     * A tool call ended.
     *
     * @param tool   the tool's name
     * @param millis how long it took
     * @param error  whether it answered with an error
     */
    default void toolFinished(String tool, long millis, boolean error) {
    }
}
