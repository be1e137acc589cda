package io.osiris.api.connector.capability;

import java.util.List;

/**
 * The splits {@link SplitRead#plan} chose for one extraction, and what keeps their snapshot open
 * while they are read.
 */
public interface SplitPlan extends AutoCloseable {

    /** How far the rows of different splits are consistent with each other. */
    enum Consistency {
        /** Every split reads one snapshot of the database (PostgreSQL's exported snapshots). */
        ONE_SNAPSHOT,
        /**
         * Each split reads its own consistent snapshot, taken when it starts: a row changed while
         * the splits are read may be seen in its old or its new state (MySQL and MariaDB cannot
         * share a snapshot between connections).
         */
        PER_SPLIT
    }

    /** The splits, in order; at least one. Together they cover every row exactly once. */
    List<Split> splits();

    /** How consistent the splits are with each other. */
    Consistency consistency();

    /** One line for people, such as {@code 4 ranges of movies.movie_id in one snapshot}. */
    String description();

    /** Ends the snapshot and releases its connection; idempotent. */
    @Override
    void close();

    /** A plan of one split: the whole extraction as one stream. */
    static SplitPlan single(String why) {
        return of(List.of(Split.WHOLE), Consistency.ONE_SNAPSHOT, "one stream: " + why);
    }

    /** A plan that holds nothing open (no snapshot, no connection): closing it does nothing. */
    static SplitPlan of(List<Split> splits, Consistency consistency, String description) {
        List<Split> all = List.copyOf(splits);
        java.util.Objects.requireNonNull(consistency, "consistency");
        java.util.Objects.requireNonNull(description, "description");
        if (all.isEmpty()) {
            throw new IllegalArgumentException("a plan has at least one split");
        }
        return new SplitPlan() {
            @Override
            public List<Split> splits() {
                return all;
            }

            @Override
            public Consistency consistency() {
                return consistency;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public void close() {
            }
        };
    }
}
