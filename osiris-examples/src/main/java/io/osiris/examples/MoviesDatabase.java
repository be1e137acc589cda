package io.osiris.examples;

import io.osiris.api.ExecutionFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The movies database every example and the demo use: directors, movies, actors,
 * movie_actors and reviews. One portable SQL script ({@code movies.sql}) creates it on
 * DuckDB, MySQL/MariaDB and PostgreSQL alike.
 */
public final class MoviesDatabase {
    /** The tables, in creation order. */
    public static final List<String> TABLES = List.of("directors", "movies", "actors", "movie_actors", "reviews");

    private static final String SCRIPT = "movies/movies.sql";

    private MoviesDatabase() {
    }

    /** The seed script: CREATE TABLE and INSERT statements in portable SQL. */
    public static String script() {
        try (InputStream in = MoviesDatabase.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCRIPT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The seed script split into statements, comments removed. */
    public static List<String> statements() {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script().split("\n")) {
            if (line.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            // Statements end with a semicolon at the end of a line; no value in the data does.
            if (line.endsWith(";")) {
                String sql = current.toString().trim();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    /** Runs the seed script on an open connection (an empty database). */
    public static void seed(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements()) {
                st.execute(sql);
            }
        }
    }

    /**
     * Creates the movies database as a DuckDB file, replacing one already there.
     *
     * @return the file
     */
    public static Path createDuckDb(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath())) {
                seed(c);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        } catch (SQLException e) {
            throw new ExecutionFailedException("cannot create the movies database in " + file + ": " + e.getMessage(), e);
        }
    }
}
