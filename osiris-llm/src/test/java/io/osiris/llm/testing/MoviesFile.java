package io.osiris.llm.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** The movies database in a DuckDB file, for the agent's tests. */
public final class MoviesFile {
    private MoviesFile() {
    }

    /**
     * Creates {@code file} from the examples' seed script, read from the source tree: osiris-examples
     * depends on osiris-llm, so it cannot be a test dependency here.
     */
    public static Path create(Path file) throws Exception {
        String script = Files.readString(Path.of("..", "osiris-examples", "src", "main", "resources", "io", "osiris",
                "examples", "movies", "movies.sql"), StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
                Statement st = c.createStatement()) {
            StringBuilder current = new StringBuilder();
            for (String line : script.split("\n")) {
                if (line.startsWith("--")) {
                    continue;
                }
                current.append(line).append('\n');
                if (line.endsWith(";")) {
                    st.execute(current.toString().trim().replaceAll(";$", ""));
                    current.setLength(0);
                }
            }
        }
        return file;
    }
}
