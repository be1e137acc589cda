package io.osiris.core.template;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.SqlDialect;

/**
 * The source a generated pipeline extracts from: a named connection of {@code .osiris.yaml}
 * ({@code source: mysql, connection: default}) or a database file ({@code source: duckdb,
 * path: movies.duckdb}), and the dialect its SQL is written in.
 *
 * @param type       the connector type
 * @param connection the connection name; empty when {@code path} is set
 * @param path       the database file; empty for a named connection
 * @param dialect    the SQL dialect of the source
 */
public record TemplateSource(String type, String connection, String path, SqlDialect dialect) {
    public TemplateSource {
        requireNonNull(type, "type");
        requireNonNull(connection, "connection");
        requireNonNull(path, "path");
        requireNonNull(dialect, "dialect");
        if (connection.isEmpty() == path.isEmpty()) {
            throw new IllegalArgumentException("a source has either a connection name or a path");
        }
    }

    /** A named connection. */
    public static TemplateSource connection(String type, String name, SqlDialect dialect) {
        return new TemplateSource(type, name, "", dialect);
    }

    /** A database file. */
    public static TemplateSource file(String type, String path, SqlDialect dialect) {
        return new TemplateSource(type, "", path, dialect);
    }

    /** Whether the source is a file rather than a named connection. */
    public boolean isFile() {
        return !path.isEmpty();
    }

    /** How messages and cache keys name it: {@code mysql.default} or {@code duckdb:movies.duckdb}. */
    public String label() {
        return isFile() ? type + ":" + path : type + "." + connection;
    }
}
