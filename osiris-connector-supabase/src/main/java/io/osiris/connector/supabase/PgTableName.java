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

    /**
     * Splits {@code schema.table} at the first dot outside double quotes; a bare name is in
     * {@code defaultSchema}. A double-quoted part is unquoted, so {@code "a.b"} is the table
     * {@code a.b} in the default schema and {@code analytics."a.b"} the same name in {@code analytics}.
     */
    static PgTableName resolve(String name, String defaultSchema) {
        String trimmed = name.trim();
        int end = trimmed.startsWith("\"") ? closingQuote(trimmed) : -1;
        int dot = trimmed.indexOf('.', end + 1);
        if (dot > 0 && dot < trimmed.length() - 1) {
            String schema = unquote(trimmed.substring(0, dot));
            return new PgTableName(schema, unquote(trimmed.substring(dot + 1)), schema.equals(defaultSchema));
        }
        return new PgTableName(defaultSchema, unquote(trimmed), true);
    }

    /** The index of the quote closing the identifier {@code text} opens with, or -1. */
    private static int closingQuote(String text) {
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String unquote(String part) {
        return part.length() >= 2 && part.startsWith("\"") && closingQuote(part) == part.length() - 1
                ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part;
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
