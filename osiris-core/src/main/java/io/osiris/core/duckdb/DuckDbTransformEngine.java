package io.osiris.core.duckdb;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.EngineCapability;
import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The embedded DuckDB engine behind {@link TransformEngine}. Its database is in memory, with a
 * memory limit and a spill directory in a private temporary directory, so runs larger than
 * memory work; {@link #close()} deletes the directory.
 *
 * <p>It offers every {@linkplain EngineCapability capability}: it reads CSV text through pipes
 * ({@link io.osiris.core.engine.CsvIngest}), writes it to a loader
 * ({@link io.osiris.core.engine.CsvEgress}), opens DuckDB database files
 * ({@link io.osiris.core.engine.DatabaseFileScan}) and fills one table from several threads
 * ({@link io.osiris.core.engine.ConcurrentIngest}).
 */
public final class DuckDbTransformEngine implements TransformEngine {
    private final EngineSession session;
    private final EngineTables tables;
    private final FileExport files;
    private final List<EngineCapability> capabilities;

    private DuckDbTransformEngine(EngineSession session) {
        this.session = session;
        this.tables = new EngineTables(session);
        this.files = new FileExport(session, tables);
        PipedCsvEgress egress = new PipedCsvEgress(session);
        PipedCsvIngest ingest = new PipedCsvIngest(session);
        this.capabilities = List.of(ingest, egress, new AttachedFileScan(session, egress),
                new DuckDbConcurrentIngest(session, tables, ingest));
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
        return new DuckDbTransformEngine(EngineSession.open(tempParent, memoryLimit, threads, sandbox));
    }

    /** DuckDB reads CSV text, writes it, and opens DuckDB database files. */
    @Override
    public <T extends EngineCapability> Optional<T> capability(Class<T> type) {
        return capabilities.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Its worker threads: one statement reads as many inputs at once, and the splits share the cores. */
    @Override
    public int splitsAtOnce() {
        return session.threads();
    }

    @Override
    public Loaded load(String table, RowStream rows, LoadProgress progress) {
        return tables.load(table, rows, progress);
    }

    @Override
    public void createEmpty(String table, RowSchema schema) {
        tables.createEmpty(table, schema);
    }

    @Override
    public long createTable(String table, String selectSql) {
        return tables.createTable(table, selectSql);
    }

    @Override
    public long deleteRows(String table, String condition) {
        return tables.deleteRows(table, condition);
    }

    @Override
    public RowSchema schemaOf(String table) {
        return tables.schemaOf(table);
    }

    @Override
    public long export(String table, FileFormat format, Path file) {
        return files.export(table, format, file);
    }

    @Override
    public RowStream read(String table) {
        return tables.read(table);
    }

    @Override
    public void cancel() {
        session.cancel();
    }

    @Override
    public void close() {
        session.close();
    }
}
