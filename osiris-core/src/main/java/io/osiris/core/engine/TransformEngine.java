package io.osiris.core.engine;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import java.nio.file.Path;

/**
 * The runner's one seam to its transform engine: load rows into a table, run SQL into a
 * table, export a table, read a table. DuckDB is the embedded default; another engine (Spark)
 * takes its place behind this interface without touching pipelines. Faster paths an engine may
 * offer besides are {@linkplain EngineCapability capabilities}, found with {@link #capability}
 * and never assumed. Implementations allow loads into different tables from several threads at
 * once.
 */
public interface TransformEngine extends AutoCloseable {

    /**
     * Receives the rows (and an estimate of the bytes) copied so far during a load; for a CSV
     * copy the rows are its lines, so a value holding a line break makes the figure a little high.
     */
    @FunctionalInterface
    interface LoadProgress {
        /** Called every few tens of thousands of rows. */
        void rows(long rowsSoFar, long bytesSoFar);
    }

    /** What a load copied. */
    record Loaded(long rows, long bytes) {
    }

    /** Creates {@code table} shaped like the rows and copies them in. */
    Loaded load(String table, RowStream rows, LoadProgress progress);

    /** Creates an empty {@code table} with these columns (for dry runs). */
    void createEmpty(String table, RowSchema schema);

    /** Creates {@code table} from one SELECT over earlier tables and returns its row count. */
    long createTable(String table, String selectSql);

    /**
     * Deletes the rows of {@code table} for which {@code condition} (one boolean expression in
     * the engine's SQL over the table's columns, the table itself naming the whole row) holds,
     * and returns how many went.
     */
    long deleteRows(String table, String condition);

    /** The engine's type as {@code .osiris.yaml} names it, shown in run reports: {@code duckdb} by default. */
    default String type() {
        return "duckdb";
    }

    /**
     * The most splits of one extraction the engine reads at once; a run plans no more, since a
     * split beyond them only waits its turn, holding a connection and, on PostgreSQL, costing the
     * server a pass over the table. Unbounded unless overridden: Spark queues any number as tasks.
     */
    default int splitsAtOnce() {
        return Integer.MAX_VALUE;
    }

    /** An identifier quoted in this engine's SQL; DuckDB's double quotes unless overridden. */
    default String quote(String identifier) {
        return io.osiris.api.connector.SqlDialect.DUCKDB.quote(identifier);
    }

    /**
     * An expression in this engine's SQL that hashes every column of one row of {@code table} (as
     * it appears in {@code FROM table}) to text, so a row read again in a later run is told apart
     * from a changed one.
     */
    default String rowHash(String table) {
        return "md5(to_json(" + quote(table) + "))";
    }

    /** The columns of a table. */
    RowSchema schemaOf(String table);

    /** Writes a table to a file in a format and returns the rows written; the file is replaced. */
    long export(String table, FileFormat format, Path file);

    /**
     * A file to write: its format and, for Parquet, its codec.
     *
     * @param target      {@link LoadTarget#CSV}, {@link LoadTarget#PARQUET} or {@link LoadTarget#JSON}
     * @param compression a Parquet codec ({@link io.osiris.api.pipeline.LoadStep#PARQUET_COMPRESSIONS});
     *                    empty for the format's default
     */
    record FileFormat(LoadTarget target, String compression) {
        public FileFormat {
            java.util.Objects.requireNonNull(target, "target");
            java.util.Objects.requireNonNull(compression, "compression");
        }

        /** The format's defaults. */
        public static FileFormat of(LoadTarget target) {
            return new FileFormat(target, "");
        }

        /** What a load step asks for. */
        public static FileFormat of(io.osiris.api.pipeline.LoadStep load) {
            return new FileFormat(load.target(), load.compression());
        }
    }

    /** Streams a table's rows; the caller closes the stream. */
    RowStream read(String table);

    /**
     * An optional capability of this engine ({@link CsvIngest}, {@link CsvEgress},
     * {@link DatabaseFileScan}, {@link FileSystemUris}), or empty; none by default.
     */
    default <T extends EngineCapability> java.util.Optional<T> capability(Class<T> type) {
        return java.util.Optional.empty();
    }

    /** Cancels running statements, from any thread. */
    void cancel();

    /** Releases the engine and removes its temporary files. */
    @Override
    void close();
}
