package io.osiris.core.movies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The movies database for core tests, as a DuckDB file. Core cannot depend on osiris-examples
 * (examples depend on core), so {@code movies.sql} is a test-resource copy of the examples'
 * seed script; keep the two identical.
 */
public final class MoviesFixture {
    private MoviesFixture() {
    }

    /** The seed statements, comments removed. */
    public static List<String> statements() {
        String script;
        try (InputStream in = MoviesFixture.class.getResourceAsStream("movies.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (line.endsWith(";")) {
                String sql = current.toString().trim();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }

    /** Creates the movies database as a DuckDB file. */
    public static Path createDuckDb(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement s = c.createStatement()) {
            for (String sql : statements()) {
                s.execute(sql);
            }
            return file;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the movies database in " + file, e);
        }
    }
}
