package io.osiris.spark;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.core.engine.FileSystemUris;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File loads to Hadoop file system URIs ({@code hdfs://}, {@code s3a://}, {@code file://}),
 * reached through the session's Hadoop configuration ({@link FileSystem#get(URI, Configuration)}),
 * so whatever file systems and credentials the cluster is set up with apply. Like a local file
 * load ({@link SparkFiles}), Spark writes into a directory beside the file, here one partition,
 * whose one part file is renamed onto it.
 */
final class SparkUris implements FileSystemUris {
    private static final Logger LOG = LoggerFactory.getLogger(SparkUris.class);
    private final SparkRun run;

    SparkUris(SparkRun run) {
        this.run = run;
    }

    @Override
    public long export(String table, FileFormat format, URI file) {
        if (SparkFiles.needsRecompression(format)) {
            throw new ValidationException("Writing " + table + " to " + file + ": Spark writes no Brotli Parquet to"
                    + " a URI; choose compression snappy, gzip or zstd.");
        }
        FileSystem fs = fileSystem(file);
        Path target = new Path(file);
        Path parts = new Path(target.getParent(), "." + target.getName() + ".spark-" + UUID.randomUUID());
        boolean written = false;
        try {
            long rows = run.run("Writing " + table + " to " + file, () -> {
                long count = run.count(table);
                SparkFiles.writer(run.table(table).coalesce(1), format, true).mode(SaveMode.Overwrite).save(parts.toString());
                moveTheOnePart(fs, parts, target);
                return count;
            });
            written = true;
            return rows;
        } finally {
            quietly(fs, parts, true);
            if (!written) {
                quietly(fs, target, false);
            }
        }
    }

    @Override
    public void move(URI file, URI target) {
        FileSystem fs = fileSystem(target);
        Path from = new Path(file);
        Path to = new Path(target);
        try {
            fs.mkdirs(to.getParent());
            // Hadoop's rename never replaces: the old file goes first, so a replace is not atomic here.
            if (fs.exists(to) && !fs.delete(to, false)) {
                throw new ExecutionFailedException("Cannot replace " + target + ": the file system kept it");
            }
            if (!fs.rename(from, to)) {
                throw new ExecutionFailedException("Cannot rename " + file + " to " + target);
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot move " + file + " to " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(URI file) {
        quietly(fileSystem(file), new Path(file), false);
    }

    private FileSystem fileSystem(URI uri) {
        try {
            // Cached by Hadoop and shared with Spark: never closed here.
            return FileSystem.get(uri, run.session.sparkContext().hadoopConfiguration());
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot reach the file system of " + uri + ": " + e.getMessage(), e);
        }
    }

    private static void moveTheOnePart(FileSystem fs, Path parts, Path target) {
        try {
            FileStatus[] written = fs.listStatus(parts, p -> p.getName().startsWith("part-"));
            if (written.length == 0) {
                // No partition at all: an empty table. Its file is still written, as a local load's is.
                fs.create(target, true).close();
                return;
            }
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new ExecutionFailedException("Cannot replace " + target + ": the file system kept it");
            }
            if (!fs.rename(written[0].getPath(), target)) {
                throw new ExecutionFailedException("Cannot rename Spark's file onto " + target);
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot move Spark's file onto " + target + ": " + e.getMessage(), e);
        }
    }

    private static void quietly(FileSystem fs, Path path, boolean recursive) {
        try {
            fs.delete(path, recursive);
        } catch (IOException e) {
            LOG.warn("Cannot remove {}: {}", path, e.getMessage());
        }
    }
}
