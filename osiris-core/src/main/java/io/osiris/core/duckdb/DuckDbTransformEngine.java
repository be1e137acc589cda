package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.runner.TransformEngine;
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
 * The embedded DuckDB engine behind {@link TransformEngine}. Its database is in memory, with a
 * memory limit and a spill directory in a private temporary directory, so runs larger than
 * memory work; {@link #close()} deletes the directory.
 */
public final class DuckDbTransformEngine implements TransformEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbTransformEngine.class);

    private final Path directory;
    private final DuckDBConnection root;
    private final Set<Statement> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    private DuckDbTransformEngine(Path directory, DuckDBConnection root) {
        this.directory = directory;
        this.root = root;
    }

    /**
     * Starts an engine whose files live in a new directory under {@code tempParent}.
     *
     * @param memoryLimit DuckDB's memory_limit ({@code 512MB}); beyond it DuckDB spills to disk
     * @param threads     DuckDB worker threads, or 0 for DuckDB's default
     */
    public static TransformEngine open(Path tempParent, String memoryLimit, int threads) {
        Path directory;
        try {
            Files.createDirectories(tempParent);
            directory = Files.createTempDirectory(tempParent, "osiris-run-");
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot create the engine's temporary directory in " + tempParent
                    + ": " + e.getMessage(), e);
        }
        Properties props = new Properties();
        props.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        try {
            // An in-memory database whose buffer manager spills to the private directory beyond
            // memory_limit (checked: 2M rows held under an 80MB limit). A file-backed database paid for
            // every Appender chunk with disk writes: 2M nine-column rows appended in 5.4s into a
            // file table against 2.6s in memory, the largest cost of an extract (bench/run).
            DuckDBConnection root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", props);
            try (Statement s = root.createStatement()) {
                s.execute("SET memory_limit = " + Sql.literal(memoryLimit));
                s.execute("SET temp_directory = " + Sql.literal(directory.resolve("spill").toString()));
                s.execute("SET TimeZone = 'UTC'");
                if (threads > 0) {
                    s.execute("SET threads = " + threads);
                }
            }
            return new DuckDbTransformEngine(directory, root);
        } catch (SQLException e) {
            deleteTree(directory);
            throw new ExecutionFailedException("Cannot start the DuckDB engine: " + e.getMessage(), e);
        }
    }

    private DuckDBConnection connection() throws SQLException {
        if (cancelled) {
            throw new SQLException("cancelled");
        }
        return (DuckDBConnection) root.duplicate();
    }

    private void execute(DuckDBConnection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            running.add(s);
            try {
                s.execute(sql);
            } finally {
                running.remove(s);
            }
        }
    }

    private long count(DuckDBConnection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM "
                + Sql.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public Loaded load(String table, RowStream rows, LoadProgress progress) {
        try (DuckDBConnection c = connection()) {
            execute(c, "CREATE TABLE " + Sql.quote(table) + " " + AppenderWriter.columnsDdl(notNullFree(rows.schema()),
                    List.of()));
            // One transaction for the whole copy: the Appender hands DuckDB a chunk every 2,048 rows
            // (its vector size), and in auto-commit mode every chunk is a commit of its own.
            c.setAutoCommit(false);
            AppenderWriter.Appended appended = AppenderWriter.append(c, "main", table, rows, progress::rows,
                    () -> cancelled);
            c.commit();
            return new Loaded(appended.rows(), appended.bytes());
        } catch (SQLException e) {
            throw failure("Staging step " + table, e);
        }
    }

    /** Staged tables take rows as they come: a source's NOT NULL is its promise, not ours to enforce. */
    private static RowSchema notNullFree(RowSchema schema) {
        return new RowSchema(schema.columns().stream()
                .map(c -> new io.osiris.api.data.ColumnInfo(c.name(), c.type(), true, c.nativeType(), c.comment()))
                .toList());
    }

    @Override
    public void createEmpty(String table, RowSchema schema) {
        try (DuckDBConnection c = connection()) {
            execute(c, "CREATE TABLE " + Sql.quote(table) + " " + AppenderWriter.columnsDdl(notNullFree(schema),
                    List.of()));
        } catch (SQLException e) {
            throw failure("Creating table " + table, e);
        }
    }

    @Override
    public long createTable(String table, String selectSql) {
        try (DuckDBConnection c = connection()) {
            execute(c, "CREATE TABLE " + Sql.quote(table) + " AS " + selectSql);
            return count(c, table);
        } catch (SQLException e) {
            throw failure("Transform " + table, e);
        }
    }

    @Override
    public RowSchema schemaOf(String table) {
        try (DuckDBConnection c = connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.quote(table) + " LIMIT 0")) {
            return ResultSetRowStream.schemaOf(rs.getMetaData());
        } catch (SQLException e) {
            throw failure("Describing table " + table, e);
        }
    }

    @Override
    public long export(String table, LoadTarget format, Path file) {
        String options = switch (format) {
            // RFC 4180: header row, comma, fields quoted only when needed, quotes doubled.
            case CSV -> "FORMAT csv, HEADER true, DELIMITER ','";
            // Newline-delimited JSON: one object per row; streams and appends well.
            case JSON -> "FORMAT json";
            case PARQUET -> "FORMAT parquet";
            default -> throw new IllegalArgumentException("not a file format: " + format);
        };
        try (DuckDBConnection c = connection()) {
            execute(c, "COPY (SELECT * FROM " + Sql.quote(table) + ") TO " + Sql.literal(file.toString())
                    + " (" + options + ")");
            return count(c, table);
        } catch (SQLException e) {
            throw failure("Writing " + table + " to " + file, e);
        }
    }

    @Override
    public RowStream read(String table) {
        DuckDBConnection c = null;
        Statement s = null;
        try {
            c = connection();
            s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.quote(table));
            return new ResultSetRowStream(c, true, s, rs, "table " + table);
        } catch (SQLException e) {
            closeQuietly(s);
            closeQuietly(c);
            throw failure("Reading table " + table, e);
        }
    }

    private ExecutionFailedException failure(String what, SQLException e) {
        if (cancelled) {
            return new ExecutionFailedException(what + " was cancelled.", e);
        }
        return new ExecutionFailedException(what + " failed: " + e.getMessage(), e);
    }

    @Override
    public void cancel() {
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

    private static void closeQuietly(AutoCloseable c) {
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
