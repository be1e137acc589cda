package io.osiris.core.state;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.state.IStateStore;
import io.osiris.core.config.OsirisConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite file that holds Osiris' runtime state ({@code .osiris/state.db} beside the
 * config): sessions and the schema cache, each in its own namespace, and the run history
 * ({@link #runLog()}).
 *
 * <pre>{@code
 * try (StateDatabase db = StateDatabase.open(Path.of(".osiris/state.db"))) {
 *     IStateStore session = db.forNamespace("session-42");
 *     session.set("pending", Map.of("summary", "top movies"));
 * }
 * }</pre>
 *
 * <p>Several Osiris processes may share one file: it runs in WAL mode (readers never block the
 * writer) with a busy timeout, so a writer waits for another's lock instead of failing, and
 * every write is one autocommitted statement. The file is marked with an application id and a
 * schema version; a file that is not SQLite, or a SQLite database of another application, is
 * refused with a {@link ConfigurationException} and never modified.
 *
 * <p>Values are JSON; secrets never belong here (passwords stay in {@code .osiris.yaml} and the
 * environment). The store does not inspect values, so callers must not pass them.
 */
public final class StateDatabase implements AutoCloseable {
    /** {@code PRAGMA application_id} of an Osiris state file: "OSIR" in ASCII. */
    public static final int APPLICATION_ID = 0x4F534952;
    /** The schema version this code writes and reads ({@code PRAGMA user_version}). */
    public static final int SCHEMA_VERSION = 1;
    /** The directory, beside the config file, that holds the state file. */
    public static final String DIRECTORY = ".osiris";
    /** The state file name. */
    public static final String FILE_NAME = "state.db";

    private static final Logger LOG = LoggerFactory.getLogger(StateDatabase.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** How long a writer waits for another process's lock before failing. */
    private static final int BUSY_TIMEOUT_MILLIS = 30_000;

    private final Path file;
    private final Connection connection;

    private StateDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Where the state file of a config lives: {@code .osiris/state.db} beside it, if there is a config file. */
    public static Optional<Path> locationFor(OsirisConfig config) {
        return config.file().map(f -> f.toAbsolutePath().getParent().resolve(DIRECTORY).resolve(FILE_NAME));
    }

    /** The state file of a config, or {@code .osiris/state.db} under {@code workingDirectory} without one. */
    public static Path locationFor(OsirisConfig config, Path workingDirectory) {
        return locationFor(config).orElse(workingDirectory.resolve(DIRECTORY).resolve(FILE_NAME));
    }

    /**
     * Opens (creating it and its directory when missing) a state file.
     *
     * @throws ConfigurationException when the file is not an Osiris state file, naming it, or when
     *                                SQLite's JDBC driver ({@code org.xerial:sqlite-jdbc}, an optional
     *                                dependency of osiris-core) is not on the class path
     */
    public static StateDatabase open(Path file) {
        Path absolute = requireNonNull(file, "file").toAbsolutePath().normalize();
        checkHeader(absolute);
        Driver driver = SqliteDriver.load();
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw new ConfigurationException("Cannot create the state directory " + absolute.getParent() + ": "
                    + e.getMessage(), e);
        }
        Properties config = new Properties();
        // Only the busy timeout at open: WAL is switched on after the file is known to be ours,
        // because changing the journal mode writes to the file.
        config.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
        Connection c = null;
        try {
            c = driver.connect("jdbc:sqlite:" + absolute, config);
            initialise(c, absolute);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
                // A replaced cache entry or a cleared session is zeroed on disk, not left in a free page.
                s.execute("PRAGMA secure_delete = ON");
            }
            LOG.debug("Opened state file {}", absolute);
            return new StateDatabase(absolute, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new ConfigurationException("Cannot open the state file " + absolute + " (" + e.getMessage()
                    + "). If it is damaged, move it away; Osiris creates a new one.", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The state file. */
    public Path file() {
        return file;
    }

    /**
     * The store of one namespace (a session id, {@code schema-cache}); two namespaces never see
     * each other's keys. The store lives as long as this database is open.
     */
    public IStateStore forNamespace(String namespace) {
        requireNonNull(namespace, "namespace");
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
        return new SQLiteStateStore(this, namespace);
    }

    /** The table of recorded runs, newest first, bounded per pipeline; read it through {@code RunHistory}. */
    public RunLog runLog() {
        return new RunLog(this);
    }

    /** Whether SQLite's JDBC driver is on the class path, so that {@link #open} can work. */
    public static boolean available() {
        try {
            Class.forName(SqliteDriver.DRIVER_CLASS, false, SqliteDriver.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The namespaces holding at least one key, sorted. */
    public List<String> namespaces() {
        return query("SELECT DISTINCT namespace FROM state ORDER BY namespace", List.of());
    }

    @Override
    public void close() {
        synchronized (connection) {
            closeQuietly(connection);
        }
    }

    // --------------------------------------------------------------- for SQLiteStateStore

    List<String> query(String sql, List<?> args) {
        synchronized (connection) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<String> values = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        values.add(rs.getString(1));
                    }
                }
                return values;
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /**
     * Runs {@code statements} in one transaction that takes the write lock first (another
     * process waits, up to the busy timeout), each with its string arguments.
     */
    void transaction(List<Write> writes) {
        synchronized (connection) {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                boolean committed = false;
                try {
                    for (Write write : writes) {
                        try (PreparedStatement ps = connection.prepareStatement(write.sql())) {
                            for (int i = 0; i < write.args().size(); i++) {
                                ps.setObject(i + 1, write.args().get(i));
                            }
                            ps.executeUpdate();
                        }
                    }
                    s.execute("COMMIT");
                    committed = true;
                } finally {
                    if (!committed) {
                        s.execute("ROLLBACK");
                    }
                }
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    /** A statement of a {@link #transaction} and its arguments (strings and numbers). */
    record Write(String sql, List<Object> args) {
        Write {
            args = List.copyOf(args);
        }
    }

    void update(String sql, String... args) {
        synchronized (connection) {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setString(i + 1, args[i]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw failure(e);
            }
        }
    }

    private ExecutionFailedException failure(SQLException e) {
        return new ExecutionFailedException("State file " + file + ": " + e.getMessage(), e);
    }

    // --------------------------------------------------------------- opening

    /** Refuses a file that exists and is not SQLite, before SQLite could touch it. */
    private static void checkHeader(Path file) {
        if (!Files.isRegularFile(file)) {
            if (Files.exists(file)) {
                throw new ConfigurationException("The state file " + file + " is not a regular file; "
                        + "move it away so Osiris can create its state file there.");
            }
            return;
        }
        byte[] header = new byte[SQLITE_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(header, 0, header.length);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the state file " + file + ": " + e.getMessage(), e);
        }
        // An empty file is what SQLite itself leaves for a database never written to.
        if (read > 0 && (read < header.length || !Arrays.equals(header, SQLITE_MAGIC))) {
            throw new ConfigurationException("The state file " + file + " is not a SQLite database (corrupt, "
                    + "or another program's file). Osiris does not overwrite it: move it away, or use "
                    + "a config file in another directory.");
        }
    }

    private static void initialise(Connection c, Path file) throws SQLException {
        try (Statement s = c.createStatement()) {
            // IMMEDIATE takes the write lock first, so two processes creating the file at once
            // cannot both see it empty: the second waits (busy timeout), then finds our schema.
            s.execute("BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                int applicationId = intPragma(s, "application_id");
                int version = intPragma(s, "user_version");
                if (applicationId == APPLICATION_ID) {
                    if (version > SCHEMA_VERSION) {
                        throw new ConfigurationException("The state file " + file + " has schema version " + version
                                + ", newer than this Osiris understands (" + SCHEMA_VERSION
                                + "). Upgrade Osiris, or move the file away.");
                    }
                } else {
                    List<String> tables = new ArrayList<>();
                    try (ResultSet rs = s.executeQuery(
                            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view', 'index', 'trigger')")) {
                        while (rs.next()) {
                            tables.add(rs.getString(1));
                        }
                    }
                    if (applicationId != 0 || !tables.isEmpty()) {
                        throw new ConfigurationException("The state file " + file + " is a SQLite database of "
                                + "another application (" + (tables.isEmpty() ? "application id " + applicationId
                                : "tables " + tables) + "). Osiris does not overwrite it: move it away.");
                    }
                }
                s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS state (namespace TEXT NOT NULL, key TEXT NOT NULL, "
                        + "value TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (namespace, key))");
                // Added beside the first tables without a new schema version: an Osiris that
                // predates it reads the file as before and never touches it.
                s.execute(RunLog.CREATE_TABLE);
                s.execute(RunLog.CREATE_INDEX);
                s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '"
                        + SCHEMA_VERSION + "')");
                s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('created_by', 'osiris')");
                s.execute("PRAGMA application_id = " + APPLICATION_ID);
                s.execute("PRAGMA user_version = " + SCHEMA_VERSION);
                s.execute("COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    s.execute("ROLLBACK");
                }
            }
        }
    }

    private static int intPragma(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("Cannot close state file connection: {}", e.getMessage());
        }
    }
}
