package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.examples.MoviesDatabase;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes disguised as extractions, through {@code osiris generate --sql}, against the real
 * databases: each is refused with exit code 2, no pipeline file appears, and every table keeps
 * its rows.
 */
class RefusedSqlAgainstDatabasesIT {
    static final List<String> MYSQL = List.of(
            "DELETE FROM movies",
            "UPDATE movies SET title = 'x'",
            "INSERT INTO movies (movie_id, title, release_year, genre, director_id) VALUES (999, 'x', 2000, 'x', 1)",
            "REPLACE INTO directors (director_id, name, awards) VALUES (1, 'x', 0)",
            "DROP TABLE reviews",
            "TRUNCATE TABLE movie_actors",
            "SELECT * FROM movies; DELETE FROM movies",
            "SELECT 1 /* harmless */; DROP TABLE movies -- bye",
            "/*!50000 DELETE FROM reviews */",
            "SELECT * FROM movies -- comment\n; UPDATE movies SET title = 'x'",
            "WITH m AS (SELECT 1) DELETE FROM movies",
            "SELECT * FROM movies INTO OUTFILE '/tmp/osiris-movies.csv'",
            "SELECT * FROM movies FOR UPDATE",
            "CREATE TABLE copy AS SELECT * FROM movies");
    static final List<String> POSTGRES = List.of(
            "DELETE FROM movies",
            "UPDATE movies SET title = 'x' WHERE movie_id = 1",
            "INSERT INTO directors SELECT * FROM directors",
            "DROP TABLE reviews CASCADE",
            "TRUNCATE movie_actors",
            "WITH gone AS (DELETE FROM reviews RETURNING *) SELECT count(*) FROM gone",
            "WITH x AS (UPDATE movies SET title = 'y' RETURNING 1) SELECT * FROM x",
            "SELECT 1; DROP TABLE movies",
            "SELECT 1 /* ; */ ; /* hidden */ DELETE FROM movies",
            "SELECT * INTO movies_copy FROM movies",
            "SELECT * FROM movies FOR NO KEY UPDATE",
            "COPY movies FROM '/tmp/evil.csv'");
    static final List<String> DUCKDB = List.of(
            "DELETE FROM movies",
            "UPDATE movies SET title = 'x'",
            "INSERT INTO directors SELECT * FROM directors",
            "DROP TABLE reviews",
            "CREATE TABLE copy AS SELECT * FROM movies",
            "COPY movies TO '/tmp/osiris-movies.csv'",
            "ATTACH '/tmp/osiris-other.duckdb' AS other",
            "SELECT * FROM movies; DELETE FROM movies",
            "SELECT 1 -- note\n; DROP TABLE movies",
            "WITH d AS (DELETE FROM reviews RETURNING *) SELECT * FROM d",
            "/* SELECT */ DELETE FROM movies",
            "SELECT * INTO copy FROM movies");

    @TempDir
    Path dir;

    @Test
    void mariaDbKeepsEveryRow() throws Exception {
        String url = MoviesOnServers.mysql();
        Path config = MoviesOnServers.config(dir, url, null);
        refuseAll(config, "mysql.it", MYSQL, () -> TestDatabases.connect(url));
    }

    @Test
    void postgresKeepsEveryRow() throws Exception {
        String url = MoviesOnServers.postgres();
        Path config = MoviesOnServers.config(dir, null, url);
        refuseAll(config, "supabase.it", POSTGRES, () -> TestDatabases.connect(url));
    }

    @Test
    void duckDbKeepsEveryRow() throws Exception {
        Path movies = MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        Path config = MoviesOnServers.config(dir, null, null);
        refuseAll(config, "duckdb:" + movies, DUCKDB, () -> DriverManager.getConnection("jdbc:duckdb:" + movies));
    }

    interface Connect {
        Connection open() throws Exception;
    }

    private void refuseAll(Path config, String source, List<String> corpus, Connect connect) throws Exception {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(10);
        Map<String, Long> before;
        try (Connection c = connect.open()) {
            before = MoviesOnServers.counts(c);
        }
        Path out = dir.resolve("refused.yaml");
        for (String sql : corpus) {
            OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "generate", "--source", source,
                    "--sql", sql, "-o", out.toString());
            assertThat(r.exitCode()).as(sql + "\n" + r.err()).isEqualTo(2);
            assertThat(r.err()).as(sql).contains("refused SQL");
            assertThat(out).doesNotExist();
        }
        try (Connection c = connect.open()) {
            assertThat(MoviesOnServers.counts(c)).isEqualTo(before);
        }
        assertThat(before.get("movies")).isEqualTo(36);
    }
}
