package io.osiris.core.sql;

import static io.osiris.api.connector.SqlDialect.DUCKDB;
import static io.osiris.api.connector.SqlDialect.MYSQL;
import static io.osiris.api.connector.SqlDialect.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.SqlDialect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A table extraction's {@code where} is one condition that passes every SQL check. */
class SqlFilterTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(MYSQL, "1=1 UNION SELECT load_file('/etc/passwd')", "load_file"),
                Arguments.of(MYSQL, "1=1) UNION SELECT load_file('/etc/passwd') FROM (SELECT 1", "load_file"),
                Arguments.of(MYSQL, "1=1) UNION SELECT password FROM users WHERE (1=1", "cannot be read"),
                Arguments.of(MYSQL, "1 = 1 /*!50000 AND SLEEP(5) */", "executable comment"),
                Arguments.of(MYSQL, "1 = 1; DELETE FROM movies", "2 statements"),
                Arguments.of(MYSQL, "rating > 8 # the rest", "comment"),
                Arguments.of(MYSQL, "rating > 8 --sleep(3)", "sleep"),
                Arguments.of(MYSQL, "rating > 8 LOCK IN SHARE MODE", "SQL"),
                Arguments.of(POSTGRES, "rating > 8 -- cut the LIMIT", "comment"),
                Arguments.of(POSTGRES, "rating > 8 /* x */", "comment"),
                Arguments.of(POSTGRES, "rating > 8 ORDER BY 1", "not one condition"),
                Arguments.of(POSTGRES, "rating > 8 LIMIT 1", "not one condition"),
                Arguments.of(POSTGRES, "rating > 8 UNION SELECT * FROM secrets", "not one condition"),
                Arguments.of(POSTGRES, "rating > 8 FOR UPDATE", "locking clause"),
                Arguments.of(POSTGRES, "title = pg_read_file('/etc/passwd')", "pg_read_file"),
                Arguments.of(POSTGRES, "EXISTS (SELECT 1 FROM dblink('dbname=test', 'delete from t') AS d(a int))", "dblink"),
                Arguments.of(DUCKDB, "id IN (SELECT id FROM read_csv('/etc/passwd'))", "read_csv"),
                Arguments.of(DUCKDB, "   ", "empty"));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(MYSQL, "rating > 8 AND title LIKE 'A%'"),
                Arguments.of(MYSQL, "release_date >= DATE_SUB(NOW(), INTERVAL 30 DAY)"),
                Arguments.of(POSTGRES, "(rating > 8 OR votes > 100) AND genre IN ('drama', 'comedy')"),
                Arguments.of(POSTGRES, "created_at >= now() - interval '7 days'"),
                Arguments.of(POSTGRES, "id IN (SELECT movie_id FROM reviews WHERE rating = 10)"),
                Arguments.of(DUCKDB, "year BETWEEN 1990 AND 1999"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void refusesAFilterThatIsNotOneSafeCondition(SqlDialect dialect, String where, String reason) {
        assertThat(SqlSafety.forDialect(dialect).filterRefusal(where)).as(dialect + ": " + where)
                .hasValueSatisfying(r -> assertThat(r).containsIgnoringCase(reason));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("accepted")
    void acceptsAnEverydayFilter(SqlDialect dialect, String where) {
        assertThat(SqlSafety.forDialect(dialect).filterRefusal(where)).as(dialect + ": " + where).isEmpty();
    }
}
