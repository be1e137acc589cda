package io.osiris.core.runner;

import java.time.Duration;

/** Reports a step's progress to the listener at most once per interval. */
final class Throttle {
    private final RunListener listener;
    private final long interval;
    private final String step;
    private final long start;
    private long last;

    Throttle(RunListener listener, Duration interval, String step, long start) {
        this.listener = listener;
        this.interval = interval.toNanos();
        this.step = step;
        this.start = start;
        this.last = start;
    }

    void report(long rows) {
        long now = System.nanoTime();
        if (now - last >= interval) {
            last = now;
            double elapsed = (now - start) / 1e9;
            listener.progress(step, rows, elapsed > 0 ? rows / elapsed : 0);
        }
    }
}
