package io.osiris.spark;

import io.osiris.api.ExecutionFailedException;
import io.osiris.core.engine.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one engine (one run) holds on the shared Spark: its own SQL session, its job group (what
 * {@link #cancel} stops), the datasets it persisted and its temporary directory.
 */
final class SparkRun {
    final SparkSession session;
    final Path tempDirectory;
    final Sandbox sandbox;
    private final String jobGroup = "osiris-" + UUID.randomUUID();
    private final Map<String, Dataset<Row>> persisted = new ConcurrentHashMap<>();
    /** The row count of each table whose rows cannot change (views are immutable), so no job counts it again. */
    private final Map<String, Long> counts = new ConcurrentHashMap<>();
    private volatile boolean cancelled;

    private SparkRun(SparkSession session, Path tempDirectory, Sandbox sandbox) {
        this.session = session;
        this.tempDirectory = tempDirectory;
        this.sandbox = sandbox;
    }

    static SparkRun open(SparkSession shared, Path tempParent, Sandbox sandbox) {
        Path dir;
        try {
            Files.createDirectories(tempParent);
            dir = Files.createTempDirectory(tempParent, "osiris-spark-");
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot create the Spark engine's temporary directory in " + tempParent
                    + ": " + e.getMessage(), e);
        }
        SparkSession session = shared.newSession();
        SparkEngines.SESSION_CONF.forEach((key, value) -> session.conf().set(key, value));
        return new SparkRun(session, dir, sandbox);
    }

    /**
     * Runs {@code work} in this run's job group (so {@link #cancel} reaches the jobs it starts),
     * turning Spark's failures into one {@link ExecutionFailedException} that says {@code what} failed.
     */
    <T> T run(String what, Supplier<T> work) {
        if (cancelled) {
            throw new ExecutionFailedException(what + " was cancelled.");
        }
        session.sparkContext().setJobGroup(jobGroup, what, true);
        try {
            return work.get();
        } catch (ExecutionFailedException e) {
            throw e;
        } catch (Exception e) { // Spark's AnalysisException is checked, though Scala throws it anywhere
            if (cancelled) {
                throw new ExecutionFailedException(what + " was cancelled.", e);
            }
            throw new ExecutionFailedException(what + " failed on Spark: " + reason(e), e);
        } finally {
            session.sparkContext().clearJobGroup();
        }
    }

    /** Keeps a dataset as {@code table}: persisted and counted (so it is computed once), then a temp view. */
    long keep(String table, Dataset<Row> rows) {
        Dataset<Row> kept = rows.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        long count;
        try {
            count = kept.count();
        } catch (RuntimeException e) {
            kept.unpersist(false);
            throw e;
        }
        view(table, kept);
        counts.put(table, count);
        Dataset<Row> before = persisted.put(table, kept);
        if (before != null) {
            before.unpersist(false);
        }
        return count;
    }

    /** Names {@code rows} {@code table} in this run's session. */
    void view(String table, Dataset<Row> rows) {
        counts.remove(table);
        rows.createOrReplaceTempView(SparkSql.quote(table));
    }

    /** Names {@code rows}, of which there are {@code count}, {@code table}. */
    void view(String table, Dataset<Row> rows, long count) {
        view(table, rows);
        counts.put(table, count);
    }

    /** The rows of {@code table}, counted by Spark only when no step counted them before. */
    long count(String table) {
        Long known = counts.get(table);
        return known != null ? known : table(table).count();
    }

    Dataset<Row> table(String table) {
        return session.table(SparkSql.quote(table));
    }

    void cancel() {
        cancelled = true;
        session.sparkContext().cancelJobGroup(jobGroup);
    }

    /** Drops what this run persisted and its temporary directory; the shared Spark keeps running. */
    void close() {
        persisted.values().forEach(d -> d.unpersist(false));
        persisted.clear();
        for (String name : session.catalog().listTables().collectAsList().stream()
                .filter(t -> t.isTemporary()).map(t -> t.name()).toList()) {
            session.catalog().dropTempView(name);
        }
        delete(tempDirectory);
    }

    /** A fresh path under the temporary directory. */
    Path tempPath(String prefix, String suffix) {
        return tempDirectory.resolve(prefix + "-" + UUID.randomUUID() + suffix);
    }

    static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary file is not worth failing a finished run for.
        }
    }

    /** The innermost message of a Spark failure: a task's, not the driver's wrapping of it. */
    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String outer = firstLine(e);
        String inner = firstLine(cause);
        return cause == e || outer.contains(inner) ? outer : outer + " (caused by " + inner + ")";
    }

    private static String firstLine(Throwable e) {
        return String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).findFirst().orElse(e.toString()).strip();
    }
}
