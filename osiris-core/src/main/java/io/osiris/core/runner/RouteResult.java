package io.osiris.core.runner;

/** What a route did: its step's report, or why it declined and whether it had begun reading. */
sealed interface RouteResult {

    /** The route ran. */
    record Done(StepReport report) implements RouteResult {
    }

    /**
     * The route did not run.
     *
     * @param reason      why, for the log
     * @param sourceRead  whether it had begun reading the source (only the plan's fallback may read it again)
     */
    record Declined(String reason, boolean sourceRead) implements RouteResult {
    }

    static RouteResult done(StepReport report) {
        return new Done(report);
    }

    /** Declined before reading anything. */
    static RouteResult declined(String reason) {
        return new Declined(reason, false);
    }

    /** Declined after the source began to be read. */
    static RouteResult declinedAfterReading(String reason) {
        return new Declined(reason, true);
    }
}
