package io.osiris.core.engine;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An engine that reads the splits of an extraction in its own tasks (Spark: one partition per
 * split, on its executors), each task opening the connector from {@link SplitSource} and reading
 * its split with {@link io.osiris.api.connector.capability.SplitRead#read}. Without it, the
 * runner reads the splits on its own threads and loads them into the engine.
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
     * What a task needs to read a split by itself: the connector type, the named connection's
     * settings (secrets included, so never log or print one) and the extraction.
     *
     * @param type       the connector type ({@code supabase})
     * @param connection the connection name ({@code default})
     * @param properties the connection's settings with variables substituted
     * @param extraction what the step reads
     */
    record SplitSource(String type, String connection, Map<String, String> properties, Extraction extraction) {
        public SplitSource {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(connection, "connection");
            properties = Map.copyOf(properties);
            Objects.requireNonNull(extraction, "extraction");
        }

        @Override
        public String toString() {
            return "SplitSource[" + type + "." + connection + ", keys " + new java.util.TreeSet<>(properties.keySet())
                    + "]";
        }
    }
}
