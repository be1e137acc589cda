package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.capability.Split;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How one read's transaction begins: in an exported snapshot (a split of a plan) or in a
 * snapshot of its own, over a whole relation or one part of it.
 *
 * @param snapshot the exported snapshot to read in, or empty for a new one
 * @param part     whether the read is one split of several
 */
record PgReadScope(String snapshot, boolean part) {
    /** One stream: its own snapshot, the whole relation. */
    static final PgReadScope WHOLE = new PgReadScope("", false);

    PgReadScope {
        requireNonNull(snapshot, "snapshot");
    }

    static PgReadScope of(Split split) {
        return new PgReadScope(split.snapshot(), !split.whole());
    }

    /**
     * Begins the transaction of {@code c} (autocommit off): joins the snapshot
     * ({@link PgSnapshotPlan#join}) and, for a part, turns synchronized sequential scans off.
     *
     * <p>Splits read by sequential scans start together. Synchronized, they start at the page
     * another scan of the table reached and then read the same pages at the same moments, and a
     * buffer that two scans hold leaves their rings: measured on 2 splits of 2M rows, 3.8-4.0 s
     * and 1.3 s more CPU when runs followed each other, against 3.1 s each without. Each split
     * then scans from the table's first page with a ring of its own.
     */
    void begin(Connection c) throws SQLException {
        PgSnapshotPlan.join(c, snapshot);
        if (part) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronize_seqscans = off");
            }
        }
    }
}
