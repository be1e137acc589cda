package io.osiris.jdbc;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.ConnectorConfig;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * The time limits of one database connection, read from its settings: {@code statement_timeout}
 * (default 10m; core fills it from {@code limits.statement_timeout}), {@code connect_timeout}
 * (default 10s) and {@code socket_timeout} (default the statement timeout plus one minute, so
 * the server's own limit fires first and a stalled server still cannot hang a read forever).
 * {@code 0} switches a limit off.
 *
 * @param statement how long one statement may run on the server; zero for no limit
 * @param connect   how long to wait for a new connection
 * @param socket    how long one read from the server may block; zero for no limit
 * @param location  the connection, for messages: {@code connections.mysql.default}
 */
public record JdbcTimeouts(Duration statement, Duration connect, Duration socket, String location) {
    /** The statement timeout when neither the connection nor {@code limits} sets one. */
    public static final Duration DEFAULT_STATEMENT = Duration.ofMinutes(10);
    /** The connect timeout when the connection sets none. */
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(10);
    /** How much longer than the statement timeout a read may block by default. */
    public static final Duration SOCKET_GRACE = Duration.ofMinutes(1);

    public JdbcTimeouts {
        requireNonNull(statement, "statement");
        requireNonNull(connect, "connect");
        requireNonNull(socket, "socket");
        requireNonNull(location, "location");
    }

    /**
     * Reads the three keys of a connection; {@code legacyConnectKey} (an integer of seconds an
     * older config may use) is read when {@code connect_timeout} is absent.
     *
     * @throws ConfigurationException naming the key whose value is not a duration
     */
    public static JdbcTimeouts from(ConnectorConfig config, String legacyConnectKey) {
        Duration statement = config.getDuration("statement_timeout", DEFAULT_STATEMENT);
        Duration connect = config.get("connect_timeout").isPresent() || legacyConnectKey == null
                ? config.getDuration("connect_timeout", DEFAULT_CONNECT)
                : config.getDuration(legacyConnectKey, DEFAULT_CONNECT);
        if (connect.isZero()) {
            throw new ConfigurationException(config.location() + ".connect_timeout: expected more than 0");
        }
        Duration socket = config.getDuration("socket_timeout",
                statement.isZero() ? Duration.ZERO : statement.plus(SOCKET_GRACE));
        return new JdbcTimeouts(statement, connect, socket, config.location());
    }

    /** The keys a JDBC connector declares for these limits. */
    public static List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.optional("statement_timeout", "how long one statement may run (e.g. 30s, 10m); "
                        + "default limits.statement_timeout (10m); 0 for none"),
                ConfigKey.optional("connect_timeout", "how long to wait for a connection, default 10s"),
                ConfigKey.optional("socket_timeout", "how long one read may block, default statement_timeout + 1m"));
    }

    /**
     * Whether a failure is one of these limits firing: the server cancelled the statement for its
     * timeout ({@code serverTimeoutCodes} are the database's own error codes, {@code 57014} the
     * standard state for a cancelled query), the driver's query timeout, or a read timing out.
     */
    public static boolean isTimeout(SQLException e, int... serverTimeoutCodes) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException s) {
                for (int code : serverTimeoutCodes) {
                    if (s.getErrorCode() == code) {
                        return true;
                    }
                }
                String message = String.valueOf(s.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if ("57014".equals(s.getSQLState()) && message.contains("statement timeout")) {
                    return true;
                }
                if (message.contains("read timed out")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The one line a timeout fails with: {@code <what>: the query ran past statement_timeout 10m
     * on mysql.default; raise limits.statement_timeout or connections.mysql.default.statement_timeout}.
     */
    public String message(String what) {
        return what + ": the query ran past statement_timeout " + ConnectorConfig.formatDuration(statement) + " on "
                + name() + "; raise limits.statement_timeout or " + location + ".statement_timeout";
    }

    /** The exception a timeout fails with: {@link #message} and the driver's exception as its cause. */
    public io.osiris.api.StatementTimeoutException failure(String what, Throwable cause) {
        return new io.osiris.api.StatementTimeoutException(readTimedOut(cause) ? socketMessage(what) : message(what),
                cause);
    }

    /** A read that waited past {@code socket_timeout}: the server stalled, or the network did. */
    private String socketMessage(String what) {
        return what + ": no answer from " + name() + " within socket_timeout "
                + ConnectorConfig.formatDuration(socket) + "; check the server, or raise " + location + ".socket_timeout";
    }

    private static boolean readTimedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException
                    || String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("read timed out")) {
                return true;
            }
        }
        return false;
    }

    private String name() {
        return location.startsWith("connections.") ? location.substring("connections.".length()) : location;
    }

    /** Whole seconds of a limit, at least 1 unless the limit is off. */
    public static int seconds(Duration d) {
        return d.isZero() ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (d.toMillis() + 999) / 1000));
    }
}
