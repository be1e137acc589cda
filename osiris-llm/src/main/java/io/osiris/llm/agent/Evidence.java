package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.TableInfo;
import io.osiris.core.write.PlannedWrite;
import java.util.List;

/**
 * What a person needs to judge a proposal beyond its YAML, computed when it is checked: the rows
 * the last load would write, how many rows each extract reads, how each written column's type
 * changes, which columns are sensitive, every write, what is suspicious about the result, and
 * what the proposal cost. None of it is part of the proposal's sha256: approval binds the YAML.
 *
 * @param output    the first rows the last load would write, after the transforms
 * @param counts    per extract, the estimated and the previewed rows
 * @param types     per load column, the source and target types
 * @param sensitive the loaded columns holding personal data or secrets ({@code load.column})
 * @param writes    every write, in load order
 * @param findings  what looks wrong with the result (empty, multiplied rows, NULL-only columns)
 * @param cost      the model calls and tokens spent until the proposal was made
 */
public record Evidence(Output output, List<RowCount> counts, List<TypeChange> types, List<String> sensitive,
        List<PlannedWrite> writes, List<Finding> findings, Cost cost) {

    /** No evidence: a proposal stored before evidence existed. */
    public static final Evidence NONE = new Evidence(Output.NONE, List.of(), List.of(), List.of(), List.of(),
            List.of(), Cost.NONE);

    public Evidence {
        requireNonNull(output, "output");
        counts = List.copyOf(counts);
        types = List.copyOf(types);
        sensitive = List.copyOf(sensitive);
        writes = List.copyOf(writes);
        findings = List.copyOf(findings);
        requireNonNull(cost, "cost");
    }

    /** This evidence with the proposal's cost. */
    public Evidence withCost(Cost value) {
        return new Evidence(output, counts, types, sensitive, writes, findings, value);
    }

    /** This evidence with other writes. */
    public Evidence withWrites(List<PlannedWrite> value) {
        return new Evidence(output, counts, types, sensitive, value, findings, cost);
    }

    /** Whether this is {@link #NONE}: nothing was computed. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * The rows the last load would write, computed on sampled extracts in a scratch engine.
     *
     * @param load    the load step id; empty when nothing was computed
     * @param columns the columns written
     * @param rows    the first rows, sensitive values masked; empty when sample data is off
     * @param total   the rows the preview produced in all, or -1 when unknown
     * @param exact   whether every extract was read whole, so {@code total} is the run's count
     * @param note    why rows are missing, or empty
     */
    public record Output(String load, List<String> columns, List<List<Object>> rows, long total, boolean exact,
            String note) {
        static final Output NONE = new Output("", List.of(), List.of(), -1, false, "");

        public Output {
            requireNonNull(load, "load");
            columns = List.copyOf(columns);
            rows = TableInfo.copyRows(rows);
            requireNonNull(note, "note");
        }
    }

    /**
     * How many rows an extract reads.
     *
     * @param step      the extract step id
     * @param estimated the source's estimate (of the table read, or of the query's driving table), -1 unknown
     * @param previewed a {@code COUNT(*)} of the extraction under the preview timeout, -1 when not counted
     * @param note      why a figure is missing, or empty
     */
    public record RowCount(String step, long estimated, long previewed, String note) {
        public RowCount {
            requireNonNull(step, "step");
            requireNonNull(note, "note");
        }
    }

    /**
     * How one written column's type changes on its way to the target.
     *
     * @param load   the load step id
     * @param column the column
     * @param source its type where it is read (the source's native type when known)
     * @param target the type the target receives
     * @param lossy  why values may change (precision, range, length), or empty when none can
     */
    public record TypeChange(String load, String column, String source, String target, String lossy) {
        public TypeChange {
            requireNonNull(load, "load");
            requireNonNull(column, "column");
            requireNonNull(source, "source");
            requireNonNull(target, "target");
            requireNonNull(lossy, "lossy");
        }

        /** Whether values may change. */
        public boolean isLossy() {
            return !lossy.isEmpty();
        }
    }

    /**
     * Something suspicious about a valid proposal's result, sent back to the model once.
     *
     * @param kind    {@code empty}, {@code row_multiplication} or {@code null_only}
     * @param step    the step it concerns
     * @param message what was seen, in a sentence
     */
    public record Finding(String kind, String step, String message) {
        public static final String EMPTY = "empty";
        public static final String ROW_MULTIPLICATION = "row_multiplication";
        public static final String NULL_ONLY = "null_only";

        public Finding {
            requireNonNull(kind, "kind");
            requireNonNull(step, "step");
            requireNonNull(message, "message");
        }
    }

    /**
     * What the proposal cost: the turn's model calls and tokens until it was made.
     *
     * @param modelCalls   model calls
     * @param inputTokens  input tokens
     * @param outputTokens output tokens
     */
    public record Cost(int modelCalls, long inputTokens, long outputTokens) {
        public static final Cost NONE = new Cost(0, 0, 0);
    }
}
