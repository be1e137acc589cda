package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoviesDatabaseTest {

    @Test
    void theDuckDbFileHasEveryTableAndAvaDuVernayDirectedSelma(@TempDir Path dir) throws Exception {
        Path file = MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement st = c.createStatement()) {
            for (String table : MoviesDatabase.TABLES) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table).isPositive();
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT d.birth_year, d.awards, m.title, m.release_year
                    FROM directors d JOIN movies m ON m.director_id = d.director_id
                    WHERE d.name = 'Ava DuVernay' AND m.title = 'Selma'""")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(1972);
                assertThat(rs.getInt(2)).isEqualTo(8);
                assertThat(rs.getInt(4)).isEqualTo(2014);
            }
        }
    }

    @Test
    void creatingAgainReplacesTheFile(@TempDir Path dir) {
        Path file = dir.resolve("movies.duckdb");
        MoviesDatabase.createDuckDb(file);
        MoviesDatabase.createDuckDb(file);
        assertThat(file).exists();
    }
}
