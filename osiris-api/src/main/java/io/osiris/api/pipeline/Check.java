package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * A data check on a step's rows ({@code checks:} in a pipeline), run in the transform engine
 * after the step's table is built and before any load of the run begins, so a failing check
 * leaves every target as it was. For a load step the rows checked are those of its
 * {@code from} step.
 */
public sealed interface Check permits Check.RowCount, Check.NotNull, Check.Unique, Check.AcceptedValues,
        Check.Sql {

    /** How the check is named in reports and messages: {@code unique(id)}, {@code row_count(min 1)}. */
    String describe();

    /** The columns of the step's table the check names; empty for {@link Sql}. */
    List<String> columns();

    /**
     * The number of rows lies between {@code min} and {@code max}, both inclusive.
     *
     * @param min the fewest rows allowed (0: no lower bound)
     * @param max the most rows allowed ({@link Long#MAX_VALUE}: no upper bound)
     */
    record RowCount(long min, long max) implements Check {
        public RowCount {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("row_count needs 0 <= min <= max, not min " + min + ", max "
                        + max);
            }
        }

        /** At least {@code min} rows. */
        public static RowCount atLeast(long min) {
            return new RowCount(min, Long.MAX_VALUE);
        }

        /** Whether an upper bound is set. */
        public boolean hasMax() {
            return max != Long.MAX_VALUE;
        }

        @Override
        public String describe() {
            return "row_count(" + (min > 0 || !hasMax() ? "min " + min : "")
                    + (min > 0 && hasMax() ? ", " : "") + (hasMax() ? "max " + max : "") + ")";
        }

        @Override
        public List<String> columns() {
            return List.of();
        }
    }

    /**
     * No row has NULL in any of these columns.
     *
     * @param columns at least one column
     */
    record NotNull(List<String> columns) implements Check {
        public NotNull {
            columns = nonEmpty(columns, "not_null");
        }

        @Override
        public String describe() {
            return "not_null(" + String.join(", ", columns) + ")";
        }
    }

    /**
     * No two rows share the same values in these columns taken together (a key); rows with a
     * NULL in one of them are not compared, as a database's unique constraint does not.
     *
     * @param columns at least one column; several make a composite key
     */
    record Unique(List<String> columns) implements Check {
        public Unique {
            columns = nonEmpty(columns, "unique");
        }

        @Override
        public String describe() {
            return "unique(" + String.join(", ", columns) + ")";
        }
    }

    /**
     * Every non-NULL value of {@code column} is one of {@code values}, compared as text.
     *
     * @param column the column
     * @param values the values allowed, at least one
     */
    record AcceptedValues(String column, List<String> values) implements Check {
        public AcceptedValues {
            requireNonNull(column, "column");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("accepted_values(" + column + ") needs at least one value");
            }
        }

        /** One check per column of {@code allowed}, in its order. */
        public static List<Check> of(Map<String, List<String>> allowed) {
            return allowed.entrySet().stream().<Check>map(e -> new AcceptedValues(e.getKey(), e.getValue())).toList();
        }

        @Override
        public String describe() {
            return "accepted_values(" + column + ")";
        }

        @Override
        public List<String> columns() {
            return List.of(column);
        }
    }

    /**
     * A custom assertion: one read-only DuckDB SELECT over the pipeline's step tables that
     * returns the rows breaking the rule; the check passes when it returns none.
     *
     * @param sql the SELECT
     */
    record Sql(String sql) implements Check {
        public Sql {
            requireNonNull(sql, "sql");
            if (sql.isBlank()) {
                throw new IllegalArgumentException("a sql check needs a SELECT");
            }
        }

        @Override
        public String describe() {
            return "sql";
        }

        @Override
        public List<String> columns() {
            return List.of();
        }
    }

    private static List<String> nonEmpty(List<String> columns, String kind) {
        List<String> copy = List.copyOf(columns);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException(kind + " needs at least one column");
        }
        return copy;
    }
}
