package io.osiris.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of {@code osiris-pipeline-v2}, declared once: the parser refuses any other key,
 * and whatever describes the format to people or to a model (the agent's prompt, docs) can
 * render from here instead of keeping its own list. The JSON Schema is checked against it
 * by a test.
 */
public final class PipelineFields {
    /**
     * One field of a mapping.
     *
     * @param name        the YAML key
     * @param required    whether every mapping of its kind must have it
     * @param description one line for people and models
     */
    public record Field(String name, boolean required, String description) {
        public Field {
            requireNonNull(name, "name");
            requireNonNull(description, "description");
        }
    }

    private static final List<Field> PIPELINE = List.of(
            new Field("name", true, "the pipeline's name, [a-z0-9_]+"),
            new Field("version", false, "the author's version"),
            new Field("description", false, "what the pipeline does, for people"),
            new Field("vars", false, "variables used as ${name} in SQL and paths: {name: default}; the default's"
                    + " type (2000, 8.5, true, text) is the variable's; set by --var name=value"),
            new Field("extract", false, "the steps that read sources"),
            new Field("transform", false, "the DuckDB SELECTs over earlier steps"),
            new Field("load", true, "the steps that write results"));
    private static final List<Field> EXTRACT = List.of(
            new Field("id", true, "unique step id; becomes a table name in transforms"),
            new Field("source", true, "a connector type (mysql, supabase, duckdb, a plugin's)"),
            new Field("connection", false, "a connection name of .osiris.yaml (default: default)"),
            new Field("path", false, "for duckdb sources: the database file, instead of a connection"),
            new Field("query", false, "exactly one read-only statement (SELECT, WITH ... SELECT, VALUES)"),
            new Field("table", false, "a table to read instead of a query"),
            new Field("columns", false, "with table: the columns to read (default: all)"),
            new Field("where", false, "with table: one condition filtering the rows"),
            new Field("limit", false, "at most this many rows (0: no limit)"),
            new Field("incremental", false, "read only rows new since the last committed run: {cursor: COLUMN,"
                    + " lookback: 10m, initial: \"2024-01-01\", nulls: include | exclude}"),
            new Field("parallelism", false, "auto (default) | N >= 1: read a table as N key ranges at once where"
                    + " the source can split it; a query or a limit reads one stream"),
            checks());
    private static final List<Field> TRANSFORM = List.of(
            new Field("id", true, "unique step id; becomes a table name in later transforms"),
            new Field("engine", false, "duckdb (the only engine)"),
            new Field("sql", true, "one DuckDB SELECT over earlier step ids"),
            checks());
    private static final List<Field> LOAD = List.of(
            new Field("id", true, "unique step id"),
            new Field("from", false, "the step to load (default: the last transform, else the only extract)"),
            new Field("to", true, "csv | parquet | json | duckdb | a connector type"),
            new Field("connection", false, "for a connector target: a connection name of .osiris.yaml"),
            new Field("path", false, "for files and duckdb: the file to write"),
            new Field("table", false, "for duckdb and connector targets: the table to write"),
            new Field("mode", false, "append | replace | upsert | delete_insert (default append); files take"
                    + " replace (the default) or append (a new part file per run)"),
            new Field("primary_key", false, "for upsert and delete_insert: the columns that identify a row"),
            new Field("partition_by", false, "for delete_insert: replace the target rows whose values of these"
                    + " columns arrive"),
            new Field("compression", false, "parquet files only: the codec (default snappy)"),
            new Field("schema", false, "database and duckdb tables: evolve (default; new columns are added) |"
                    + " freeze (a table whose columns differ fails the load)"),
            checks());

    private PipelineFields() {
    }

    private static Field checks() {
        return new Field("checks", false, "data checks run before any load commits: row_count {min, max}, not_null"
                + " [cols], unique [cols], accepted_values {col: [values]}, sql (a SELECT of the bad rows)");
    }

    /** The top-level fields of a pipeline. */
    public static List<Field> pipeline() {
        return PIPELINE;
    }

    /** The fields of an extract step. */
    public static List<Field> extract() {
        return EXTRACT;
    }

    /** The fields of a transform step. */
    public static List<Field> transform() {
        return TRANSFORM;
    }

    /** The fields of a load step. */
    public static List<Field> load() {
        return LOAD;
    }

    /**
     * Every field as reference text, one line each under its section ({@code extract[]:}),
     * for a prompt or a help page to include instead of listing the fields itself.
     */
    public static String describe() {
        StringBuilder text = new StringBuilder();
        section(text, "pipeline", PIPELINE);
        section(text, "extract[]", EXTRACT);
        section(text, "transform[]", TRANSFORM);
        section(text, "load[]", LOAD);
        return text.toString();
    }

    private static void section(StringBuilder text, String title, List<Field> fields) {
        text.append(title).append(":\n");
        for (Field f : fields) {
            text.append("  ").append(f.name()).append(f.required() ? " (required)" : "").append(": ")
                    .append(f.description()).append('\n');
        }
    }

    /** The names of {@code fields}, in declaration order. */
    public static Set<String> names(List<Field> fields) {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.add(f.name()));
        return Collections.unmodifiableSet(names);
    }
}
