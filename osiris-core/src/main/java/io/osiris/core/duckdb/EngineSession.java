package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.core.engine.Sandbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One engine's DuckDB database and what every operation on it shares: the locked-down root
 * connection each operation duplicates, the private temporary directory, the statements running
 * now (so {@link #cancel()} reaches them from any thread) and the wording of failures.
 */
final class EngineSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSession.class);

    private final Path directory;
    private final DuckDBConnection root;
    private final int threads;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    private EngineSession(Path directory, DuckDBConnection root, int threads) {
        this.directory = directory;
        this.root = root;
        this.threads = threads;
    }

    /** See {@link DuckDbTransformEngine#open(Path, String, int, Sandbox)}. */
    static EngineSession open(Path tempParent, String memoryLimit, int threads, Sandbox sandbox) {
        Path directory;
        try {
            Files.createDirectories(tempParent);
            directory = Files.createTempDirectory(tempParent.toAbsolutePath(), "osiris-run-");
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot create the engine's temporary directory in " + tempParent
                    + ": " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        DuckDBConnection root = null;
        try {
            // An in-memory database whose buffer manager spills to the private directory beyond
            // memory_limit (checked: 2M rows held under an 80MB limit). A file-backed database paid for
            // every Appender chunk with disk writes: 2M nine-column rows appended in 5.4s into a
            // file table against 2.6s in memory, the largest cost of an extract (bench/run).
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
            try (Statement s = root.createStatement()) {
                s.execute("SET memory_limit = " + Sql.literal(memoryLimit));
                s.execute("SET temp_directory = " + Sql.literal(directory.resolve("spill").toString()));
                s.execute("SET TimeZone = 'UTC'");
                if (threads > 0) {
                    s.execute("SET threads = " + threads);
                }
                Lockdown.apply(s, List.of(directory), sandbox.files());
            }
            return new EngineSession(directory, root, threadsOf(root));
        } catch (SQLException e) {
            closeQuietly(root);
            deleteTree(directory);
            throw new ExecutionFailedException("Cannot start the DuckDB engine: " + e.getMessage(), e);
        }
    }

    /** The worker threads the engine runs with: those asked for, else DuckDB's choice (one per core). */
    private static int threadsOf(DuckDBConnection root) throws SQLException {
        try (Statement s = root.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_setting('threads')")) {
            rs.next();
            return Math.max(1, rs.getInt(1));
        }
    }

    /** The engine's worker threads: the most statements' inputs it reads at once. */
    int threads() {
        return threads;
    }

    /** The engine's private directory: its spill files and its pipes. */
    Path directory() {
        return directory;
    }

    /** Whether {@link #cancel()} was called. */
    boolean cancelled() {
        return cancelled;
    }

    /** A connection of its own to the engine's database; the caller closes it. */
    DuckDBConnection connection() throws SQLException {
        if (cancelled) {
            throw new SQLException("cancelled");
        }
        return (DuckDBConnection) root.duplicate();
    }

    /** A connection for cleaning up after a failure, even once {@link #cancel()} was called; the caller closes it. */
    DuckDBConnection cleanupConnection() throws SQLException {
        return (DuckDBConnection) root.duplicate();
    }

    /** Runs one statement that {@link #cancel()} can stop. */
    void execute(DuckDBConnection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            running.add(s);
            try {
                s.execute(sql);
            } finally {
                running.remove(s);
            }
        }
    }

    /** Runs an update on {@code s}, which {@link #cancel()} can stop, and returns its row count. */
    long update(Statement s, String sql) throws SQLException {
        running.add(s);
        try {
            return s.executeLargeUpdate(sql);
        } finally {
            running.remove(s);
        }
    }

    long count(DuckDBConnection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM "
                + Sql.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The failure to report for {@code what}: a cancellation as such, the sandbox's refusals explained. */
    ExecutionFailedException failure(String what, SQLException e) {
        if (cancelled) {
            return new ExecutionFailedException(what + " was cancelled.", e);
        }
        return new ExecutionFailedException(what + " failed: " + Lockdown.explain(e.getMessage()), e);
    }

    /** Cancels running statements, from any thread; no statement starts after. */
    void cancel() {
        cancelled = true;
        for (Statement s : running) {
            try {
                s.cancel();
            } catch (SQLException e) {
                LOG.debug("Cancelling a DuckDB statement failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            LOG.warn("Closing the DuckDB engine failed: {}", e.getMessage());
        }
        deleteTree(directory);
    }

    static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // Already failing: the original error is the one to report.
            }
        }
    }

    static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Cannot remove temporary directory {}: {}", directory, e.getMessage());
        }
    }
}
