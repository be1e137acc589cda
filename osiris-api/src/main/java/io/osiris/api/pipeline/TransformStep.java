package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Runs one SQL query over the tables of earlier steps into a table named after the step.
 *
 * @param id     the step id and the name of the table it creates
 * @param engine the engine the SQL is written for; {@code duckdb}
 * @param sql    one SELECT (or WITH ... SELECT) statement over earlier step ids
 * @param checks the data checks on the rows it creates; empty when none
 */
public record TransformStep(String id, String engine, String sql, List<Check> checks) implements Step {

    /** The engine of a step that names none. */
    public static final String DEFAULT_ENGINE = "duckdb";

    public TransformStep {
        requireNonNull(id, "id");
        requireNonNull(engine, "engine");
        requireNonNull(sql, "sql");
        checks = List.copyOf(checks);
    }

    /** A transform without checks. */
    public TransformStep(String id, String engine, String sql) {
        this(id, engine, sql, List.of());
    }

    /** This step with {@code checks} instead of its own. */
    public TransformStep withChecks(List<Check> checks) {
        return new TransformStep(id, engine, sql, checks);
    }

    /** This step running {@code sql} instead of its own. */
    public TransformStep withSql(String sql) {
        return new TransformStep(id, engine, sql, checks);
    }

    /** A transform on the default engine: {@code new TransformStep(id, "duckdb", sql)}. */
    public static TransformStep of(String id, String sql) {
        return new TransformStep(id, DEFAULT_ENGINE, sql);
    }
}
