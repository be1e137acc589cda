package io.osiris.spark;

import io.osiris.api.connector.capability.SplitRead;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The readers of the extractions a run is reading on Spark, by an id its tasks carry. A task that
 * finds its reader here runs in the driver's JVM (Spark's local mode) and reads through it: no
 * connector opened per task, the MySQL plan's snapshots taken at the start, a host's
 * {@code DataSource} used. A task on another executor finds nothing and opens its own connector.
 */
final class LocalReaders {
    private static final Map<String, SplitRead> READERS = new ConcurrentHashMap<>();

    private LocalReaders() {
    }

    /** Keeps {@code reader} until {@link #remove}; returns its id. */
    static String register(SplitRead reader) {
        String id = UUID.randomUUID().toString();
        READERS.put(id, reader);
        return id;
    }

    /** The reader of {@code id} when this is the driver's JVM, else null. */
    static SplitRead get(String id) {
        return id == null ? null : READERS.get(id);
    }

    static void remove(String id) {
        if (id != null) {
            READERS.remove(id);
        }
    }
}
