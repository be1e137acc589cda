package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.TransformEngine;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops a run from any thread: the source reads it has open and the engine's statements. Steps
 * check it between their pieces of work, so a cancelled run fails with one message.
 */
final class Cancellation {
    static final String MESSAGE = "The run was cancelled; files are left as they were.";

    private final Set<RowStream> open = ConcurrentHashMap.newKeySet();
    private volatile TransformEngine engine;
    private volatile boolean cancelled;

    /** A run is about to start: a cancel from now on stops it. */
    void reset() {
        cancelled = false;
    }

    /** The run's engine is open. */
    void begin(TransformEngine running) {
        engine = running;
    }

    /** The run ended. */
    void end() {
        engine = null;
    }

    void cancel() {
        cancelled = true;
        cancelStreams();
        TransformEngine e = engine;
        if (e != null) {
            e.cancel();
        }
    }

    /** Stops the source reads only: an extract failed and the others would be thrown away. */
    void cancelStreams() {
        open.forEach(RowStream::cancel);
    }

    boolean cancelled() {
        return cancelled;
    }

    /** @throws ExecutionFailedException when the run was cancelled */
    void check() {
        if (cancelled) {
            throw new ExecutionFailedException(MESSAGE);
        }
    }

    /** A stream to cancel with the run, until {@link #untrack}. */
    RowStream track(RowStream rows) {
        open.add(rows);
        return rows;
    }

    void untrack(RowStream rows) {
        open.remove(rows);
    }
}
