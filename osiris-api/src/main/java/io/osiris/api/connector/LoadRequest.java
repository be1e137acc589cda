package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where and how to write rows.
 *
 * @param table      the target table; created from the row schema when missing
 * @param mode       append, replace or upsert
 * @param primaryKey   the key columns; required for {@link WriteMode#UPSERT}, and the primary
 *                     key of a table the loader creates
 * @param schemaPolicy what to do when the target exists with other columns than the rows
 */
public record LoadRequest(String table, WriteMode mode, List<String> primaryKey, SchemaPolicy schemaPolicy) {
    public LoadRequest {
        requireNonNull(table, "table");
        requireNonNull(mode, "mode");
        requireNonNull(schemaPolicy, "schemaPolicy");
        primaryKey = List.copyOf(primaryKey);
        if (table.isBlank()) {
            throw new IllegalArgumentException("table must not be blank");
        }
        if (mode == WriteMode.UPSERT && primaryKey.isEmpty()) {
            throw new IllegalArgumentException("upsert needs primary_key columns");
        }
    }

    /** A request that evolves an existing table ({@link SchemaPolicy#EVOLVE}). */
    public LoadRequest(String table, WriteMode mode, List<String> primaryKey) {
        this(table, mode, primaryKey, SchemaPolicy.EVOLVE);
    }

    /** A request without key columns. */
    public LoadRequest(String table, WriteMode mode) {
        this(table, mode, List.of());
    }
}
