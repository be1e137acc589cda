package io.osiris.core.engine;

import io.osiris.core.engine.TransformEngine.FileFormat;
import java.net.URI;

/**
 * An engine that writes file loads to file system URIs ({@code hdfs://}, {@code s3a://},
 * {@code file://}), through the file systems it reaches (Spark: Hadoop's). The runner writes
 * each such load to a temporary sibling of its target with {@link #export}, then moves it onto
 * the target with {@link #move} only when the whole run succeeded, or {@linkplain #delete deletes}
 * it; so a failed run leaves neither a partial target nor its temporary file. Without this
 * capability a load whose path is a URI is refused before anything runs.
 */
public interface FileSystemUris extends EngineCapability {

    /**
     * Writes a table to one file at {@code file}, replacing it, and returns the rows written.
     * Whatever fails, nothing of this write stays at {@code file} or beside it.
     */
    long export(String table, FileFormat format, URI file);

    /** Moves {@code file} onto {@code target} in the same file system, replacing it; makes its directory if missing. */
    void move(URI file, URI target);

    /** Deletes {@code file} if it is there; a failure is logged, never thrown (it runs while cleaning up). */
    void delete(URI file);
}
