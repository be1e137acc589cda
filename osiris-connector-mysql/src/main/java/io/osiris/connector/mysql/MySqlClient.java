package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The connection pool of one MySQL/MariaDB connection entry. The pool is built on first use,
 * so opening a connector is cheap and a configuration can be checked without a server. It is
 * small: core runs a few extracts and loads in parallel, never hundreds. A connection given the
 * host application's own data source ({@link io.osiris.jdbc.JdbcPool}) uses it instead, and
 * leaves it open; its connections must be Connector/J's.
 *
 * <p>Every failure leaves here as an Osiris exception that names the server, the user and
 * the cause, and never the password: a cause is kept only when no message in its chain
 * contains the password.
 */
final class MySqlClient implements AutoCloseable {
    private static final int ER_ACCESS_DENIED = 1045;
    private static final int ER_DBACCESS_DENIED = 1044;
    private static final int ER_BAD_DB = 1049;
    /** MariaDB's max_statement_time and MySQL's max_execution_time firing. */
    private static final int ER_STATEMENT_TIMEOUT = 1969;
    private static final int ER_QUERY_TIMEOUT = 3024;

    private final MySqlSettings settings;
    private final String location;
    private io.osiris.jdbc.JdbcPool pool;
    private Boolean mariaDb;
    private Boolean localInfile;
    private boolean closed;
    /** The physical sessions whose statement timeout is set: once per session, never per statement. */
    private final java.util.Set<Object> limited = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

    MySqlClient(MySqlSettings settings, String location) {
        this.settings = requireNonNull(settings, "settings");
        this.location = requireNonNull(location, "location");
    }

    MySqlSettings settings() {
        return settings;
    }

    /** A pooled connection; closing it returns it to the pool, which resets read-only and auto-commit. */
    Connection connection() {
        io.osiris.jdbc.JdbcPool ds = pool();
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            throw connectionFailure(e);
        }
        return limited(c);
    }

    /** {@code c} with the statement timeout set, or discarded when the server refuses it. */
    private Connection limited(Connection c) {
        try {
            limitStatements(c);
        } catch (SQLException e) {
            discard(c);
            throw connectionFailure(e);
        }
        return c;
    }

    /**
     * Sets the server's own statement timeout on a session the first time it is handed out:
     * MariaDB's {@code max_statement_time} (seconds, every statement) or MySQL's
     * {@code max_execution_time} (milliseconds, SELECT only; the socket timeout bounds the rest).
     * The server then stops the query itself, so a timeout leaves nothing running.
     */
    private void limitStatements(Connection c) throws SQLException {
        java.time.Duration limit = settings.timeouts().statement();
        if (limit.isZero()) {
            return;
        }
        Object session = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
        synchronized (this) {
            if (limited.contains(session)) {
                return;
            }
        }
        String set = isMariaDb(c)
                ? "SET SESSION max_statement_time = " + limit.toMillis() / 1000.0
                : "SET SESSION max_execution_time = " + Math.min(Integer.MAX_VALUE, limit.toMillis());
        try (java.sql.Statement st = c.createStatement()) {
            st.execute(set);
        }
        synchronized (this) {
            limited.add(session);
        }
    }

    /**
     * Drops a pooled connection whose session is no longer trusted (still read-only, or in the
     * middle of a streaming result): the physical connection is aborted without draining it,
     * and the pool, finding it closed, discards it instead of handing it out again.
     */
    void discard(Connection connection) {
        try {
            connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // already closed or broken: the pool discards it either way
        }
        io.osiris.jdbc.JdbcPool ds;
        synchronized (this) {
            ds = pool;
        }
        if (ds != null) {
            // Still checked out, so the pool closes and forgets it now; nobody else can get it.
            ds.evict(connection);
        }
        try {
            connection.close();
        } catch (SQLException expected) {
            // the pool reports the aborted connection while evicting it: that is the point
        }
    }

    /**
     * Sends {@code KILL QUERY} for the session behind a pooled connection, over a separate
     * short-lived connection (the session itself is busy streaming; the pool may be exhausted).
     */
    void killQuery(Connection connection) throws SQLException {
        long id = connection.unwrap(com.mysql.cj.jdbc.JdbcConnection.class).getId();
        if (settings.jdbcUrl().isEmpty()) {
            // The host's data source: only it knows how to reach the server.
            try (Connection killer = pool().getConnection(); java.sql.Statement st = killer.createStatement()) {
                st.execute("KILL QUERY " + id);
            }
            return;
        }
        try (Connection killer = connectDirectly(); java.sql.Statement st = killer.createStatement()) {
            st.execute("KILL QUERY " + id);
        }
    }

    /**
     * A connection of its own, outside the pool, with the pool's settings and statement limit;
     * closing it closes it. A split read holds one for its whole snapshot transaction, and a plan
     * opens them all before the first row is read: from the pool they would starve loads and
     * wait on each other when a plan has more splits than {@code pool_size}. With the host's
     * data source only it knows how to reach the server, so the connection is the host's.
     */
    Connection session() {
        if (settings.jdbcUrl().isEmpty()) {
            return connection();
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the mysql connector " + location + " is closed");
            }
        }
        Connection c;
        try {
            c = connectDirectly();
        } catch (SQLException e) {
            throw connectionFailure(e);
        }
        return limited(c);
    }

    private Connection connectDirectly() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.putAll(settings.properties());
        if (!settings.user().isEmpty()) {
            props.setProperty("user", settings.user());
        }
        props.setProperty("password", settings.currentPassword());
        return new com.mysql.cj.jdbc.Driver().connect(settings.jdbcUrl(), props);
    }

    /**
     * Whether loads may use {@code LOAD DATA LOCAL INFILE}: the connections announce the LOCAL
     * capability (see {@link MySqlSettings}) and the server's {@code local_infile} is on. Asked
     * once per connector.
     */
    boolean localInfile(Connection connection) throws SQLException {
        synchronized (this) {
            if (localInfile != null) {
                return localInfile;
            }
        }
        boolean on = false;
        if (settings.properties().containsKey("allowLoadLocalInfileInPath")) {
            try (java.sql.Statement st = connection.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT @@local_infile")) {
                on = rs.next() && rs.getLong(1) != 0;
            }
        }
        synchronized (this) {
            localInfile = on;
        }
        return on;
    }

    /** Whether the server is MariaDB rather than MySQL (JSON is a checked LONGTEXT there). */
    boolean isMariaDb(Connection connection) throws SQLException {
        synchronized (this) {
            if (mariaDb != null) {
                return mariaDb;
            }
        }
        boolean maria = connection.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT)
                .contains("mariadb");
        synchronized (this) {
            mariaDb = maria;
        }
        return maria;
    }

    private synchronized io.osiris.jdbc.JdbcPool pool() {
        if (closed) {
            throw new IllegalStateException("the mysql connector " + location + " is closed");
        }
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("osiris-mysql-" + location);
            config.setDriverClassName("com.mysql.cj.jdbc.Driver");
            config.setJdbcUrl(settings.jdbcUrl());
            if (!settings.user().isEmpty()) {
                config.setUsername(settings.user());
            }
            config.setPassword(settings.password());
            settings.properties().forEach(config::addDataSourceProperty);
            config.setMaximumPoolSize(settings.poolSize());
            config.setMinimumIdle(1);
            config.setConnectionTimeout(Math.max(250, settings.connectTimeoutMillis()));
            // The default: the first connection is made now and a refusal surfaces at once,
            // with its real cause, instead of after a pool timeout.
            config.setInitializationFailTimeout(1);
            try {
                pool = io.osiris.jdbc.JdbcPool.open(settings.connection(), config, new com.mysql.cj.jdbc.Driver());
            } catch (SQLException | RuntimeException e) {
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

    /** The connection's name, for messages: {@code mysql.default}. */
    String name() {
        return location.startsWith("connections.") ? location.substring("connections.".length()) : location;
    }

    /** Where the server is, for messages: {@code 127.0.0.1:3306/test as root}. */
    String where() {
        return settings.display() + (settings.user().isEmpty() ? "" : " as " + settings.user());
    }

    /** A connection failure naming its cause: unreachable host, access denied or unknown database. */
    ConnectionException connectionFailure(Throwable failure) {
        SQLException sql = rootSqlException(failure);
        String reason;
        String hint;
        int code = sql == null ? 0 : sql.getErrorCode();
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (code == ER_ACCESS_DENIED || code == ER_DBACCESS_DENIED || state.equals("28000")) {
            reason = "access denied";
            hint = "check user and password of " + location;
        } else if (code == ER_BAD_DB) {
            reason = "unknown database";
            hint = "check 'database' of " + location;
        } else if (state.startsWith("08")) {
            reason = "host unreachable";
            hint = "check host and port of " + location + " and that the server is running";
        } else {
            reason = "connection failed";
            hint = "check " + location;
        }
        String message = "Cannot connect to MySQL at " + where() + ": " + reason + " ("
                + redact(describe(sql != null ? sql : failure)) + "); " + hint + ".";
        return new ConnectionException(message, safeCause(sql != null ? sql : failure));
    }

    /**
     * Wraps a failed statement: a lost connection becomes a {@link ConnectionException}, anything
     * else an {@link ExecutionFailedException} whose message is {@code what} plus the database's.
     */
    OsirisException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (io.osiris.jdbc.JdbcTimeouts.isTimeout(e, ER_STATEMENT_TIMEOUT, ER_QUERY_TIMEOUT)) {
            return settings.timeouts().failure(what, safeCause(e));
        }
        if (state.startsWith("08")) {
            return new ConnectionException(what + ": the connection to " + name() + " (" + where() + ") was lost ("
                    + redact(describe(e)) + ")", safeCause(e));
        }
        return new ExecutionFailedException(what + ": " + redact(describe(e)), safeCause(e));
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // Connector/J's communications errors run over several lines; the first says it all.
        int newline = message.indexOf('\n');
        return (newline > 0 ? message.substring(0, newline) : message).trim();
    }

    private String redact(String text) {
        String password = settings.password();
        return password.isEmpty() ? text : text.replace(password, "****");
    }

    /** The cause to keep: none when any message in its chain contains the password. */
    private Throwable safeCause(Throwable cause) {
        String password = settings.password();
        if (cause == null || password.isEmpty()) {
            return cause;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (String.valueOf(t.getMessage()).contains(password)) {
                return null;
            }
            for (Throwable s : t.getSuppressed()) {
                if (String.valueOf(s.getMessage()).contains(password)) {
                    return null;
                }
            }
        }
        return cause;
    }

    private static SQLException rootSqlException(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                found = s;
                if (s.getErrorCode() != 0) {
                    return s;
                }
            }
        }
        return found;
    }
}
