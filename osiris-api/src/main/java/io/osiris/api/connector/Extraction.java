package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What to read from a source: a query, or a table with optional columns and filter. */
public sealed interface Extraction permits Extraction.Query, Extraction.Table {

    /** The most rows to read, or 0 for all. */
    long limit();

    /**
     * One read-only statement (SELECT or WITH) in the source's dialect.
     *
     * @param sql   the statement, without a trailing semicolon
     * @param limit the most rows to read, or 0 for all
     */
    record Query(String sql, long limit) implements Extraction {
        public Query {
            requireNonNull(sql, "sql");
            if (sql.isBlank()) {
                throw new IllegalArgumentException("query must not be blank");
            }
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0");
            }
        }

        /** All rows of a query. */
        public Query(String sql) {
            this(sql, 0);
        }
    }

    /**
     * A table, optionally narrowed.
     *
     * @param table   the table name, schema-qualified where needed
     * @param columns the columns to read, in order; empty for all
     * @param where   a filter condition in the source's dialect; empty for none
     * @param limit   the most rows to read, or 0 for all
     */
    record Table(String table, List<String> columns, String where, long limit) implements Extraction {
        public Table {
            requireNonNull(table, "table");
            requireNonNull(where, "where");
            columns = List.copyOf(columns);
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0");
            }
        }

        /** Every row and column of a table. */
        public Table(String table) {
            this(table, List.of(), "", 0);
        }
    }
}
