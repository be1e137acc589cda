package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool of one connector (or the host application's own data source, used as
 * it is and left open: {@link io.osiris.jdbc.JdbcPool}), and the one place JDBC failures become Osiris
 * exceptions: with the host and what to do, and with the password scrubbed from every message
 * in the cause chain (a driver or pool may echo a URL or a property).
 */
final class PostgresClient implements AutoCloseable {
    private final SupabaseSettings settings;
    private final String connectionName;
    private final String type;
    private io.osiris.jdbc.JdbcPool pool; // guarded by this; created on first use (or the host's data source)
    private boolean closed; // guarded by this
    private int reserved; // guarded by this: connections the open split plans made room for

    PostgresClient(SupabaseSettings settings, String connectionName) {
        this(settings, connectionName, "supabase");
    }

    PostgresClient(SupabaseSettings settings, String connectionName, String type) {
        this.type = requireNonNull(type, "type");
        this.settings = requireNonNull(settings, "settings");
        this.connectionName = requireNonNull(connectionName, "connectionName");
    }

    SupabaseSettings settings() {
        return settings;
    }

    /**
     * A pooled connection; the caller closes it.
     *
     * @throws ConnectionException naming the cause: unreachable, authentication failed, unknown database
     */
    Connection connection() {
        io.osiris.jdbc.JdbcPool ds = dataSource();
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw connectionFailure(e);
        }
    }

    /**
     * Makes room in our pool (not a host's data source) for {@code connections} more at once
     * than {@code pool_size} and the other open reservations: a split plan's splits and the
     * connection holding their snapshot, so that two steps splitting at once do not wait on each
     * other. The pool does not shrink again; its idle connections are retired as usual.
     * {@link #release} ends the reservation.
     */
    void reserve(int connections) {
        io.osiris.jdbc.JdbcPool ds = dataSource();
        synchronized (this) {
            reserved += connections;
            ds.reserve(settings.poolSize() + reserved);
        }
    }

    /** Ends a {@link #reserve} of {@code connections}. */
    synchronized void release(int connections) {
        reserved -= connections;
    }

    /** Checks the database answers and accepts the credentials. */
    void ping() {
        try (Connection c = connection()) {
            if (!c.isValid(settings.connectTimeoutSeconds())) {
                throw new ConnectionException("PostgreSQL at " + settings.describe() + " does not answer");
            }
        } catch (SQLException e) {
            throw connectionFailure(e);
        }
    }

    private synchronized io.osiris.jdbc.JdbcPool dataSource() {
        if (closed) {
            throw new IllegalStateException("the " + connectionName + " connector is closed");
        }
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("osiris-postgres-" + connectionName);
            config.setDriverClassName("org.postgresql.Driver");
            config.setJdbcUrl(settings.jdbcUrl());
            config.setDataSourceProperties(settings.driverProperties());
            config.setMaximumPoolSize(settings.poolSize());
            config.setMinimumIdle(0);
            config.setConnectionTimeout(Math.max(250, settings.connectTimeoutSeconds() * 1000L + 2000L));
            // Fail on the first connection attempt rather than retrying for the whole timeout:
            // a wrong password or database will not fix itself, and the user waits for the answer.
            config.setInitializationFailTimeout(1);
            try {
                pool = io.osiris.jdbc.JdbcPool.open(settings.connection(), config, new org.postgresql.Driver());
            } catch (RuntimeException e) {
                throw connectionFailure(e);
            }
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    // ------------------------------------------------------------------ failures

    /** A connection failure, classified by SQLSTATE and cause, without the password. */
    ConnectionException connectionFailure(Throwable e) {
        if (e instanceof ConnectionException ce) {
            return ce;
        }
        String where = "PostgreSQL at " + settings.describe();
        String state = sqlState(e);
        String detail = scrub(rootMessage(e));
        String message;
        if ("28P01".equals(state) || "28000".equals(state)) {
            message = "authentication failed for " + where + ": " + detail + ". Check the user and the password"
                    + (SupabaseSettings.isSupabaseHost(settings.host()) || settings.host().contains("pooler")
                    ? " (Supabase: Project Settings > Database; through the pooler the user is postgres.<ref>)" : "")
                    + ".";
        } else if ("3D000".equals(state)) {
            message = "unknown database on " + where + ": " + detail + ". Check 'database' in the connection.";
        } else if (hasCause(e, UnknownHostException.class)) {
            message = "cannot reach " + where + ": unknown host '" + settings.host() + "'. Check the host or project URL.";
        } else if (hasCause(e, ConnectException.class) || hasCause(e, NoRouteToHostException.class)
                || hasCause(e, SocketTimeoutException.class) || (state != null && state.startsWith("08"))) {
            message = "cannot reach " + where + ": " + detail + ". Is the server running and the port open?";
        } else if ("53300".equals(state)) {
            message = "PostgreSQL at " + settings.describe() + " has too many connections: " + detail;
        } else {
            message = "cannot connect to " + where + ": " + detail;
        }
        return new ConnectionException(message, scrubbed(e));
    }

    /**
     * A statement failure with its context ({@code "extracting table movies"}) and the
     * database's own message. A lost connection stays a connection failure.
     */
    OsirisException failure(String context, SQLException e) {
        String state = e.getSQLState();
        if (io.osiris.jdbc.JdbcTimeouts.isTimeout(e)) {
            return settings.timeouts().failure(context, scrubbed(e));
        }
        if (state != null && (state.startsWith("08") || "57P01".equals(state) || "57P02".equals(state))) {
            // Lost after it was made: the server was reachable, so "cannot reach" would mislead.
            return new ConnectionException(context + ": the connection to " + type + "." + connectionName + " ("
                    + settings.describe() + ") was lost (" + scrub(firstLine(rootMessage(e))) + ")", scrubbed(e));
        }
        if (state != null && (state.startsWith("28") || "3D000".equals(state))) {
            return connectionFailure(e);
        }
        return new ExecutionFailedException(context + " on " + settings.describe() + " failed: "
                + scrub(e.getMessage()) + (state == null ? "" : " (SQLSTATE " + state + ")"), scrubbed(e));
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline).trim() : message.trim();
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        // The innermost SQL exception says most (pool wrappers repeat it with a prefix).
        Throwable best = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException && t.getMessage() != null) {
                best = t;
            }
        }
        String m = best.getMessage() == null ? best.getClass().getSimpleName() : best.getMessage();
        Throwable cause = best.getCause();
        if (cause != null && cause.getMessage() != null && !m.contains(cause.getMessage())) {
            m = m + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return m;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A message with the password masked. */
    String scrub(String message) {
        if (message == null) {
            return "";
        }
        String secret = settings.password();
        // Masking a one- or two-character password would mangle every message and protect nothing.
        return secret.length() < 3 ? message : message.replace(secret, "****");
    }

    /**
     * The cause chain as is when no message holds the password; otherwise a copy of it with the
     * password masked (same classes where they are SQL exceptions, same stack traces).
     */
    Throwable scrubbed(Throwable e) {
        String secret = settings.password();
        boolean leaks = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (secret.length() >= 3 && t.getMessage() != null && t.getMessage().contains(secret)) {
                leaks = true;
            }
        }
        return leaks ? copyScrubbed(e) : e;
    }

    private Throwable copyScrubbed(Throwable e) {
        if (e == null) {
            return null;
        }
        Throwable cause = e.getCause() == e ? null : copyScrubbed(e.getCause());
        String text = e.getClass().getName() + ": " + scrub(e.getMessage());
        Throwable copy = e instanceof SQLException s
                ? new SQLException(text, s.getSQLState(), s.getErrorCode(), cause)
                : new RuntimeException(text, cause);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}
