package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.WriteMode;
import java.util.List;

/**
 * Writes the table of an earlier step to a file or a database.
 *
 * @param id         the step id
 * @param from       the id of the extract or transform whose rows are written
 * @param to         {@code csv}, {@code parquet}, {@code json}, {@code duckdb} or a connector type
 * @param connection the named connection of a connector target; {@code default} unless set
 * @param path       the file to write, for file targets and {@code duckdb}; empty otherwise
 * @param table      the target table, for {@code duckdb} and connector targets; empty otherwise
 * @param mode       how rows already in a target table are treated; {@link WriteMode#APPEND} unless set
 * @param primaryKey the key columns; required for {@link WriteMode#UPSERT}
 */
public record LoadStep(String id, String from, String to, String connection, String path, String table,
        WriteMode mode, List<String> primaryKey) implements Step {

    public LoadStep {
        requireNonNull(id, "id");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(connection, "connection");
        requireNonNull(path, "path");
        requireNonNull(table, "table");
        requireNonNull(mode, "mode");
        primaryKey = List.copyOf(primaryKey);
    }

    /** What kind of target {@link #to()} names. */
    public LoadTarget target() {
        return LoadTarget.of(to);
    }
}
