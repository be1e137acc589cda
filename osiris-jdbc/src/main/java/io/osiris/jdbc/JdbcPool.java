package io.osiris.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.osiris.api.connector.ConnectorConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Where a JDBC connector gets its connections: the host application's own {@link DataSource}
 * when the connection was given one ({@link ConnectorConfig#dataSource()}), used as it is and
 * never closed (the host owns it); else a small HikariCP pool built from the connector's
 * settings and closed with this object. A password supplier the host gave
 * ({@link ConnectorConfig#password()}) is read each time the pool makes a physical connection,
 * so it is never held in the pool's settings.
 *
 * <pre>{@code
 * HikariConfig settings = new HikariConfig();
 * settings.setJdbcUrl(url); settings.setUsername(user); settings.setPassword(password);
 * try (JdbcPool pool = JdbcPool.open(config, settings, new org.postgresql.Driver());
 *         Connection c = pool.getConnection()) { ... }
 * }</pre>
 */
public final class JdbcPool implements AutoCloseable {
    private final DataSource dataSource;
    private final HikariDataSource own; // null when the host's

    private JdbcPool(DataSource dataSource, HikariDataSource own) {
        this.dataSource = dataSource;
        this.own = own;
    }

    /**
     * The host's data source of {@code connection}, or a HikariCP pool of {@code settings}
     * (with the password read from the host's supplier, if any, through {@code driver}). A pool
     * whose settings fail fast ({@code initializationFailTimeout}) connects here.
     *
     * @throws RuntimeException as HikariCP throws it, when the pool cannot be built
     */
    public static JdbcPool open(ConnectorConfig connection, HikariConfig settings, Driver driver) {
        requireNonNull(settings, "settings");
        requireNonNull(driver, "driver");
        Optional<DataSource> host = connection.dataSource();
        if (host.isPresent()) {
            return new JdbcPool(host.get(), null);
        }
        Optional<Supplier<String>> password = connection.password();
        if (password.isPresent()) {
            settings.setDataSource(new SuppliedPassword(driver, settings.getJdbcUrl(), settings.getUsername(),
                    settings.getDataSourceProperties(), password.get()));
            settings.setPassword(null);
        }
        HikariDataSource pool = new HikariDataSource(settings);
        return new JdbcPool(pool, pool);
    }

    /** A connection; the caller closes it (back to the pool). */
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Whether the connections come from the host application's data source. */
    public boolean isHostDataSource() {
        return own == null;
    }

    /**
     * Drops a checked-out connection whose session is no longer trusted: evicted from the pool
     * (ours, or the host's when it is a HikariCP pool), so it is never handed out again.
     */
    public void evict(Connection connection) {
        if (own != null) {
            own.evictConnection(connection);
        } else if (dataSource instanceof HikariDataSource hikari) {
            hikari.evictConnection(connection);
        }
    }

    /**
     * Lets our pool hold at least {@code connections} at once (HikariCP takes a new maximum while
     * it runs), so that a caller about to hold that many (the splits of one extraction and the
     * connection keeping their snapshot) does not wait on itself. A host's data source is sized
     * by the host and left as it is.
     */
    public void reserve(int connections) {
        if (own != null && own.getMaximumPoolSize() < connections) {
            synchronized (this) {
                if (own.getMaximumPoolSize() < connections) {
                    own.setMaximumPoolSize(connections);
                }
            }
        }
    }

    /** Closes the pool this object built; a host's data source is left open. */
    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }

    /** Connects through the driver with the password read now from the host's supplier. */
    private static final class SuppliedPassword implements DataSource {
        private final Driver driver;
        private final String url;
        private final String user;
        private final Properties properties;
        private final Supplier<String> password;
        private int loginTimeout;

        SuppliedPassword(Driver driver, String url, String user, Properties properties, Supplier<String> password) {
            this.driver = driver;
            this.url = requireNonNull(url, "url");
            this.user = user;
            this.properties = new Properties();
            this.properties.putAll(properties);
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Properties p = new Properties();
            p.putAll(properties);
            if (user != null && !user.isEmpty()) {
                p.setProperty("user", user);
            }
            String secret = password.get();
            if (secret != null) {
                p.setProperty("password", secret);
            }
            Connection c = driver.connect(url, p);
            if (c == null) {
                throw new SQLException("the driver does not accept this URL");
            }
            return c;
        }

        @Override
        public Connection getConnection(String username, String pass) throws SQLException {
            throw new SQLFeatureNotSupportedException("the user and password are the connection's own");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // nothing to log
        }

        @Override
        public void setLoginTimeout(int seconds) {
            this.loginTimeout = seconds;
        }

        @Override
        public int getLoginTimeout() {
            return loginTimeout;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }
    }
}
