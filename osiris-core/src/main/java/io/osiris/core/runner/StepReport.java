package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What one step did.
 *
 * @param id      the step id
 * @param kind    {@code extract}, {@code transform} or {@code load}
 * @param target  where rows came from or went ({@code duckdb:movies.duckdb}, {@code output/top.csv})
 * @param rows    rows read, created or written (0 in a dry run)
 * @param bytes   bytes written for file loads, an estimate of the data for extracts, or -1 when unknown
 * @param seconds wall-clock time of the step
 * @param columns the columns of the step's table (extracts and transforms) or of the rows loaded
 * @param route   the route the step took ({@link RunPlan}), with the routes that declined before it
 *                in brackets when it was not the planned one; empty when unknown
 */
public record StepReport(String id, String kind, String target, long rows, long bytes, double seconds,
        List<String> columns, String route) {
    public StepReport {
        requireNonNull(id, "id");
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
        columns = List.copyOf(columns);
        requireNonNull(route, "route");
    }

    /** A report that names no route. */
    public StepReport(String id, String kind, String target, long rows, long bytes, double seconds,
            List<String> columns) {
        this(id, kind, target, rows, bytes, seconds, columns, "");
    }

    /** This report with another route. */
    public StepReport withRoute(String taken) {
        return new StepReport(id, kind, target, rows, bytes, seconds, columns, taken);
    }
}
