package io.osiris.core.history;

import static java.util.Objects.requireNonNull;

import io.osiris.core.runner.StepReport;

/**
 * What one step of a recorded run did.
 *
 * @param id      the step id
 * @param kind    {@code extract}, {@code transform} or {@code load}
 * @param target  where rows came from or went ({@code duckdb:movies.duckdb}, {@code output/top.csv})
 * @param rows    rows read, created or written
 * @param bytes   bytes written for file loads, an estimate for extracts, or -1 when unknown
 * @param seconds wall-clock time of the step
 */
public record StepRecord(String id, String kind, String target, long rows, long bytes, double seconds) {
    public StepRecord {
        requireNonNull(id, "id");
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
    }

    static StepRecord of(StepReport report) {
        return new StepRecord(report.id(), report.kind(), report.target(), report.rows(), report.bytes(),
                report.seconds());
    }
}
