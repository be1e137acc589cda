package io.osiris.core.engine;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.TransformEngine.FileFormat;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine that reads the splits of an extraction in its own tasks (Spark: one partition per
 * split, on its executors), each task opening the connector from {@link SplitSource} and reading
 * its split with {@link io.osiris.api.connector.capability.SplitRead#read}. Without it, the
 * runner reads the splits on its own threads and loads them into the engine. An extraction the
 * source reads as one stream is handed over too, as one split ({@link Split#WHOLE}).
 */
public interface SplitExtract extends EngineCapability {

    /**
     * Creates {@code table} with {@code schema} from the rows of every split, read where the
     * engine runs its tasks, and returns what was read. Fails as a whole when any split fails
     * (the table is then gone).
     */
    Loaded extract(String table, SplitSource source, List<Split> splits, RowSchema schema,
            LoadProgress progress);

    /**
     * Writes the rows of every split straight into {@code file} in {@code format}, read and
     * written in the engine's tasks with no table in between (the step's one load is a file);
     * returns what was written, or empty, before reading anything, when the engine does not write
     * that format this way (the runner then creates the table with {@link #extract}). Fails as a
     * whole when any split fails; {@code file} is then incomplete and the caller discards it.
     */
    default Optional<Loaded> extractIntoFile(SplitSource source, List<Split> splits, RowSchema schema,
            FileFormat format, Path file, LoadProgress progress) {
        return Optional.empty();
    }

    /**
     * What a task needs to read a split by itself: the connector type, the named connection's
     * settings (secrets included, so never log or print one) and the extraction.
     *
     * @param type       the connector type ({@code supabase})
     * @param connection the connection name ({@code default})
     * @param properties the connection's settings with variables substituted
     * @param extraction what the step reads
     * @param here       the run's own reader of the splits, for tasks that run in this JVM (Spark's
     *                   local mode): it holds the plan's waiting snapshots and whatever a host
     *                   handed the connection (its {@code DataSource}, a password supplier); a task
     *                   in another JVM opens the connector from {@code properties}
     */
    record SplitSource(String type, String connection, Map<String, String> properties, Extraction extraction,
            Optional<SplitRead> here) {
        public SplitSource {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(connection, "connection");
            properties = Map.copyOf(properties);
            Objects.requireNonNull(extraction, "extraction");
            Objects.requireNonNull(here, "here");
        }

        /** A source whose every task opens the connector from {@code properties}. */
        public SplitSource(String type, String connection, Map<String, String> properties, Extraction extraction) {
            this(type, connection, properties, extraction, Optional.empty());
        }

        @Override
        public String toString() {
            return "SplitSource[" + type + "." + connection + ", keys " + new java.util.TreeSet<>(properties.keySet())
                    + "]";
        }
    }
}
