package io.osiris.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.connector.SqlDialect;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SqlSafetyTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies; DELETE FROM movies", "2 statements"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT 1; SELECT 2", "2 statements"),
                Arguments.of(SqlDialect.MYSQL, "SELECT 1 /* hidden */ ; /* second */ DROP TABLE movies", "2 statements"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT 1 -- comment \n; DROP TABLE movies", "2 statements"),
                Arguments.of(SqlDialect.MYSQL, "DELETE FROM movies", "not DELETE"),
                Arguments.of(SqlDialect.MYSQL, "INSERT INTO movies VALUES (1)", "not INSERT"),
                Arguments.of(SqlDialect.POSTGRES, "UPDATE movies SET title = 'x'", "not UPDATE"),
                Arguments.of(SqlDialect.POSTGRES, "DROP TABLE movies", "not DROP"),
                Arguments.of(SqlDialect.POSTGRES, "CREATE TABLE x AS SELECT 1", "not CREATETABLE"),
                Arguments.of(SqlDialect.POSTGRES, "TRUNCATE movies", "not TRUNCATE"),
                Arguments.of(SqlDialect.POSTGRES, "WITH gone AS (DELETE FROM movies RETURNING *) SELECT * FROM gone", "modifies data"),
                Arguments.of(SqlDialect.POSTGRES, "WITH n AS (INSERT INTO t VALUES (1) RETURNING id) SELECT * FROM n", "modifies data"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT * INTO new_movies FROM movies", "SELECT ... INTO"),
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies INTO OUTFILE '/tmp/movies.csv'", "cannot be read"),
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies INTO DUMPFILE '/tmp/movies.bin'", "cannot be read"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT * FROM movies FOR UPDATE", "locking clause"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT * FROM movies FOR SHARE", "locking clause"),
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies LOCK IN SHARE MODE", "SQL"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT pg_terminate_backend(42)", "pg_terminate_backend"),
                Arguments.of(SqlDialect.MYSQL, "SELECT SLEEP(100)", "sleep"),
                Arguments.of(SqlDialect.MYSQL, "SELECT LOAD_FILE('/etc/passwd')", "load_file"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT * FROM (SELECT nextval('s')) x", "nextval"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT * FROM movies WHERE id IN (SELECT set_config('a','b',false))", "set_config"),
                Arguments.of(SqlDialect.ANSI, "SELEKT 1", "cannot be read"),
                Arguments.of(SqlDialect.ANSI, "   ", "empty"));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(SqlDialect.MYSQL, "SELECT m.movie_id, m.title FROM movies m JOIN reviews r ON m.movie_id = r.movie_id WHERE r.rating > 8.0"),
                Arguments.of(SqlDialect.MYSQL, "SELECT `title` FROM `movies` WHERE title = 'it\\'s'"),
                Arguments.of(SqlDialect.POSTGRES, "WITH top AS (SELECT * FROM movies WHERE rating > 8) SELECT title FROM top ORDER BY 1 LIMIT 10"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT title FROM movies UNION ALL SELECT name FROM people"),
                Arguments.of(SqlDialect.POSTGRES, "VALUES (1, 'a'), (2, 'b')"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT 'DELETE FROM movies; DROP TABLE x' AS text"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT count(*) FILTER (WHERE rating > 8) FROM reviews"),
                Arguments.of(SqlDialect.DUCKDB, "SELECT * FROM movies WHERE year BETWEEN 1990 AND 1999"));
    }

    /** At least ten writes per dialect, with the comment, CTE and multi-statement tricks. */
    static Stream<Arguments> refusedWrites() {
        return Stream.of(
                // MySQL / MariaDB
                Arguments.of(SqlDialect.MYSQL, "DELETE FROM movies"),
                Arguments.of(SqlDialect.MYSQL, "UPDATE movies SET title = 'x'"),
                Arguments.of(SqlDialect.MYSQL, "INSERT INTO movies (movie_id) VALUES (999)"),
                Arguments.of(SqlDialect.MYSQL, "REPLACE INTO movies (movie_id) VALUES (1)"),
                Arguments.of(SqlDialect.MYSQL, "DROP TABLE movies"),
                Arguments.of(SqlDialect.MYSQL, "TRUNCATE TABLE movies"),
                Arguments.of(SqlDialect.MYSQL, "ALTER TABLE movies ADD COLUMN x INT"),
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies; DELETE FROM movies"),
                Arguments.of(SqlDialect.MYSQL, "SELECT 1 /* harmless */; DROP TABLE movies -- bye"),
                Arguments.of(SqlDialect.MYSQL, "/*!50000 DELETE FROM movies */"),
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies -- comment\n; UPDATE movies SET title = 'x'"),
                Arguments.of(SqlDialect.MYSQL, "WITH m AS (SELECT 1) DELETE FROM movies"),
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies INTO OUTFILE '/tmp/movies.csv'"),
                Arguments.of(SqlDialect.MYSQL, "SELECT * FROM movies FOR UPDATE"),
                Arguments.of(SqlDialect.MYSQL, "CREATE TABLE copy AS SELECT * FROM movies"),
                // PostgreSQL / Supabase
                Arguments.of(SqlDialect.POSTGRES, "DELETE FROM movies"),
                Arguments.of(SqlDialect.POSTGRES, "UPDATE movies SET title = 'x' WHERE movie_id = 1"),
                Arguments.of(SqlDialect.POSTGRES, "INSERT INTO movies SELECT * FROM movies"),
                Arguments.of(SqlDialect.POSTGRES, "DROP TABLE movies CASCADE"),
                Arguments.of(SqlDialect.POSTGRES, "TRUNCATE movies"),
                Arguments.of(SqlDialect.POSTGRES, "WITH gone AS (DELETE FROM movies RETURNING *) SELECT count(*) FROM gone"),
                Arguments.of(SqlDialect.POSTGRES, "WITH x AS (UPDATE movies SET title = 'y' RETURNING 1) SELECT * FROM x"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT 1; DROP TABLE movies"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT 1 /* ; */ ; /* hidden */ DELETE FROM movies"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT * INTO movies_copy FROM movies"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT * FROM movies FOR NO KEY UPDATE"),
                Arguments.of(SqlDialect.POSTGRES, "COPY movies FROM '/tmp/evil.csv'"),
                Arguments.of(SqlDialect.POSTGRES, "SELECT lo_import('/etc/passwd')"),
                // DuckDB
                Arguments.of(SqlDialect.DUCKDB, "DELETE FROM movies"),
                Arguments.of(SqlDialect.DUCKDB, "UPDATE movies SET title = 'x'"),
                Arguments.of(SqlDialect.DUCKDB, "INSERT INTO movies SELECT * FROM movies"),
                Arguments.of(SqlDialect.DUCKDB, "DROP TABLE movies"),
                Arguments.of(SqlDialect.DUCKDB, "CREATE TABLE copy AS SELECT * FROM movies"),
                Arguments.of(SqlDialect.DUCKDB, "COPY movies TO '/tmp/movies.csv'"),
                Arguments.of(SqlDialect.DUCKDB, "ATTACH '/tmp/other.duckdb' AS other"),
                Arguments.of(SqlDialect.DUCKDB, "SELECT * FROM movies; DELETE FROM movies"),
                Arguments.of(SqlDialect.DUCKDB, "SELECT 1 -- note\n; DROP TABLE movies"),
                Arguments.of(SqlDialect.DUCKDB, "WITH d AS (DELETE FROM movies RETURNING *) SELECT * FROM d"),
                Arguments.of(SqlDialect.DUCKDB, "/* SELECT */ DELETE FROM movies"),
                Arguments.of(SqlDialect.DUCKDB, "SELECT * INTO copy FROM movies"),
                Arguments.of(SqlDialect.DUCKDB, "PRAGMA threads = 1"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedWrites")
    void refusesEveryWriteInEveryDialect(SqlDialect dialect, String sql) {
        String text = sql.replace("\\n", "\n");
        assertThat(SqlSafety.forDialect(dialect).refusal(text)).as(dialect + ": " + text).isPresent();
    }

    @Test
    void theCorpusHasAtLeastTenRefusedWritesPerDialect() {
        for (SqlDialect d : new SqlDialect[] {SqlDialect.MYSQL, SqlDialect.POSTGRES, SqlDialect.DUCKDB}) {
            assertThat(refusedWrites().filter(a -> a.get()[0] == d).count()).as(d.name()).isGreaterThanOrEqualTo(10);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void refusesWhatIsNotOneReadOnlyStatement(SqlDialect dialect, String sql, String reason) {
        String text = sql.replace("\\n", "\n");
        assertThat(SqlSafety.forDialect(dialect).refusal(text)).as(text).hasValueSatisfying(
                r -> assertThat(r).containsIgnoringCase(reason));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("accepted")
    void acceptsOneReadOnlyStatement(SqlDialect dialect, String sql) {
        assertThat(SqlSafety.forDialect(dialect).refusal(sql)).as(sql).isEmpty();
    }

    @Test
    void checkThrowsAValidationExceptionNamingTheInput() {
        assertThatThrownBy(() -> SqlSafety.forDialect(SqlDialect.MYSQL).check("DROP TABLE movies", "--sql"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("--sql: refused SQL");
    }
}
