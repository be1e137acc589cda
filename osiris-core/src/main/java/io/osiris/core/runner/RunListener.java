package io.osiris.core.runner;

/**
 * Follows a run: its plan, a step starting, progress on long steps (at most every progress interval),
 * a step finishing. Called from the runner's threads; implementations must be thread-safe.
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {
    };

    /** The run's plan, once, before any step starts. */
    default void planned(RunPlan plan) {
    }

    /** A step started. {@code kind} is {@code extract}, {@code transform} or {@code load}. */
    default void stepStarted(String stepId, String kind) {
    }

    /** A long step is moving: rows so far and the rate since it started. */
    default void progress(String stepId, long rows, double rowsPerSecond) {
    }

    /** A step finished. */
    default void stepFinished(StepReport report) {
    }
}
