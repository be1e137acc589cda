package io.osiris.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorScrubberTest {
    /** Messages as PostgreSQL, MariaDB and DuckDB write them, with the value each must lose. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ERROR: invalid input syntax for type integer: \"alice@example.com\"|alice@example.com",
        "ERROR: invalid input syntax for type integer: \"Zyxwvut\"|Zyxwvut",
        "ERROR: duplicate key value violates unique constraint \"users_email_key\"\\n  Detail: Key (email)=(x@y.zz) already exists.|x@y.zz",
        "ERROR: null value in column \"id\" violates not-null constraint\\n  Detail: Failing row contains (null, Hunter2Pw).|Hunter2Pw",
        "ERROR: duplicate key value: Key (lower(name))=(Bob Secretname) already exists|Bob Secretname",
        "Conversion Error: Could not convert string 'secret-word' to INT32|secret-word",
        "Truncated incorrect DOUBLE value: 'abc-value'|abc-value",
        "Incorrect integer value: 'Qwerty' for column 'id' at row 1|Qwerty",
        "Duplicate entry 'dup@example.org' for key 'email'|dup@example.org",
        "Conversion Error: Type INT64 with value 99999999999 can't be cast to INT32|99999999999",
        "ERROR: date/time field value out of range: \"2020-13-45\"|2020-13-45",
        "ERROR: invalid input syntax for type json\\n  Detail: Token \"Zyxwvut\" is invalid.\\n  Where: JSON data, line 1: Zyxwvut|Zyxwvut",
        "Invalid Input Error: CSV Error on Line: 1\\nOriginal Line: root x 0 0 secretline|secretline"})
    void dataValuesLeaveErrors(String message, String value) {
        String scrubbed = ErrorScrubber.scrub(message.replace("\\n", "\n"), "SELECT CAST(x AS integer) FROM users",
                Set.of("users", "id"));

        assertThat(scrubbed).doesNotContain(value);
    }

    @Test
    void whatTheModelWroteAndSchemaNamesStay() {
        String sql = "SELECT nme FROM users WHERE name = 'Bob'";
        assertThat(ErrorScrubber.scrub("ERROR: column \"nme\" does not exist", sql, Set.of()))
                .isEqualTo("ERROR: column \"nme\" does not exist");
        assertThat(ErrorScrubber.scrub("Unknown column 'nme' in 'field list'", sql, Set.of()))
                .isEqualTo("Unknown column 'nme' in 'field list'");
        assertThat(ErrorScrubber.scrub("Binder Error: Referenced column \"nme\" not found! Candidate bindings: "
                + "\"users.name\"", sql, Set.of("users", "name")))
                .contains("\"nme\"", "\"users.name\"");
        assertThat(ErrorScrubber.scrub("invalid input syntax for type integer: \"Bob\"", sql, Set.of()))
                .contains("\"Bob\"");
        assertThat(ErrorScrubber.scrub("ERROR: duplicate key\n  Detail: Key (email)=(x@y.zz) already exists.\n"
                + "  Hint: check your key", sql, Set.of()))
                .isEqualTo("ERROR: duplicate key\n  Hint: check your key");
    }

    @Test
    void aRealDuckDbConversionErrorLosesItsValue() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t18pii_people AS SELECT 'Zyxwvut-Secret' AS age_text");
            String sql = "SELECT CAST(age_text AS INTEGER) FROM t18pii_people";
            assertThatThrownBy(() -> s.executeQuery(sql)).satisfies(e -> {
                assertThat(e.getMessage()).contains("Zyxwvut-Secret");
                assertThat(ErrorScrubber.scrub(e.getMessage(), sql, List.of("t18pii_people", "age_text")))
                        .doesNotContain("Zyxwvut").contains(ErrorScrubber.VALUE);
            });
        }
    }
}
