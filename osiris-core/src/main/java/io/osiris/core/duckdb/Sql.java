package io.osiris.core.duckdb;

import io.osiris.api.connector.SqlDialect;

/** Identifier and literal quoting for DuckDB statements built from names. */
final class Sql {
    private Sql() {
    }

    static String quote(String identifier) {
        return SqlDialect.DUCKDB.quote(identifier);
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
