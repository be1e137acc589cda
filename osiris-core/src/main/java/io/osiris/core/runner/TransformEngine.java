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

    /** Receives the rows (and an estimate of the bytes) copied so far during a load. */
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

    /** The columns of a table. */
    RowSchema schemaOf(String table);

    /** Writes a table to a file in a format and returns the rows written; the file is replaced. */
    long export(String table, LoadTarget format, Path file);

    /** Streams a table's rows; the caller closes the stream. */
    RowStream read(String table);

    /** Cancels running statements, from any thread. */
    void cancel();

    /** Releases the engine and removes its temporary files. */
    @Override
    void close();
}
