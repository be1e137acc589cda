package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads a table as key ranges on several connections ({@link SplitKey}, {@link KeyRanges}).
 *
 * <p>A query, an extraction with a {@code limit}, a view and a table without a usable key are
 * read as one stream. With {@link SplitRequest#upTo} a table below about 250,000 rows and
 * 32 MB (information_schema's estimates) is one stream too, and a larger one gets a split per
 * 250,000 rows or 32 MB, at most {@code parallelism}.
 *
 * <p>Consistency: MySQL and MariaDB cannot share a snapshot between connections, so each split
 * reads in its own {@code START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY} at REPEATABLE
 * READ. {@link #plan} opens every split's connection first and then starts all their
 * transactions back to back, before any row is read: the snapshots are milliseconds apart, not
 * as far apart as the splits' reads. A split read in another JVM (a Spark task) starts its own
 * transaction when it starts. Split connections are not the pool's (see
 * {@link MySqlClient#session()}).
 */
final class MySqlSplitRead implements SplitRead {
    private static final long AUTO_ROWS_PER_SPLIT = 250_000;
    private static final long AUTO_BYTES_PER_SPLIT = 32L << 20;

    private final MySqlClient client;
    private final MySqlExtractor extractor;
    /** Snapshot transactions a plan started, each waiting for its split's read in this JVM. */
    private final ConcurrentMap<Opened, Connection> opened = new ConcurrentHashMap<>();

    /** Which read a started transaction waits for. */
    record Opened(Extraction extraction, Split split) {
    }

    MySqlSplitRead(MySqlClient client, MySqlExtractor extractor) {
        this.client = requireNonNull(client, "client");
        this.extractor = requireNonNull(extractor, "extractor");
    }

    @Override
    public SplitPlan plan(Extraction extraction, SplitRequest request) {
        if (!(extraction instanceof Extraction.Table t)) {
            return SplitPlan.single("a query is read as one stream");
        }
        if (t.limit() > 0) {
            return SplitPlan.single("an extraction with a limit is read as one stream");
        }
        if (request.parallelism() < 2) {
            return SplitPlan.single("parallelism 1");
        }
        MySqlTableName table = MySqlTableName.parse(t.table());
        List<Split> splits;
        SplitKey key;
        try (Connection c = client.connection()) {
            MySqlExtractor.readOnly(c, true);
            try {
                Optional<long[]> stats = stats(c, table);
                if (stats.isEmpty()) {
                    return SplitPlan.single(table + " is not a base table here (a view, or missing)");
                }
                long rows = stats.get()[0];
                long bytes = stats.get()[1];
                int wanted = request.parallelism();
                if (request.automatic()) {
                    if (rows < AUTO_ROWS_PER_SPLIT && bytes < AUTO_BYTES_PER_SPLIT) {
                        return SplitPlan.single("about " + rows + " rows, too few to split");
                    }
                    long bySize = Math.max(rows / AUTO_ROWS_PER_SPLIT, bytes / AUTO_BYTES_PER_SPLIT);
                    wanted = (int) Math.min(wanted, Math.max(2, bySize));
                }
                Optional<SplitKey> found = SplitKey.find(c, table, wanted);
                if (found.isEmpty()) {
                    return SplitPlan.single(table + " has no integer or date key with enough distinct values");
                }
                key = found.get();
                splits = new KeyRanges(c, table, key).splits(wanted, rows);
            } finally {
                MySqlExtractor.readOnly(c, false);
            }
        } catch (SQLException e) {
            throw client.failure("Planning the splits of table " + t.table() + " failed", e);
        }
        if (splits.size() < 2) {
            return SplitPlan.single(table + "." + key.column() + " has too few values to split");
        }
        String description = (key.nullable() ? splits.size() - 1 + " ranges and the NULLs" : splits.size() + " ranges")
                + " of " + table + "." + key.column() + ", each split in its own snapshot, all started together";
        return MySqlSplitPlan.start(this, extraction, splits, description);
    }

    /** TABLE_ROWS and DATA_LENGTH, or empty when {@code table} is not a base table. */
    private static Optional<long[]> stats(Connection c, MySqlTableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_ROWS, DATA_LENGTH FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?"
                + " AND TABLE_TYPE = 'BASE TABLE'")) {
            ps.setString(1, table.database());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new long[] {rs.getLong(1), rs.getLong(2)}) : Optional.empty();
            }
        }
    }

    @Override
    public RowStream read(Extraction extraction, Split split) {
        if (split.whole()) {
            return extractor.extract(extraction);
        }
        return extractor.stream(extraction, sql(extraction, split), session(extraction, split));
    }

    @Override
    public Optional<CsvCopy> csvCopy(Extraction extraction, Split split) {
        if (split.whole()) {
            return extractor.csvCopy(extraction);
        }
        String sql = sql(extraction, split);
        // The unsplit extraction's schema: a narrowing changes no column, and must not seem to.
        Optional<RowSchema> schema = extractor.preparedSchema(extraction);
        if (schema.isEmpty()) {
            return Optional.empty();
        }
        return extractor.csvCopy(extraction, sql, schema.get(), session(extraction, split));
    }

    /** The extraction's statement with the split's condition added to its filter. */
    private static String sql(Extraction extraction, Split split) {
        if (!(extraction instanceof Extraction.Table t) || t.limit() > 0) {
            throw new ExecutionFailedException("Reading " + MySqlExtractor.what(extraction) + " as split '"
                    + split.label() + "' failed: only a table without a limit is split");
        }
        String where = t.where().isBlank() ? split.condition() : "(" + t.where() + ") AND (" + split.condition() + ")";
        return MySqlExtractor.sql(new Extraction.Table(t.table(), t.columns(), where, 0));
    }

    /** The split's snapshot transaction: the one its plan started, else one started now. */
    private ReadSession session(Extraction extraction, Split split) {
        return new ReadSession() {
            @Override
            public Connection open() {
                Connection waiting = opened.remove(new Opened(extraction, split));
                return waiting != null ? waiting : begin(split);
            }

            @Override
            public void release(Connection c) throws SQLException {
                end(c, "COMMIT");
            }
        };
    }

    /** A connection of its own in a read-only snapshot transaction. */
    private Connection begin(Split split) {
        Connection c = client.session();
        try {
            startSnapshot(c);
            return c;
        } catch (SQLException e) {
            client.discard(c);
            throw client.failure("Starting the snapshot of split '" + split.label() + "' failed", e);
        }
    }

    /** Starts a read-only snapshot transaction on {@code c}. */
    static void startSnapshot(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            // The snapshot is taken at REPEATABLE READ only; this sets the next transaction's level.
            st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
    }

    /** Ends a split's transaction and closes its connection. */
    static void end(Connection c, String how) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(how);
        }
        c.close();
    }

    /** Waits the transaction of {@code key} for its read; false when one is waiting already. */
    boolean offer(Opened key, Connection c) {
        return opened.putIfAbsent(key, c) == null;
    }

    /** Takes back a transaction nobody read, if it is still {@code c}. */
    boolean withdraw(Opened key, Connection c) {
        return opened.remove(key, c);
    }

    MySqlClient client() {
        return client;
    }
}
