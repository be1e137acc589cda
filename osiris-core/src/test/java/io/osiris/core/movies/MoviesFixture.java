package io.osiris.core.movies;

import java.io.IOException;
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
 * The movies database for core tests, as a DuckDB file. Core cannot depend on osiris-examples
 * (examples depend on core), so the tests read the examples' seed script from its place in the
 * source tree: one copy of the data.
 */
public final class MoviesFixture {
    /** The seed script, relative to a module directory (where Maven runs tests). */
    public static final Path SCRIPT =
            Path.of("..", "osiris-examples", "src", "main", "resources", "io", "osiris", "examples", "movies", "movies.sql");

    private MoviesFixture() {
    }

    /** The seed statements, comments removed. */
    public static List<String> statements() {
        String script;
        try {
            script = Files.readString(SCRIPT, StandardCharsets.UTF_8);
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
