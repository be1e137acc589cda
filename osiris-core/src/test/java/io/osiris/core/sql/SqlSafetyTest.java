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
