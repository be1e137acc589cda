package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * A split plan and, for {@link Consistency#ONE_SNAPSHOT}, the connection whose open REPEATABLE
 * READ transaction exported the snapshot every split imports: PostgreSQL lets a transaction
 * import a snapshot only while the exporting one is open, so it stays open until {@link #close}.
 */
final class PgSnapshotPlan implements SplitPlan {
    private static final System.Logger LOG = System.getLogger(PgSnapshotPlan.class.getName());
    /** An exported snapshot id: {@code 00000003-0000001B-1} (older servers: {@code 000003A1-1}). */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f]+(-[0-9A-Fa-f]+)+");
    static final String EXPORT = "SELECT pg_export_snapshot()";

    private final List<Split> splits;
    private final Consistency consistency;
    private final String description;
    private final Runnable release;
    private Connection holder; // guarded by this; null for PER_SPLIT
    private boolean closed; // guarded by this

    /** {@code release}: run once, on close (gives back the pool room the plan reserved). */
    PgSnapshotPlan(List<Split> splits, Consistency consistency, String description, Connection holder,
            Runnable release) {
        this.splits = List.copyOf(splits);
        this.consistency = requireNonNull(consistency, "consistency");
        this.description = requireNonNull(description, "description");
        this.holder = holder;
        this.release = requireNonNull(release, "release");
    }

    @Override
    public List<Split> splits() {
        return splits;
    }

    @Override
    public Consistency consistency() {
        return consistency;
    }

    @Override
    public String description() {
        return description;
    }

    /** Rolls the exporting transaction back (the snapshot ends) and returns its connection. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (holder != null) {
            PostgresExtractor.closeQuietly(holder);
            holder = null;
        }
        release.run();
    }

    /**
     * Starts the transaction of {@code c} (autocommit off) as REPEATABLE READ: the isolation level
     * an exported snapshot needs, on both ends. Must be the transaction's first statement.
     */
    static void beginRepeatableRead(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        }
    }

    /**
     * Exports the snapshot of the transaction {@code c} has just begun ({@link #beginRepeatableRead}).
     * Empty when the server refuses (a hot standby before PostgreSQL 10); the transaction of
     * {@code c} is then restarted, so that the caller can still read the catalog on it.
     */
    static Optional<String> export(Connection c, String exportSql, String what) throws SQLException {
        try (Statement s = c.createStatement()) {
            // The transaction waits, idle, while the splits are read: a server-wide idle timeout
            // would end it and leave later splits no snapshot to import. For this transaction only.
            s.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(exportSql)) {
            rs.next();
            return Optional.of(rs.getString(1));
        } catch (SQLException e) {
            refused(what, "export", e);
            c.rollback();
            beginRepeatableRead(c);
            return Optional.empty();
        }
    }

    /**
     * Checks, on a thread of its own, that another connection can import the exported
     * {@code snapshot}: a pooler may send the importing transaction where the exporting one is
     * unknown. The planner reads the catalog meanwhile, and {@link ImportProbe#shared} waits for
     * the answer.
     */
    static ImportProbe probe(PostgresClient client, String snapshot) {
        ImportProbe probe = new ImportProbe();
        Thread t = new Thread(() -> probe.run(client, snapshot), "osiris-pg-snapshot-probe");
        t.setDaemon(true);
        t.start();
        return probe;
    }

    /** A check that another connection imports the exported snapshot; see {@link #probe}. */
    static final class ImportProbe {
        /** Empty when the snapshot was imported, else the refusal. */
        private final CompletableFuture<Optional<SQLException>> answer = new CompletableFuture<>();

        private ImportProbe() {
        }

        private void run(PostgresClient client, String snapshot) {
            try (Connection probe = client.connection()) {
                probe.setAutoCommit(false);
                probe.setReadOnly(true);
                try {
                    join(probe, snapshot);
                } finally {
                    probe.rollback();
                }
                answer.complete(Optional.empty());
            } catch (SQLException e) {
                answer.complete(Optional.of(e));
            } catch (RuntimeException | Error e) {
                answer.completeExceptionally(e);
            }
        }

        /**
         * Whether the other connection imported the snapshot; when it could not, logs the one
         * warning line the fallback to a snapshot per split gets.
         *
         * @throws RuntimeException what the probe threw other than a refusal (no connection at all)
         */
        boolean shared(String what) {
            Optional<SQLException> refusal;
            try {
                refusal = answer.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
            refusal.ifPresent(e -> refused(what, "import", e));
            return refusal.isEmpty();
        }

        /** Waits for the probe to give its connection back, whatever it found. */
        void finish() {
            try {
                answer.join();
            } catch (CompletionException e) {
                // The plan has its answer or failed already: the probe's own failure adds nothing.
            }
        }
    }

    private static void refused(String what, String step, SQLException e) {
        LOG.log(System.Logger.Level.WARNING, "{0}: the server refused to {1} a snapshot ({2}{3}); each split reads "
                + "its own snapshot instead, so rows changed while the splits run may be seen in either state. "
                + "A direct connection or a session-mode pooler (Supabase: port 5432) shares one snapshot.", what,
                step, firstLine(e.getMessage()), e.getSQLState() == null ? "" : ", SQLSTATE " + e.getSQLState());
    }

    /**
     * Makes the transaction {@code c} is about to begin (autocommit off) read {@code snapshot}:
     * {@code SET TRANSACTION ISOLATION LEVEL REPEATABLE READ; SET TRANSACTION SNAPSHOT 'id'},
     * the first statements of the transaction. Nothing when {@code snapshot} is empty.
     *
     * @throws IllegalArgumentException when {@code snapshot} is not a snapshot id (a split is
     *                                  plain data: it may come from elsewhere)
     */
    static void join(Connection c, String snapshot) throws SQLException {
        if (snapshot.isEmpty()) {
            return;
        }
        if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL snapshot id: '" + snapshot + "'");
        }
        beginRepeatableRead(c);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline).trim() : message.trim();
    }
}
