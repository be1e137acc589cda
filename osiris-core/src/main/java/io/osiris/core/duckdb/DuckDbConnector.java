package io.osiris.core.duckdb;

import io.osiris.api.ConnectionException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.connector.capability.DatabaseFile;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * A DuckDB database file. The database is opened on first use: reading needs the file to
 * exist, writing creates it. Each operation works on its own {@code duplicate()} of the root
 * connection, which is how DuckDB shares one database between threads.
 */
final class DuckDbConnector implements Connector, DatabaseFile {
    private final ConnectorConfig config;
    private final Path path;
    private final boolean readOnly;
    private boolean closed;

    DuckDbConnector(ConnectorConfig config) {
        this.config = config;
        this.path = Path.of(config.require("path")).toAbsolutePath().normalize();
        this.readOnly = config.getBoolean("read_only", false);
    }

    @Override
    public String type() {
        return DuckDbConnectorProvider.TYPE;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.DUCKDB;
    }

    /** Its file, which an engine that opens DuckDB files may read itself. */
    @Override
    public <T extends ConnectorCapability> Optional<T> capability(Class<T> type) {
        return ConnectorCapability.find(type, this);
    }

    @Override
    public String format() {
        return DuckDbConnectorProvider.TYPE;
    }

    @Override
    public     Path path() {
        return path;
    }

    /**
     * A new connection to the database; the caller closes it. Connections to one file share
     * the driver's database instance, which closes (and releases the file lock) when the last
     * connection does, so another process can use the file while this connector is idle.
     */
    DuckDBConnection connect(boolean forWrite) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("connector for " + path + " is closed");
            }
        }
        if (!Files.exists(path)) {
            if (!forWrite) {
                throw new ConnectionException("DuckDB file " + path + " does not exist (" + config.location()
                        + "). Check 'path', or load into it first.");
            }
            try {
                Files.createDirectories(path.getParent());
            } catch (IOException e) {
                throw new ConnectionException("Cannot create the directory of DuckDB file " + path + ": "
                        + e.getMessage(), e);
            }
        }
        Properties props = new Properties();
        // Stream results chunk by chunk instead of materialising them: extraction in constant memory.
        props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        if (readOnly) {
            props.setProperty(DuckDBDriver.DUCKDB_READONLY_PROPERTY, "true");
        }
        DuckDBConnection connection = null;
        try {
            connection = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + path, props);
            lockDown(connection);
            return connection;
        } catch (SQLException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new ConnectionException("Cannot open DuckDB file " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Configures the file's database once, when this connection opened it: the driver shares
     * one database between the connections to a file, and its settings are locked from then on.
     * A query on the file reads that file and nothing else (see {@link Lockdown}); DuckDB
     * writes its log and spill files beside it.
     */
    private void lockDown(DuckDBConnection connection) throws SQLException {
        synchronized (LOCKDOWN) {
            if (Lockdown.applied(connection)) {
                return;
            }
            try (Statement s = connection.createStatement()) {
                // Global, so every later connection to the database has them.
                s.execute("SET GLOBAL TimeZone = 'UTC'");
                Optional<String> memory = config.get("memory_limit");
                if (memory.isPresent()) {
                    s.execute("SET GLOBAL memory_limit = " + Sql.literal(memory.get()));
                }
                List<Path> spill = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT current_setting('temp_directory')")) {
                    if (rs.next() && rs.getString(1) != null && !rs.getString(1).isEmpty()) {
                        spill.add(Path.of(rs.getString(1)));
                    }
                }
                Lockdown.apply(s, spill, List.of(path, path.resolveSibling(path.getFileName() + ".wal")));
            }
        }
    }

    /** Guards {@link #lockDown}: connectors to one file share its database. */
    private static final Object LOCKDOWN = new Object();

    @Override
    public void ping() {
        try (DuckDBConnection c = connect(false); Statement s = c.createStatement()) {
            s.execute("SELECT 1");
        } catch (SQLException e) {
            throw new ConnectionException("DuckDB file " + path + " does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public IDiscovery discovery() {
        return new DuckDbDiscovery(this);
    }

    @Override
    public IExtractor extractor() {
        return new DuckDbExtractor(this);
    }

    @Override
    public Optional<ILoader> loader() {
        return readOnly ? Optional.empty() : Optional.of(new DuckDbLoader(this));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /**
     * Splits {@code schema.table} (schema {@code main} when absent) at its first dot outside double
     * quotes; a quoted part is unquoted, so {@code "a.b"} is the table {@code a.b} in {@code main}.
     */
    static String[] split(String name) {
        int end = name.startsWith("\"") ? closingQuote(name, 0) : -1;
        int dot = name.indexOf('.', end + 1);
        return dot < 0 ? new String[] {"main", unquote(name)}
                : new String[] {unquote(name.substring(0, dot)), unquote(name.substring(dot + 1))};
    }

    /** The index of the quote closing the quoted identifier that opens at {@code start}, or -1. */
    private static int closingQuote(String name, int start) {
        for (int i = start + 1; i < name.length(); i++) {
            if (name.charAt(i) == '"') {
                if (i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String unquote(String part) {
        return part.length() >= 2 && part.startsWith("\"") && closingQuote(part, 0) == part.length() - 1
                ? part.substring(1, part.length() - 1).replace("\"\"", "\"") : part;
    }
}
