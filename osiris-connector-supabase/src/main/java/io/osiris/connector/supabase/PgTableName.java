package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.SqlDialect;

/**
 * A table name resolved against the connection's schemas: {@code movies} is in the default
 * schema, {@code analytics.movies} in {@code analytics}.
 *
 * @param schema        the schema
 * @param table         the table, unquoted
 * @param defaultSchema whether {@code schema} is the connection's default one
 */
record PgTableName(String schema, String table, boolean defaultSchema) {
    PgTableName {
        requireNonNull(schema, "schema");
        requireNonNull(table, "table");
        if (table.isEmpty() || schema.isEmpty()) {
            throw new IllegalArgumentException("empty table or schema name");
        }
    }

    /** Splits {@code schema.table} at the first dot; a bare name is in {@code defaultSchema}. */
    static PgTableName resolve(String name, String defaultSchema) {
        String trimmed = name.trim();
        int dot = trimmed.indexOf('.');
        if (dot > 0 && dot < trimmed.length() - 1) {
            String schema = trimmed.substring(0, dot);
            return new PgTableName(schema, trimmed.substring(dot + 1), schema.equals(defaultSchema));
        }
        return new PgTableName(defaultSchema, trimmed, true);
    }

    /** The name as discovery lists it: unqualified in the default schema. */
    String display() {
        return defaultSchema ? table : schema + "." + table;
    }

    /** The quoted, schema-qualified name for SQL. */
    String sql() {
        return SqlDialect.POSTGRES.quote(schema) + "." + SqlDialect.POSTGRES.quote(table);
    }

    /** The same schema with another table name, for staging tables. */
    PgTableName sibling(String otherTable) {
        return new PgTableName(schema, otherTable, defaultSchema);
    }
}
