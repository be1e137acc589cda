package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.core.engine.CsvEgress;
import io.osiris.core.engine.CsvIngest;
import io.osiris.core.engine.DatabaseFileScan;
import io.osiris.core.engine.EngineCapability;
import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
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
public final class DuckDbTransformEngine implements TransformEngine, CsvIngest, CsvEgress, DatabaseFileScan {
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
     * Opens a DuckDB engine per run: its database and spill files under a fresh directory in
     * {@code tempParent}, at most {@code memoryLimit} of memory ({@code 512MB}), with
     * {@code threads} workers (0: DuckDB's choice).
     */
    public static EngineFactory factory(Path tempParent, String memoryLimit, int threads) {
        return sandbox -> open(tempParent, memoryLimit, threads, sandbox);
    }

    /**
     * Starts an engine whose files live in a new directory under {@code tempParent} and that
     * can open no other file (see {@link #open(Path, String, int, Sandbox)}).
     */
    public static TransformEngine open(Path tempParent, String memoryLimit, int threads) {
        return open(tempParent, memoryLimit, threads, Sandbox.none());
    }

    /**
     * Starts an engine whose files live in a new directory under {@code tempParent}. Its SQL
     * can open that directory and the sandbox's files, nothing else: no other local file, no
     * URL, no extension; its settings are final.
     *
     * @param memoryLimit DuckDB's memory_limit ({@code 512MB}); beyond it DuckDB spills to disk
     * @param threads     DuckDB worker threads, or 0 for DuckDB's default
     * @param sandbox     the files the pipeline declares, which the engine reads or writes
     */
    public static TransformEngine open(Path tempParent, String memoryLimit, int threads, Sandbox sandbox) {
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
            return new DuckDbTransformEngine(directory, root);
        } catch (SQLException e) {
            closeQuietly(root);
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

    /** DuckDB reads CSV text, writes it, and opens DuckDB database files. */
    @Override
    public <T extends EngineCapability> java.util.Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? java.util.Optional.of(type.cast(this)) : java.util.Optional.empty();
    }

    @Override
    public boolean opens(String format) {
        return DuckDbConnectorProvider.TYPE.equals(format);
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
    public java.util.Optional<Loaded> loadFromFile(String table, Path file,
            io.osiris.api.connector.Extraction extraction) {
        return withAttached(file, extraction, "Staging step " + table, (c, engineCatalog, sql, schema) -> {
            String target = Sql.quote(engineCatalog) + ".main." + Sql.quote(table);
            execute(c, "CREATE TABLE " + target + " " + AppenderWriter.columnsDdl(notNullFree(schema), List.of()));
            try (Statement s = c.createStatement()) {
                running.add(s);
                try {
                    return java.util.Optional.of(new Loaded(s.executeLargeUpdate("INSERT INTO " + target
                            + " SELECT * FROM (" + sql + "\n) AS osiris_q"), -1));
                } finally {
                    running.remove(s);
                }
            } catch (SQLException e) {
                try {
                    execute(c, "DROP TABLE IF EXISTS " + target);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
    }

    /**
     * Hands the rows of an extraction from a DuckDB file straight to a loader as CSV text (see
     * {@link #exportCsv}), with no table in between: the file is read while the database takes
     * the rows. The values are those {@link #loadFromFile} would stage.
     */
    @Override
    public java.util.Optional<io.osiris.api.connector.LoadResult> loadFileInto(Path file,
            io.osiris.api.connector.Extraction extraction,
            java.util.function.Function<RowSchema, java.util.Optional<CsvLoad>> loader) {
        return withAttached(file, extraction, "Reading " + file.getFileName(), (c, engineCatalog, sql, schema) -> {
            // The columns cast to the types a staged table would have, described as such.
            StringBuilder casts = new StringBuilder("SELECT ");
            for (int i = 0; i < schema.size(); i++) {
                var column = schema.column(i);
                casts.append(i > 0 ? ", " : "").append("CAST(").append(Sql.quote(column.name())).append(" AS ")
                        .append(DuckDbTypes.toDuckDb(column.type())).append(") AS ").append(Sql.quote(column.name()));
            }
            String staged = casts.append(" FROM (").append(sql).append("\n) AS osiris_q").toString();
            RowSchema stagedSchema;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(staged + " LIMIT 0")) {
                stagedSchema = ResultSetRowStream.schemaOf(rs.getMetaData());
            }
            var load = loader.apply(stagedSchema);
            if (load.isEmpty()) {
                return java.util.Optional.empty();
            }
            // The copy runs on a connection of its own: names resolve in the file there too.
            return throughLoader(file.getFileName().toString(), "USE " + Sql.quote(currentCatalog(c)),
                    csvText(stagedSchema, "(" + staged + ") AS osiris_staged"), load.get());
        });
    }

    /** The catalog a connection uses now (the attached file's, inside {@link #withAttached}). */
    private static String currentCatalog(DuckDBConnection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** What runs on a DuckDB file attached read-only, its extraction's SQL and schema at hand. */
    @FunctionalInterface
    private interface OnAttached<T> {
        java.util.Optional<T> run(DuckDBConnection c, String engineCatalog, String sql, RowSchema schema)
                throws SQLException;
    }

    /**
     * Attaches a DuckDB file read-only, with unqualified names in the extraction resolving in it
     * as they would through the duckdb connector, and runs {@code action}; detaches again after.
     * Declines when the file cannot be attached (missing, locked, already attached), a column's
     * type has no exact portable form, or the SQL fails other than by cancellation: the
     * connector then runs the query and reports its errors in its own words.
     */
    private <T> java.util.Optional<T> withAttached(Path file, io.osiris.api.connector.Extraction extraction,
            String what, OnAttached<T> action) {
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        String alias = "osiris_src_" + NAMES.incrementAndGet();
        String sql = DuckDbExtractor.sqlOf(extraction);
        try (DuckDBConnection c = connection()) {
            String engineCatalog = currentCatalog(c);
            try {
                execute(c, "ATTACH " + Sql.literal(file.toString()) + " AS " + Sql.quote(alias) + " (READ_ONLY)");
            } catch (SQLException e) {
                LOG.debug("Cannot attach {} ({}); streaming its rows instead", file, e.getMessage());
                return java.util.Optional.empty();
            }
            try {
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
                return action.run(c, engineCatalog, sql, schema);
            } catch (SQLException e) {
                if (cancelled) {
                    throw failure(what, e);
                }
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
            throw failure(what, e);
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
    public java.util.Optional<Loaded> loadCsv(String table, CsvCopy copy,
            LoadProgress progress) {
        RowSchema schema = notNullFree(copy.schema());
        return throughPipe(copy, progress, "Staging step " + table, c -> {
            execute(c, "CREATE TABLE " + Sql.quote(table) + " " + AppenderWriter.columnsDdl(schema, List.of()));
            return fifo -> "INSERT INTO " + Sql.quote(table) + " " + csvSelect(schema, fifo);
        }, c -> dropTable(c, table));
    }

    /**
     * Writes a source's CSV copy straight into a file through the same pipe as {@link #loadCsv},
     * with no table in between: one pass, and the rows are never held by the engine. The file
     * has the columns and values an export of the table {@link #loadCsv} makes would have. On
     * failure the file is removed and this declines.
     */
    @Override
    public java.util.Optional<Loaded> writeCsvCopy(CsvCopy copy,
            FileFormat format, Path file, LoadProgress progress) {
        RowSchema schema = notNullFree(copy.schema());
        return throughPipe(copy, progress, "Writing " + file.getFileName(),
                c -> fifo -> "COPY (" + csvSelect(schema, fifo) + ") TO " + Sql.literal(file.toString())
                        + " (" + exportOptions(format) + ")",
                c -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        LOG.debug("Cannot remove {}: {}", file, e.getMessage());
                    }
                });
    }

    /** Prepares a statement that reads the pipe: runs DDL first, then returns the statement for a pipe path. */
    @FunctionalInterface
    private interface PipeStatement {
        java.util.function.Function<Path, String> prepare(DuckDBConnection c) throws SQLException;
    }

    /** Undoes what a failed {@link PipeStatement} left behind. */
    @FunctionalInterface
    private interface Undo {
        void run(DuckDBConnection c) throws SQLException;
    }

    /**
     * Runs one statement that reads a source's CSV copy from a named pipe, the copy writing on a
     * thread of its own; declines (after {@code undo}) when the pipe cannot be made, either side
     * fails, or the row counts differ, so the caller can stream the rows instead.
     */
    private java.util.Optional<Loaded> throughPipe(CsvCopy copy,
            LoadProgress progress, String what,
            PipeStatement statement, Undo undo) {
        java.util.Optional<Path> made = Fifo.create(directory, "extract");
        if (made.isEmpty()) {
            return java.util.Optional.empty();
        }
        Path fifo = made.get();
        try (DuckDBConnection c = connection()) {
            String sql = statement.prepare(c).apply(fifo);
            Fifo.SourceWriter writer = new Fifo.SourceWriter(copy, fifo, what, progress::rows);
            writer.start();
            long rows;
            try (Statement s = c.createStatement()) {
                running.add(s);
                try {
                    rows = s.executeLargeUpdate(sql);
                } finally {
                    running.remove(s);
                }
            } catch (SQLException e) {
                copy.cancel();
                writer.drain();
                failIfFinal(c, writer.failure(), undo);
                return declined(c, what, "the engine could not read the CSV: " + e.getMessage(), e, undo);
            }
            writer.await();
            if (writer.failure() != null) {
                failIfFinal(c, writer.failure(), undo);
                return declined(c, what, writer.failure().getMessage(), writer.failure(), undo);
            }
            if (writer.rows() != rows) {
                return declined(c, what, "the source wrote " + writer.rows() + " rows and the engine read " + rows,
                        null, undo);
            }
            return java.util.Optional.of(new Loaded(rows, writer.bytes()));
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            Fifo.delete(fifo);
        }
    }

    /**
     * A source that lost its connection or ran past its statement timeout fails the step: streaming
     * the rows instead would run the query again, for as long, or on a server that just went away.
     */
    private static void failIfFinal(DuckDBConnection c, RuntimeException sourceFailure, Undo undo)
            throws SQLException {
        if (sourceFailure instanceof io.osiris.api.StatementTimeoutException
                || sourceFailure instanceof io.osiris.api.ConnectionException) {
            undo.run(c);
            throw sourceFailure;
        }
    }

    private java.util.Optional<Loaded> declined(DuckDBConnection c, String what, String why, Throwable cause,
            Undo undo) throws SQLException {
        if (cancelled) {
            undo.run(c);
            throw new ExecutionFailedException(what + " was cancelled.", cause);
        }
        String firstLine = why == null ? "" : why.strip().lines().findFirst().orElse("");
        LOG.info("{}: copying as CSV failed ({}); streaming the rows instead", what, firstLine);
        undo.run(c);
        return java.util.Optional.empty();
    }

    private static void dropTable(DuckDBConnection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + Sql.quote(table));
        }
    }

    /** read_csv's buffer: DuckDB's longest line (max_line_size), which no buffer may be shorter than. */
    private static final int CSV_BUFFER = 2 * 1024 * 1024;

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
                    .append(switch (type.kind()) {
                        case BINARY -> "from_hex(substr(" + name + ", 3))";
                        // What an INSERT into the staged table's JSON column would do.
                        case JSON -> "CAST(" + name + " AS JSON)";
                        default -> name;
                    })
                    .append(" AS ").append(Sql.quote(schema.column(i).name()));
        }
        columns.append('}');
        return select.append(" FROM read_csv(").append(Sql.literal(file.toString()))
                .append(", columns = ").append(columns)
                .append(", header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"',")
                // Rows end with LF; told so, the reader keeps a CR LF inside quotes (sniffing, it fails there).
                .append(" nullstr = '', allow_quoted_nulls = false, new_line = '\\n',")
                // A pipe is read a buffer at a time, and while that buffer is parsed the source waits
                // on a full pipe: DuckDB's default (16 lines of 2 MB) let the source and the parse take
                // turns, one buffer of the longest line lets them overlap (2M rows from PostgreSQL:
                // 1.50 -> 1.15 s). The longest line stays DuckDB's default, 2 MB.
                .append(" buffer_size = ").append(CSV_BUFFER).append(')').toString();
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
    public long export(String table, FileFormat format, Path file) {
        try (DuckDBConnection c = connection()) {
            execute(c, "COPY (SELECT * FROM " + Sql.quote(table) + ") TO " + Sql.literal(file.toString())
                    + " (" + exportOptions(format) + ")");
            return count(c, table);
        } catch (SQLException e) {
            throw failure("Writing " + table + " to " + file, e);
        }
    }

    /**
     * Writes a table as CSV (the text {@link io.osiris.api.connector.ILoader#csvLoad} takes) into
     * a named pipe that the loader reads while DuckDB writes, so no row becomes a Java object:
     * the database's bulk path parses DuckDB's text. Binary columns are written as {@code \x}
     * and hex. Declines for column types without an exact portable form and where pipes cannot
     * be made.
     *
     * <p>The loader's stream ends only once DuckDB finished the whole table: when DuckDB fails,
     * the last read throws instead, so the loader rolls back rather than commit a part. When the
     * loader fails first, DuckDB's statement is cancelled and the pipe drained so it can end.
     */
    @Override
    public java.util.Optional<io.osiris.api.connector.LoadResult> exportCsv(String table,
            CsvLoad load) {
        String select;
        try (DuckDBConnection c = connection()) {
            select = csvExportSelect(c, table);
        } catch (SQLException e) {
            throw failure("Reading table " + table, e);
        }
        if (select == null) {
            return java.util.Optional.empty();
        }
        return throughLoader(table, null, select, load);
    }

    /**
     * Runs {@code COPY (select) TO} a pipe that the loader reads; see {@link #exportCsv}. Empty
     * where pipes cannot be made (the loader was not called).
     */
    private java.util.Optional<io.osiris.api.connector.LoadResult> throughLoader(String what, String setup,
            String select, CsvLoad load) {
        java.util.Optional<Path> made = Fifo.create(directory, "load");
        if (made.isEmpty()) {
            return java.util.Optional.empty();
        }
        Path fifo = made.get();
        EngineWriter writer = new EngineWriter(what, setup, "COPY (" + select + ") TO " + Sql.literal(fifo.toString())
                + " (FORMAT csv, HEADER false, NULLSTR '', USE_TMP_FILE false)", fifo, load);
        try {
            writer.start();
            try (java.io.InputStream in = writer.open()) {
                try {
                    return java.util.Optional.of(load.readFrom(in));
                } catch (RuntimeException e) {
                    writer.cancel();
                    Fifo.drain(in);
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("Reading " + what + " failed: " + e.getMessage(), e);
        } finally {
            writer.await();
            Fifo.delete(fifo);
        }
    }

    /** The SELECT that writes a table's rows in the load CSV form, or null when a column has no exact form. */
    private static String csvExportSelect(DuckDBConnection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.quote(table) + " LIMIT 0")) {
            var md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (!DuckDbTypes.mapsExactly(md.getColumnTypeName(i))) {
                    return null;
                }
            }
            return csvText(ResultSetRowStream.schemaOf(md), Sql.quote(table));
        }
    }

    /** The SELECT of {@code relation}'s columns in the load CSV's text: binary as {@code \x} and hex. */
    private static String csvText(RowSchema schema, String relation) {
        StringBuilder select = new StringBuilder("SELECT ");
        for (int i = 0; i < schema.size(); i++) {
            var column = schema.column(i);
            String name = Sql.quote(column.name());
            select.append(i > 0 ? ", " : "").append(column.type().kind() == io.osiris.api.data.TypeKind.BINARY
                    ? "'\\x' || hex(" + name + ") AS " + name : name);
        }
        return select.append(" FROM ").append(relation).toString();
    }

    /** Runs DuckDB's {@code COPY ... TO} a pipe on a thread of its own, for {@link #exportCsv}. */
    private final class EngineWriter {
        private final String setup;
        private final String sql;
        private final Path fifo;
        private final CsvLoad load;
        private final Thread thread;
        private volatile Statement statement;
        private volatile Exception failure;
        private volatile boolean done;
        private volatile boolean readerOpened;

        EngineWriter(String table, String setup, String sql, Path fifo, CsvLoad load) {
            this.setup = setup;
            this.sql = sql;
            this.fifo = fifo;
            this.load = load;
            this.thread = new Thread(this::run, "osiris-csv-" + table);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try (DuckDBConnection c = connection(); Statement s = c.createStatement()) {
                if (setup != null) {
                    s.execute(setup);
                }
                statement = s;
                running.add(s);
                try {
                    s.executeLargeUpdate(sql);
                } finally {
                    running.remove(s);
                }
            } catch (SQLException | RuntimeException e) {
                failure = e;
                if (cancelled) {
                    load.cancel();
                }
            } finally {
                done = true;
                // When DuckDB failed before it opened the pipe, the reader waits (or is about to
                // wait) for a writer in open: give it one until it is through.
                for (int i = 0; !readerOpened && i < 3_000; i++) {
                    Fifo.poke(fifo);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }

        /** The pipe's read side; its end throws when DuckDB failed. */
        java.io.InputStream open() throws IOException {
            java.io.InputStream pipe;
            try {
                pipe = new java.io.BufferedInputStream(new java.io.FileInputStream(fifo.toFile()), 1 << 16);
            } finally {
                readerOpened = true;
            }
            return new java.io.FilterInputStream(pipe) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    return b < 0 ? end() : b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    return n < 0 ? end() : n;
                }
            };
        }

        private int end() throws IOException {
            await();
            if (failure != null || !done) {
                throw new IOException("the engine stopped writing the rows: "
                        + (failure == null ? "interrupted" : failure.getMessage()), failure);
            }
            return -1;
        }

        void cancel() {
            Statement s = statement;
            if (s != null) {
                try {
                    s.cancel();
                } catch (SQLException e) {
                    LOG.debug("Cancelling the CSV copy failed: {}", e.getMessage());
                }
            }
        }

        void await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
            }
        }
    }

    private static String exportOptions(FileFormat format) {
        return switch (format.target()) {
            // RFC 4180: header row, comma, fields quoted only when needed, quotes doubled.
            case CSV -> "FORMAT csv, HEADER true, DELIMITER ','";
            // Newline-delimited JSON: one object per row; streams and appends well.
            case JSON -> "FORMAT json";
            // DuckDB's default codec is snappy, which every Parquet reader takes.
            case PARQUET -> "FORMAT parquet" + (format.compression().isEmpty() ? ""
                    : ", COMPRESSION " + Sql.literal(format.compression()));
            default -> throw new IllegalArgumentException("not a file format: " + format.target());
        };
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
        return new ExecutionFailedException(what + " failed: " + Lockdown.explain(e.getMessage()), e);
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
