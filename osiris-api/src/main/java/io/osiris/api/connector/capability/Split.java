package io.osiris.api.connector.capability;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * One part of a split extraction, as plain serialisable data so that another JVM (a distributed
 * engine's task) can read it with a connector opened from the same configuration.
 *
 * @param index     the split's place in its plan, from 0
 * @param condition a boolean expression in the source's dialect, written by the connector that
 *                  planned it, that selects this split's rows (such as
 *                  {@code movie_id >= 1000 AND movie_id < 2000}); empty for every row
 * @param snapshot  the database snapshot every split of the plan reads (a PostgreSQL exported
 *                  snapshot id); empty when each split reads its own
 * @param label     one short line for progress and errors, such as {@code movie_id [1000, 2000)}
 */
public record Split(int index, String condition, String snapshot, String label) implements Serializable {

    /** The one split of an extraction read whole. */
    public static final Split WHOLE = new Split(0, "", "", "all rows");

    public Split {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0");
        }
        requireNonNull(condition, "condition");
        requireNonNull(snapshot, "snapshot");
        requireNonNull(label, "label");
    }

    /** Whether this split reads every row of the extraction. */
    public boolean whole() {
        return condition.isEmpty();
    }
}
