package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Splits a table extraction into {@code ctid} ranges of heap pages or ranges of an integer key,
 * every split reading one exported snapshot (see {@link PgSnapshotPlan}).
 *
 * <p>{@code ctid} ranges are the first choice: they split the heap into parts even in bytes
 * whatever the key's distribution (or with no key at all), and from PostgreSQL 14 each part is
 * read by a TID range scan that touches only its pages (or, on a table somewhat larger than
 * {@code shared_buffers}, by a sequential scan that keeps its range: see {@link #sequentialScans}).
 * They need a relation with pages of its own: a view, a partitioned parent or a foreign table is
 * split on an integer key (a primary key, else a single-column unique index, whose NULLs get a
 * split of their own) or read as one stream; so is every table of a server before 14, where
 * each range would scan the whole table. A query, a limit, or (for {@code parallelism: auto}) a
 * small table is read as one stream.
 */
final class PostgresSplitRead implements SplitRead {
    /** Below both, {@code parallelism: auto} reads a table whole: a second connection costs more than it saves. */
    static final long SMALL_BYTES = 32L << 20;
    static final long SMALL_ROWS = 250_000;
    /** With {@code auto}, at most one split per this much of the table. */
    static final long BYTES_PER_SPLIT = 16L << 20;
    static final long ROWS_PER_SPLIT = 125_000;
    /** What a page a TID range scan reads into shared buffers costs, in pages a sequential scan passes over. */
    static final double TID_PAGE_COST = 3;
    // An inheritance or partitioned parent's own statistics cover its children ("inherited").
    private static final String HISTOGRAM = """
            SELECT histogram_bounds::text FROM pg_catalog.pg_stats
            WHERE schemaname = ? AND tablename = ? AND attname = ? AND histogram_bounds IS NOT NULL
            ORDER BY inherited DESC LIMIT 1""";

    /** Which ranges the planner may use: tests take {@code KEY} to split tables that {@code ctid} would. */
    enum Ranges { CTID_OR_KEY, KEY }

    private final PostgresClient client;
    private final PostgresExtractor extractor;
    private final Ranges ranges;
    private final String exportSql;

    PostgresSplitRead(PostgresClient client, PostgresExtractor extractor) {
        this(client, extractor, Ranges.CTID_OR_KEY, PgSnapshotPlan.EXPORT);
    }

    /** {@code exportSql}: the statement that exports the snapshot (tests make the server refuse it). */
    PostgresSplitRead(PostgresClient client, PostgresExtractor extractor, Ranges ranges, String exportSql) {
        this.client = requireNonNull(client, "client");
        this.extractor = requireNonNull(extractor, "extractor");
        this.ranges = requireNonNull(ranges, "ranges");
        this.exportSql = requireNonNull(exportSql, "exportSql");
    }

    @Override
    public SplitPlan plan(Extraction extraction, SplitRequest request) {
        if (!(extraction instanceof Extraction.Table t)) {
            return SplitPlan.single("a query is read whole: only a table's rows can be split safely");
        }
        if (t.limit() > 0) {
            return SplitPlan.single("a limit is read as one stream");
        }
        if (request.parallelism() == 1) {
            return SplitPlan.single("parallelism 1");
        }
        PgTableName name = PgTableName.resolve(t.table(), client.settings().defaultSchema());
        String what = "planning the splits of table " + t.table();
        // The splits, the connection holding their snapshot and the import probe, all at once.
        int room = request.parallelism() + 2;
        client.reserve(room);
        Connection c;
        try {
            c = client.connection();
        } catch (RuntimeException e) {
            client.release(room);
            throw e;
        }
        boolean holding = false;
        boolean planned = false;
        Optional<PgSnapshotPlan.ImportProbe> probe = Optional.empty();
        try {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            PgSnapshotPlan.beginRepeatableRead(c);
            Optional<String> exported = PgSnapshotPlan.export(c, exportSql, what);
            // Another connection imports it while this one reads the catalog. (Opened before the export,
            // it would only delay this one: the pool opens its connections one after the other.)
            probe = exported.map(id -> PgSnapshotPlan.probe(client, id));
            Optional<PgSplitTable> table = PgSplitTable.read(c, name);
            if (table.isEmpty()) {
                return SplitPlan.single("no relation " + name.display() + " in the catalog");
            }
            Ranged ranged = ranges(c, t, table.get(), request);
            if (ranged.conditions().size() <= 1) {
                return SplitPlan.single(ranged.how());
            }
            Optional<String> snapshot = probe.isPresent() && probe.get().shared(what) ? exported : Optional.empty();
            List<Split> splits = new ArrayList<>();
            for (int i = 0; i < ranged.conditions().size(); i++) {
                splits.add(new Split(i, ranged.conditions().get(i), snapshot.orElse(""), ranged.labels().get(i)));
            }
            holding = snapshot.isPresent();
            planned = true;
            Runnable release = () -> client.release(room);
            return holding
                    ? new PgSnapshotPlan(splits, SplitPlan.Consistency.ONE_SNAPSHOT, ranged.how() + " in one snapshot",
                            c, release)
                    : new PgSnapshotPlan(splits, SplitPlan.Consistency.PER_SPLIT,
                            ranged.how() + ", each in its own snapshot (the server refused to share one)", null,
                            release);
        } catch (SQLException e) {
            throw client.failure(what, e);
        } finally {
            // The probe imports the snapshot of c: it ends before c does, and gives its connection back.
            probe.ifPresent(PgSnapshotPlan.ImportProbe::finish);
            if (!holding) {
                PostgresExtractor.closeQuietly(c);
            }
            if (!planned) {
                client.release(room);
            }
        }
    }

    @Override
    public RowStream read(Extraction extraction, Split split) {
        return extractor.extract(extraction, extractor.sql(extraction, split.condition()), PgReadScope.of(split),
                what(extraction, split));
    }

    @Override
    public Optional<CsvCopy> csvCopy(Extraction extraction, Split split) {
        return extractor.csvCopy(extraction, extractor.sql(extraction, split.condition()), PgReadScope.of(split),
                what(extraction, split));
    }

    private static String what(Extraction extraction, Split split) {
        String what = PostgresExtractor.what(extraction);
        return split.whole() ? what : what + ", split " + split.index() + " (" + split.label() + ")";
    }

    /** The conditions of the splits and a line saying how they were chosen (or why there is one). */
    record Ranged(List<String> conditions, List<String> labels, String how) {
        static Ranged whole(String why) {
            return new Ranged(List.of(""), List.of("all rows"), why);
        }
    }

    private Ranged ranges(Connection c, Extraction.Table t, PgSplitTable table, SplitRequest request)
            throws SQLException {
        boolean ctid = ranges == Ranges.CTID_OR_KEY && table.ctidRanges();
        if (!ctid && !table.keyRanges()) {
            return Ranged.whole(whyWhole(table));
        }
        int n = request.parallelism();
        if (request.automatic()) {
            long rows = table.rows();
            if (table.bytes() < SMALL_BYTES && rows < SMALL_ROWS) {
                return Ranged.whole("a small table (" + (rows < 0 ? "never analyzed" : rows + " rows estimated")
                        + ", " + (table.bytes() >> 20) + " MB)");
            }
            n = (int) Math.min(n, Math.max(2, Math.max(table.bytes() / BYTES_PER_SPLIT, rows / ROWS_PER_SPLIT)));
        }
        // Fewer pages than splits: an integer key still splits a small table N ways.
        if (ctid && (table.pages() >= n || !table.keyRanges())) {
            return ctidRanges(table, (int) Math.min(n, table.pages()));
        }
        return keyRanges(c, t, table, n);
    }

    private static String whyWhole(PgSplitTable table) {
        String relation = switch (table.kind()) {
            case 'v' -> "a view";
            case 'p' -> "a partitioned table";
            case 'f' -> "a foreign table";
            case 'm' -> "a materialized view";
            default -> "a table";
        };
        return relation + " without an integer key"
                + (table.ctidRanges() || (table.kind() != 'r' && table.kind() != 'm') ? ""
                : String.format(" on PostgreSQL %d (ctid ranges need 14)", table.serverVersion() / 10000));
    }

    /**
     * {@code k} ranges of heap pages. The first is open below and the last open above, so
     * together they hold every tuple whatever the relation's size now.
     *
     * <p>Each range is read by a TID range scan, or by a sequential scan that filters on
     * {@code ctid} when {@link #sequentialScans} finds that cheaper. The conditions say which:
     * the planner makes a TID range scan only of {@code ctid} compared by an operator, so the
     * sequential form calls the same comparisons as functions ({@code tidge}, {@code tidlt}).
     */
    static Ranged ctidRanges(PgSplitTable table, int k) {
        if (k <= 1) {
            return Ranged.whole("a table of one page");
        }
        boolean sequential = sequentialScans(table.pages(), table.buffers(), k);
        List<String> conditions = new ArrayList<>(k);
        List<String> labels = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            long from = table.pages() * i / k;
            long to = table.pages() * (i + 1) / k;
            String lower = sequential ? "tidge(ctid, '(" + from + ",0)'::tid)" : "ctid >= '(" + from + ",0)'::tid";
            String upper = sequential ? "tidlt(ctid, '(" + to + ",0)'::tid)" : "ctid < '(" + to + ",0)'::tid";
            conditions.add(i == 0 ? upper : i == k - 1 ? lower : lower + " AND " + upper);
            labels.add(i == k - 1 ? "pages " + from + " to the end" : "pages [" + from + ", " + to + ")");
        }
        return new Ranged(conditions, labels, k + " ctid ranges of " + table.name().display() + " ("
                + table.pages() + " pages" + (sequential ? ", each a sequential scan" : "") + ")");
    }

    /**
     * Whether {@code splits} sequential scans of the whole table, each keeping the rows of its
     * range, cost the server less than TID range scans of the ranges.
     *
     * <p>A TID range scan reads each page of its range into a shared buffer of its own choosing
     * (it has no ring), which evicts what the server had cached there and, in a server process
     * that has not touched that buffer yet, costs page faults (two per 8 kB page without huge
     * pages). A sequential scan of a table larger than a quarter of {@code shared_buffers} reads
     * through a ring of 32 buffers instead, but each of the splits passes over every page.
     * Measured on the bench's 2-core machine (PostgreSQL 15, 26,312 pages, 16,384 buffers, new
     * connections): a page read into a buffer cost the server 34-44 µs, a page passed over by a
     * sequential scan 10.6 µs; hence {@link #TID_PAGE_COST}. A server process touches at most
     * every buffer once, so the TID scans' cost stops growing at {@code splits × shared_buffers}
     * pages while the sequential scans' cost does not: large tables, and many splits, take TID
     * range scans.
     */
    static boolean sequentialScans(long pages, long buffers, int splits) {
        if (buffers <= 0 || pages <= buffers / 4) {
            return false; // the sequential scan would not use a ring either
        }
        return (splits - 1) * (double) pages <= TID_PAGE_COST * Math.min(pages, splits * (double) buffers);
    }

    /**
     * {@code n} ranges of the key between its MIN and MAX (under the extraction's filter), in the
     * plan's snapshot, and one for NULL when the key may be NULL. Without a filter, the cuts are
     * taken from the key's histogram in {@code pg_stats} (ranges of about equal row counts,
     * however uneven the key) when ANALYZE made one with enough distinct bounds; else the ranges
     * are of equal width. The first range is open below and the last open above, so stale
     * statistics cost balance, never rows.
     */
    private Ranged keyRanges(Connection c, Extraction.Table t, PgSplitTable table, int n) throws SQLException {
        String key = SqlDialect.POSTGRES.quote(table.keyColumn());
        String sql = "SELECT min(" + key + "), max(" + key + ") FROM " + table.name().sql()
                + (t.where().isBlank() ? "" : " WHERE (" + t.where() + "\n)");
        long min;
        long max;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            min = rs.getLong(1);
            if (rs.wasNull()) {
                return Ranged.whole("no " + table.keyColumn() + " values to split on");
            }
            max = rs.getLong(2);
        }
        if (t.where().isBlank()) {
            long[] cuts = histogramCuts(histogram(c, table), min, max, n);
            if (cuts.length == n - 1 && n > 1) {
                return keyRanges(table, min, max, cuts, " by its histogram");
            }
        }
        return keyRanges(table, min, max, n);
    }

    /** The key's histogram bounds (equal-frequency, ascending), or none before ANALYZE. */
    private static long[] histogram(Connection c, PgSplitTable table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HISTOGRAM)) {
            ps.setString(1, table.name().schema());
            ps.setString(2, table.name().table());
            ps.setString(3, table.keyColumn());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new long[0];
                }
                String text = rs.getString(1);
                String inner = text.substring(1, text.length() - 1);
                return inner.isEmpty() ? new long[0]
                        : Arrays.stream(inner.split(",")).mapToLong(Long::parseLong).toArray();
            }
        }
    }

    /**
     * {@code n - 1} strictly increasing cuts in {@code (min, max]} at the histogram's quantiles,
     * or fewer when the histogram has too few distinct bounds there.
     */
    static long[] histogramCuts(long[] bounds, long min, long max, int n) {
        if (bounds.length < 2) {
            return new long[0];
        }
        long[] cuts = new long[n - 1];
        int k = 0;
        for (int i = 1; i < n; i++) {
            long cut = bounds[(int) ((long) (bounds.length - 1) * i / n)];
            if (cut > min && cut <= max && (k == 0 || cut > cuts[k - 1])) {
                cuts[k++] = cut;
            }
        }
        return Arrays.copyOf(cuts, k);
    }

    /** {@code n} ranges of equal width between {@code min} and {@code max}. */
    static Ranged keyRanges(PgSplitTable table, long min, long max, int n) {
        BigInteger width = BigInteger.valueOf(max).subtract(BigInteger.valueOf(min)).add(BigInteger.ONE);
        int k = width.min(BigInteger.valueOf(n)).intValueExact();
        long[] cuts = new long[k - 1];
        for (int i = 1; i < k; i++) {
            cuts[i - 1] = bound(min, width, i, k);
        }
        return keyRanges(table, min, max, cuts, "");
    }

    /** The ranges between {@code cuts} (strictly increasing, in {@code (min, max]}), and NULL's. */
    private static Ranged keyRanges(PgSplitTable table, long min, long max, long[] cuts, String basis) {
        String column = table.keyColumn();
        String key = SqlDialect.POSTGRES.quote(column);
        List<String> conditions = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (cuts.length == 0) {
            conditions.add(key + " IS NOT NULL");
            labels.add(column + " not NULL");
        }
        for (int i = 0; i < cuts.length; i++) {
            long from = i == 0 ? min : cuts[i - 1];
            String upper = key + " < " + cuts[i];
            conditions.add(i == 0 ? upper : key + " >= " + from + " AND " + upper);
            labels.add(column + " [" + from + ", " + cuts[i] + ")");
        }
        if (cuts.length > 0) {
            conditions.add(key + " >= " + cuts[cuts.length - 1]);
            labels.add(column + " [" + cuts[cuts.length - 1] + ", " + max + "]");
        }
        if (table.keyNullable()) {
            conditions.add(key + " IS NULL");
            labels.add(column + " NULL");
        }
        return new Ranged(conditions, labels, conditions.size() + " ranges of " + table.name().display() + "."
                + column + basis + (table.keyNullable() ? " (one for NULL)" : ""));
    }

    /** {@code min + width * i / k}, without overflow for any pair of longs. */
    private static long bound(long min, BigInteger width, int i, int k) {
        return BigInteger.valueOf(min).add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(k)))
                .longValueExact();
    }
}
