package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Where and how to write rows.
 *
 * @param table        the target table; created from the row schema when missing
 * @param mode         append, replace, upsert or delete_insert
 * @param primaryKey   the key columns; required for {@link WriteMode#UPSERT}, the matching columns of
 *                     {@link WriteMode#DELETE_INSERT} unless {@code partitionBy} is given, and the
 *                     primary key of a table the loader creates
 * @param partitionBy  the columns whose values name the partitions a {@link WriteMode#DELETE_INSERT}
 *                     replaces; empty for every other mode
 * @param schemaPolicy what to do when the target exists with other columns than the rows
 */
public record LoadRequest(String table, WriteMode mode, List<String> primaryKey, List<String> partitionBy,
        SchemaPolicy schemaPolicy) {
    public LoadRequest {
        requireNonNull(table, "table");
        requireNonNull(mode, "mode");
        requireNonNull(schemaPolicy, "schemaPolicy");
        primaryKey = List.copyOf(primaryKey);
        partitionBy = List.copyOf(partitionBy);
        if (table.isBlank()) {
            throw new IllegalArgumentException("table must not be blank");
        }
        if (mode == WriteMode.UPSERT && primaryKey.isEmpty()) {
            throw new IllegalArgumentException("upsert needs primary_key columns");
        }
        if (mode == WriteMode.DELETE_INSERT && primaryKey.isEmpty() && partitionBy.isEmpty()) {
            throw new IllegalArgumentException("delete_insert needs primary_key or partition_by columns");
        }
        if (mode != WriteMode.DELETE_INSERT && !partitionBy.isEmpty()) {
            throw new IllegalArgumentException("partition_by applies to delete_insert only, not to " + mode.yamlName());
        }
    }

    /** A request that evolves an existing table ({@link SchemaPolicy#EVOLVE}). */
    public LoadRequest(String table, WriteMode mode, List<String> primaryKey, List<String> partitionBy) {
        this(table, mode, primaryKey, partitionBy, SchemaPolicy.EVOLVE);
    }

    /** A request without partition columns. */
    public LoadRequest(String table, WriteMode mode, List<String> primaryKey, SchemaPolicy schemaPolicy) {
        this(table, mode, primaryKey, List.of(), schemaPolicy);
    }

    /** A request without partition columns that evolves an existing table. */
    public LoadRequest(String table, WriteMode mode, List<String> primaryKey) {
        this(table, mode, primaryKey, List.of(), SchemaPolicy.EVOLVE);
    }

    /** A request without key columns. */
    public LoadRequest(String table, WriteMode mode) {
        this(table, mode, List.of(), List.of(), SchemaPolicy.EVOLVE);
    }

    /**
     * The columns a {@link WriteMode#DELETE_INSERT} matches target rows on: {@link #partitionBy()}
     * when given, else {@link #primaryKey()}; empty for the other modes.
     */
    public List<String> deleteKey() {
        return mode != WriteMode.DELETE_INSERT ? List.of() : partitionBy.isEmpty() ? primaryKey : partitionBy;
    }
}
