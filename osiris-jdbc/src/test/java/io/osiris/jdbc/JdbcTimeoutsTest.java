package io.osiris.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcTimeoutsTest {
    private static JdbcTimeouts of(Map<String, String> settings) {
        return JdbcTimeouts.from(new ConnectorConfig("mysql", "default", settings), "connect_timeout_seconds");
    }

    @Test
    void defaultsAreTenMinutesTenSecondsAndTheStatementTimeoutPlusAMinute() {
        JdbcTimeouts t = of(Map.of());
        assertThat(t.statement()).isEqualTo(Duration.ofMinutes(10));
        assertThat(t.connect()).isEqualTo(Duration.ofSeconds(10));
        assertThat(t.socket()).isEqualTo(Duration.ofMinutes(11));
    }

    @Test
    void theSocketTimeoutFollowsTheStatementTimeoutUnlessSet() {
        assertThat(of(Map.of("statement_timeout", "2s")).socket()).isEqualTo(Duration.ofSeconds(62));
        assertThat(of(Map.of("statement_timeout", "2s", "socket_timeout", "5s")).socket())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(of(Map.of("statement_timeout", "0")).socket()).isEqualTo(Duration.ZERO);
    }

    @Test
    void connectTimeoutReadsTheOlderKeyWhenTheNewOneIsAbsent() {
        assertThat(of(Map.of("connect_timeout_seconds", "3")).connect()).isEqualTo(Duration.ofSeconds(3));
        assertThat(of(Map.of("connect_timeout_seconds", "3", "connect_timeout", "500ms")).connect())
                .isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"statement_timeout=soon", "socket_timeout=1.5s", "connect_timeout=-1s",
            "connect_timeout=0"})
    void aBadValueNamesTheConnectionAndKey(String entry) {
        String key = entry.substring(0, entry.indexOf('='));
        assertThatThrownBy(() -> of(Map.of(key, entry.substring(entry.indexOf('=') + 1))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connections.mysql.default." + key);
    }

    @Test
    void theTimeoutMessageNamesTheLimitTheConnectionAndHowToRaiseIt() {
        assertThat(of(Map.of()).message("extract movies")).isEqualTo("extract movies: the query ran past "
                + "statement_timeout 10m on mysql.default; raise limits.statement_timeout or "
                + "connections.mysql.default.statement_timeout");
    }

    @Test
    void aReadTimeoutSaysTheServerDidNotAnswerWithinTheSocketTimeout() {
        JdbcTimeouts t = of(Map.of("statement_timeout", "2s"));
        assertThat(t.failure("extract movies", new SQLException("x", "08S01", new SocketTimeoutException("Read timed out")))
                .getMessage()).isEqualTo("extract movies: no answer from mysql.default within socket_timeout 62s; "
                + "check the server, or raise connections.mysql.default.socket_timeout");
        assertThat(t.failure("extract movies", new SQLException("interrupted", "70100", 1969)).getMessage())
                .contains("ran past statement_timeout 2s");
    }

    @Test
    void timeoutsAreRecognisedByKind() {
        assertThat(JdbcTimeouts.isTimeout(new SQLTimeoutException("t"))).isTrue();
        assertThat(JdbcTimeouts.isTimeout(new SQLException("x", "08S01", new SocketTimeoutException("Read timed out"))))
                .isTrue();
        assertThat(JdbcTimeouts.isTimeout(new SQLException("interrupted", "70100", 1969), 1969)).isTrue();
        assertThat(JdbcTimeouts.isTimeout(new SQLException("ERROR: canceling statement due to statement timeout",
                "57014"))).isTrue();
        assertThat(JdbcTimeouts.isTimeout(new SQLException("ERROR: canceling statement due to user request",
                "57014"))).isFalse();
        assertThat(JdbcTimeouts.isTimeout(new SQLException("syntax", "42000", 1064), 1969)).isFalse();
    }
}
