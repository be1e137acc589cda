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
import java.util.concurrent.TimeUnit;
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

    /** Keeps the names of attached source files and pipes apart. */
    private static final java.util.concurrent.atomic.AtomicLong NAMES = new java.util.concurrent.atomic.AtomicLong();

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

    /**
     * Attaches the file read-only and copies the extraction in SQL: DuckDB reads its own file
     * (or the Parquet a query names) in C++, in parallel, instead of handing every value to Java
     * and back through the Appender. A 2M-row {@code read_parquet} extract took 4.2s streamed
     * (bench/run, the load cases). The table gets the portable column types a streamed load
     * would give it (the INSERT casts), and only when every column's DuckDB type maps to one
     * exactly; otherwise, or when the file cannot be attached (missing, locked, already
     * attached), this declines and the runner streams the rows as before.
     */
    @Override
    public java.util.Optional<Loaded> loadFromDuckDbFile(String table, Path file,
            io.osiris.api.connector.Extraction extraction) {
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        String alias = "osiris_src_" + NAMES.incrementAndGet();
        String sql = DuckDbExtractor.sqlOf(extraction);
        try (DuckDBConnection c = connection()) {
            String engineCatalog;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                engineCatalog = rs.getString(1);
            }
            try {
                execute(c, "ATTACH " + Sql.literal(file.toString()) + " AS " + Sql.quote(alias) + " (READ_ONLY)");
            } catch (SQLException e) {
                LOG.debug("Cannot attach {} ({}); streaming its rows instead", file, e.getMessage());
                return java.util.Optional.empty();
            }
            String target = Sql.quote(engineCatalog) + ".main." + Sql.quote(table);
            boolean created = false;
            try {
                // Unqualified names in the extraction resolve in the attached file, as they would
                // through the duckdb connector.
                execute(c, "USE " + Sql.quote(alias));
                RowSchema schema;
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + "\n) AS osiris_q LIMIT 0")) {
                    var md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (!DuckDbTypes.mapsExactly(md.getColumnTypeName(i))) {
                            LOG.debug("Column {} of {} has type {}; streaming its rows instead", md.getColumnLabel(i),
                                    file, md.getColumnTypeName(i));
                            return java.util.Optional.empty();
                        }
                    }
                    schema = ResultSetRowStream.schemaOf(md);
                }
                execute(c, "CREATE TABLE " + target + " " + AppenderWriter.columnsDdl(notNullFree(schema), List.of()));
                created = true;
                long rows;
                try (Statement s = c.createStatement()) {
                    running.add(s);
                    try {
                        rows = s.executeLargeUpdate("INSERT INTO " + target + " SELECT * FROM (" + sql + "\n) AS osiris_q");
                    } finally {
                        running.remove(s);
                    }
                }
                return java.util.Optional.of(new Loaded(rows, -1));
            } catch (SQLException e) {
                if (created) {
                    try {
                        execute(c, "DROP TABLE IF EXISTS " + target);
                    } catch (SQLException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                if (cancelled) {
                    throw failure("Staging step " + table, e);
                }
                // The connector reports the query's own error in its words; let it run the query.
                LOG.debug("Copying from {} in SQL failed ({}); streaming its rows instead", file, e.getMessage());
                return java.util.Optional.empty();
            } finally {
                try {
                    execute(c, "USE " + Sql.quote(engineCatalog));
                    execute(c, "DETACH " + Sql.quote(alias));
                } catch (SQLException e) {
                    LOG.warn("Cannot detach {} from the engine: {}", file, e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw failure("Staging step " + table, e);
        }
    }

    /**
     * Pipes the source's CSV through a named pipe into DuckDB's CSV reader: the text is parsed in
     * C++ instead of every value crossing JNI through the Appender, which flushes every 2,048
     * rows. Linux and macOS only ({@code mkfifo}); elsewhere this declines.
     *
     * <p>The reader is told every column's type (no sniffing), that an unquoted empty field is
     * NULL and a quoted one an empty string; binary columns are read as their {@code \x...} text
     * and turned into bytes with {@code from_hex}. A failure on either side (the source, the
     * parse: a line above the reader's 2MB limit, say) drops the table and declines, and the
     * runner streams the rows instead, so the copy is never partial.
     *
     * <p>Opening a pipe waits for the other side: the writer's open returns when DuckDB opens it
     * to read, and the reader's open when the writer is there (so the writer never finishes, and
     * its bytes are never dropped, before the reader came). When the statement fails before
     * DuckDB opened the pipe, a drain opens it instead, so the (cancelled) writer can end; a side
     * left waiting in open is released by opening the pipe read-write for a moment, which on
     * Linux and macOS never blocks.
     */
    @Override
    public java.util.Optional<Loaded> loadCsv(String table, io.osiris.api.connector.IExtractor.CsvCopy copy) {
        if (java.io.File.separatorChar != '/') {
            return java.util.Optional.empty();
        }
        RowSchema schema = notNullFree(copy.schema());
        Path fifo = directory.resolve("extract-" + NAMES.incrementAndGet() + ".csv");
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true)
                    .start();
            mkfifo.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (mkfifo.waitFor() != 0) {
                return java.util.Optional.empty();
            }
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
        try (DuckDBConnection c = connection()) {
            execute(c, "CREATE TABLE " + Sql.quote(table) + " " + AppenderWriter.columnsDdl(schema, List.of()));
            CsvWriter writer = new CsvWriter(copy, fifo, table);
            writer.start();
            long rows;
            try (Statement s = c.createStatement()) {
                running.add(s);
                try {
                    rows = s.executeLargeUpdate("INSERT INTO " + Sql.quote(table) + " " + csvSelect(schema, fifo));
                } finally {
                    running.remove(s);
                }
            } catch (SQLException e) {
                copy.cancel();
                writer.drain();
                return declined(c, table, "the engine could not read the CSV: " + e.getMessage(), e);
            }
            writer.await();
            if (writer.failure != null) {
                return declined(c, table, writer.failure.getMessage(), writer.failure);
            }
            if (writer.rows != rows) {
                return declined(c, table, "the source wrote " + writer.rows + " rows and the engine read " + rows,
                        null);
            }
            return java.util.Optional.of(new Loaded(rows, writer.bytes));
        } catch (SQLException e) {
            throw failure("Staging step " + table, e);
        } finally {
            try {
                Files.deleteIfExists(fifo);
            } catch (IOException e) {
                LOG.debug("Cannot remove {}: {}", fifo, e.getMessage());
            }
        }
    }

    private java.util.Optional<Loaded> declined(DuckDBConnection c, String table, String why, Throwable cause)
            throws SQLException {
        if (cancelled) {
            throw new ExecutionFailedException("Staging step " + table + " was cancelled.", cause);
        }
        String firstLine = why == null ? "" : why.strip().lines().findFirst().orElse("");
        LOG.info("Copying {} as CSV failed ({}); streaming its rows instead", table, firstLine);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + Sql.quote(table));
        }
        return java.util.Optional.empty();
    }

    /** {@code SELECT ... FROM read_csv(...)} with every column typed, in the order of the table's columns. */
    static String csvSelect(RowSchema schema, Path file) {
        StringBuilder select = new StringBuilder("SELECT ");
        StringBuilder columns = new StringBuilder("{");
        for (int i = 0; i < schema.size(); i++) {
            var type = schema.column(i).type();
            String name = "c" + i;
            String csvType = switch (type.kind()) {
                case STRING, JSON, BINARY -> "VARCHAR";
                default -> DuckDbTypes.toDuckDb(type);
            };
            columns.append(i > 0 ? ", " : "").append(Sql.literal(name)).append(": ").append(Sql.literal(csvType));
            select.append(i > 0 ? ", " : "")
                    .append(type.kind() == io.osiris.api.data.TypeKind.BINARY ? "from_hex(substr(" + name + ", 3))"
                            : name);
        }
        columns.append('}');
        return select.append(" FROM read_csv(").append(Sql.literal(file.toString()))
                .append(", columns = ").append(columns)
                .append(", header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"',")
                .append(" nullstr = '', allow_quoted_nulls = false)").toString();
    }

    /** Runs the source's copy into the pipe on a thread of its own. */
    private static final class CsvWriter {
        private final io.osiris.api.connector.IExtractor.CsvCopy copy;
        private final Path fifo;
        private final Thread thread;
        private volatile long rows = -1;
        private volatile long bytes;
        private volatile RuntimeException failure;

        CsvWriter(io.osiris.api.connector.IExtractor.CsvCopy copy, Path fifo, String table) {
            this.copy = copy;
            this.fifo = fifo;
            this.thread = new Thread(this::run, "osiris-csv-" + table);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            CountingStream out;
            try {
                out = new CountingStream(new java.io.FileOutputStream(fifo.toFile()));
            } catch (IOException e) {
                failure = new ExecutionFailedException("opening " + fifo + " failed: " + e.getMessage(), e);
                poke(fifo); // the reader is waiting for a writer: give it one, and an end
                return;
            }
            try (out) {
                rows = copy.writeTo(out);
                out.flush();
                bytes = out.count;
            } catch (IOException e) {
                failure = new ExecutionFailedException("writing to " + fifo + " failed: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** Opens and closes the pipe read-write, which releases whoever waits to open it. */
        private static void poke(Path fifo) {
            try (java.io.RandomAccessFile pipe = new java.io.RandomAccessFile(fifo.toFile(), "rw")) {
                pipe.getFD().valid();
            } catch (IOException e) {
                // gone already
            }
        }

        void await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                copy.cancel();
            }
        }

        /** Reads and drops what the writer still sends until it has gone, so it cannot block on a full pipe. */
        void drain() {
            Thread drainer = new Thread(() -> {
                try (java.io.InputStream in = new java.io.FileInputStream(fifo.toFile())) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // the writer has gone
                }
            }, thread.getName() + "-drain");
            drainer.setDaemon(true);
            drainer.start();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(60));
                // The writer may have gone before the drain opened the pipe, which then waits for a writer.
                for (int i = 0; i < 50 && drainer.isAlive(); i++) {
                    poke(fifo);
                    drainer.join(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A buffered stream that counts the bytes written through it. */
    private static final class CountingStream extends java.io.BufferedOutputStream {
        long count;

        CountingStream(java.io.OutputStream out) {
            super(out, 1 << 16);
        }

        @Override
        public synchronized void write(int b) throws IOException {
            super.write(b);
            count++;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
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
