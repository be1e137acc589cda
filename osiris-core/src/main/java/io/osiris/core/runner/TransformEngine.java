package io.osiris.core.runner;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import java.nio.file.Path;

/**
 * The runner's one seam to its transform engine: load rows into a table, run SQL into a
 * table, export a table. DuckDB is the embedded default; a distributed engine can take its
 * place behind this interface without touching pipelines. Implementations allow loads into
 * different tables from several threads at once.
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

    /**
     * Creates {@code table} from an extraction run by the engine itself on a DuckDB database
     * file, read-only, without streaming its rows through Java; the table has the columns
     * {@link #load} would have given it. Empty when the engine cannot (another engine, a type it
     * would not copy exactly, the file in use): the caller then streams the rows with {@link #load}.
     */
    default java.util.Optional<Loaded> loadFromDuckDbFile(String table, Path file,
            io.osiris.api.connector.Extraction extraction) {
        return java.util.Optional.empty();
    }

    /**
     * Creates {@code table} from a source's CSV copy (see
     * {@link io.osiris.api.connector.IExtractor#csvCopy}), with the columns {@link #load} would
     * give it. Empty when the engine cannot, or when the copy failed before the table was
     * complete (the table is then gone): the caller streams the rows with {@link #load} instead.
     */
    default java.util.Optional<Loaded> loadCsv(String table, io.osiris.api.connector.IExtractor.CsvCopy copy,
            LoadProgress progress) {
        return java.util.Optional.empty();
    }

    /**
     * Writes a source's CSV copy straight into a file of {@code format}, with no table in
     * between; the file has what {@link #export} of the table {@link #loadCsv} creates would
     * give. Empty when the engine cannot or the copy failed (no file is left): the caller then
     * stages the rows and exports the table.
     */
    default java.util.Optional<Loaded> exportCsvCopy(io.osiris.api.connector.IExtractor.CsvCopy copy,
            FileFormat format, Path file, LoadProgress progress) {
        return java.util.Optional.empty();
    }

    /**
     * Hands a table's rows to a loader as CSV text (see
     * {@link io.osiris.api.connector.ILoader#csvLoad}) and returns what the loader did. Empty
     * when the engine cannot write this table so (the loader was not called): the caller then
     * streams the rows with {@link #read}.
     */
    default java.util.Optional<io.osiris.api.connector.LoadResult> exportCsv(String table,
            io.osiris.api.connector.ILoader.CsvLoad load) {
        return java.util.Optional.empty();
    }

    /**
     * Hands the rows of an extraction from a DuckDB database file straight to a loader as CSV
     * text, read-only and without a table in between; {@code loader} is given the rows' schema
     * and may decline. The rows are those {@link #loadFromDuckDbFile} would stage. Empty when
     * the engine or the loader cannot (the caller then stages the rows and loads the table).
     */
    default java.util.Optional<io.osiris.api.connector.LoadResult> exportCsvFromDuckDbFile(Path file,
            io.osiris.api.connector.Extraction extraction,
            java.util.function.Function<RowSchema, java.util.Optional<io.osiris.api.connector.ILoader.CsvLoad>> loader) {
        return java.util.Optional.empty();
    }

    /** Creates an empty {@code table} with these columns (for dry runs). */
    void createEmpty(String table, RowSchema schema);

    /** Creates {@code table} from one SELECT over earlier tables and returns its row count. */
    long createTable(String table, String selectSql);

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

    /** Cancels running statements, from any thread. */
    void cancel();

    /** Releases the engine and removes its temporary files. */
    @Override
    void close();
}
