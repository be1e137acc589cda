package io.osiris.connector.mysql;

import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.capability.Split;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a table's {@link SplitKey} into ranges holding about the same number of rows.
 *
 * <p>The key's MIN and MAX are two index dives. Between them the rows are counted by the
 * optimiser's own estimate for a key range ({@code EXPLAIN}, which InnoDB answers by diving into
 * the index at both ends: no rows are read) over equal-width buckets, and the buckets holding
 * many rows are cut finer and estimated again ({@link #histogram}); the boundaries then fall
 * where the estimated rows add up to an equal share each. An evenly spread key takes
 * {@code 8 × ranges} EXPLAINs; a key with most rows in a small part of its range a few dozen
 * more. Counting, or {@code LIMIT 1 OFFSET k} probes, would be exact but read the whole index.
 * The estimates are only for balance: the ranges cover every row whatever they say.
 *
 * <p>The first range is open below, the last open above, the others half-open
 * ({@code key >= a AND key < b}), and a nullable key gets a {@code key IS NULL} split: together
 * they are every row exactly once. Boundaries are integers, days or whole seconds rendered by
 * this class from numbers, never from text it was given.
 */
final class KeyRanges {
    /** MySQL's DATE and DATETIME start at year 1000; a zero date sorts below that. */
    private static final long FIRST_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long LAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_PROBES = 400;

    private final Connection connection;
    private final String table;
    private final SplitKey key;
    private final String column;

    KeyRanges(Connection connection, MySqlTableName table, SplitKey key) {
        this.connection = connection;
        this.table = table.quoted();
        this.key = key;
        this.column = SqlDialect.MYSQL.quote(key.column());
    }

    /**
     * The splits for about {@code wanted} ranges over a table of about {@code tableRows} rows;
     * fewer when the key has fewer values, and empty when it cannot be split at all. The NULL
     * split takes one of the {@code wanted} places when it holds a fair share of the rows, else it
     * comes on top as a small one.
     */
    List<Split> splits(int wanted, long tableRows) throws SQLException {
        Optional<BigInteger[]> bounds = minMax();
        if (bounds.isEmpty()) {
            return List.of();
        }
        BigInteger min = bounds.get()[0];
        BigInteger max = bounds.get()[1];
        long nulls = key.nullable() ? estimate(column + " IS NULL") : 0;
        int ranges = key.nullable() && (double) nulls * wanted >= tableRows ? Math.max(1, wanted - 1) : wanted;
        List<BigInteger> cuts = boundaries(min, max, ranges);
        if (cuts.isEmpty()) {
            return List.of();
        }
        List<Split> splits = new ArrayList<>();
        for (int i = 0; i <= cuts.size(); i++) {
            String from = i == 0 ? null : literal(cuts.get(i - 1));
            String to = i == cuts.size() ? null : literal(cuts.get(i));
            String condition = from == null ? column + " < " + to
                    : to == null ? column + " >= " + from
                    : column + " >= " + from + " AND " + column + " < " + to;
            String label = key.column() + (from == null ? " < " + to
                    : to == null ? " >= " + from : " [" + from + ", " + to + ")");
            splits.add(new Split(i, condition, "", label));
        }
        if (key.nullable()) {
            splits.add(new Split(splits.size(), column + " IS NULL", "", key.column() + " IS NULL"));
        }
        return List.copyOf(splits);
    }

    /**
     * The boundaries of {@code ranges} ranges over [min, max], strictly increasing, none at min:
     * from a histogram of estimated rows per key range, refined where the rows are.
     */
    private List<BigInteger> boundaries(BigInteger min, BigInteger max, int ranges) throws SQLException {
        List<Bucket> buckets = histogram(min, max.add(BigInteger.ONE), ranges);
        double total = buckets.stream().mapToDouble(Bucket::rows).sum();
        List<BigInteger> cuts = new ArrayList<>();
        BigInteger previous = min;
        double before = 0;
        int b = 0;
        for (int i = 1; i < ranges && b < buckets.size(); i++) {
            double target = total * i / ranges;
            while (b < buckets.size() && before + buckets.get(b).rows() < target) {
                before += buckets.get(b).rows();
                b++;
            }
            if (b == buckets.size()) {
                break;
            }
            Bucket bucket = buckets.get(b);
            // Rows taken as even inside a bucket: the cut lies where the target is reached.
            double share = bucket.rows() <= 0 ? 0 : (target - before) / bucket.rows();
            BigInteger width = bucket.to().subtract(bucket.from());
            BigInteger cut = bucket.from().add(new java.math.BigDecimal(width)
                    .multiply(java.math.BigDecimal.valueOf(share)).toBigInteger());
            cut = cut.max(previous.add(BigInteger.ONE));
            if (cut.compareTo(max) > 0) {
                break;
            }
            cuts.add(cut);
            previous = cut;
        }
        return cuts;
    }

    /**
     * Estimated rows per key range over [from, to): {@code 8 × ranges} equal-width buckets, and
     * any bucket holding more than a quarter of one range's rows cut into eight again, until none
     * does, a bucket is one value wide, or {@link #MAX_PROBES} estimates were made. A narrow
     * range InnoDB counts almost exactly; a wide one it extrapolates from the pages at the level
     * where the two ends part (and doubles, and caps at half the table): so the refining is what
     * makes the estimates of the buckets that matter good.
     */
    private List<Bucket> histogram(BigInteger from, BigInteger to, int ranges) throws SQLException {
        List<Bucket> buckets = new ArrayList<>(estimated(from, to, 8 * ranges));
        int probes = buckets.size();
        boolean refined = true;
        while (refined && probes < MAX_PROBES) {
            refined = false;
            double total = buckets.stream().mapToDouble(Bucket::rows).sum();
            for (int i = 0; i < buckets.size() && probes < MAX_PROBES; i++) {
                Bucket bucket = buckets.get(i);
                BigInteger width = bucket.to().subtract(bucket.from());
                if (bucket.rows() * 4 * ranges > total && width.compareTo(BigInteger.ONE) > 0) {
                    List<Bucket> parts = estimated(bucket.from(), bucket.to(), 8);
                    probes += parts.size();
                    buckets.remove(i);
                    buckets.addAll(i, parts);
                    i += parts.size() - 1;
                    refined = true;
                }
            }
        }
        return buckets;
    }

    /** [from, to) cut into at most {@code count} equal-width buckets, each with its estimated rows. */
    private List<Bucket> estimated(BigInteger from, BigInteger to, int count) throws SQLException {
        BigInteger width = to.subtract(from);
        int n = width.min(BigInteger.valueOf(count)).intValueExact();
        List<Bucket> buckets = new ArrayList<>(n);
        BigInteger start = from;
        for (int i = 1; i <= n; i++) {
            BigInteger end = i == n ? to : from.add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(n)));
            long rows = estimate(column + " >= " + literal(start) + " AND " + column + " < " + literal(end));
            buckets.add(new Bucket(start, end, rows));
            start = end;
        }
        return buckets;
    }

    /** A key range [from, to) and the rows estimated in it. */
    private record Bucket(BigInteger from, BigInteger to, long rows) {
    }

    /** The key's least and greatest value as integers, or empty when it has none (no rows, or all NULL). */
    private Optional<BigInteger[]> minMax() throws SQLException {
        String min = key.kind() == SplitKey.Kind.INTEGER ? "MIN(" + column + ")" : "CAST(MIN(" + column + ") AS CHAR)";
        String max = key.kind() == SplitKey.Kind.INTEGER ? "MAX(" + column + ")" : "CAST(MAX(" + column + ") AS CHAR)";
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT " + min + ", " + max + " FROM " + table)) {
            if (!rs.next() || rs.getString(1) == null || rs.getString(2) == null) {
                return Optional.empty();
            }
            return Optional.of(new BigInteger[] {number(rs.getString(1)), number(rs.getString(2))});
        }
    }

    /** The optimiser's estimate of the rows matching {@code condition}, through the key's index. */
    private long estimate(String condition) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN SELECT 1 FROM " + table + " FORCE INDEX ("
                        + SqlDialect.MYSQL.quote(key.index()) + ") WHERE " + condition)) {
            return rs.next() ? Math.max(0, rs.getLong("rows")) : 0;
        }
    }

    /** A key value as an integer: itself, its day or its second. */
    private BigInteger number(String text) {
        return switch (key.kind()) {
            case INTEGER -> new BigInteger(text.trim());
            case DATE -> BigInteger.valueOf(day(text.length() >= 10 ? text.substring(0, 10) : text));
            case DATETIME -> BigInteger.valueOf(second(text));
        };
    }

    private static long day(String text) {
        try {
            return Math.max(FIRST_DAY, Math.min(LAST_DAY, LocalDate.parse(text).toEpochDay()));
        } catch (DateTimeParseException zeroDate) {
            // '0000-00-00' or a zero month or day: below every real date.
            return FIRST_DAY;
        }
    }

    private static long second(String text) {
        String whole = text.length() > 19 ? text.substring(0, 19) : text;
        try {
            return LocalDateTime.parse(whole, SECONDS).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException zeroDate) {
            return LocalDate.ofEpochDay(day(whole.length() >= 10 ? whole.substring(0, 10) : whole))
                    .atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        }
    }

    /** A key value as an SQL literal, rendered from the number alone. */
    String literal(BigInteger v) {
        return switch (key.kind()) {
            case INTEGER -> v.toString();
            case DATE -> "'" + LocalDate.ofEpochDay(v.longValueExact()) + "'";
            case DATETIME -> "'" + LocalDateTime.ofEpochSecond(v.longValueExact(), 0, ZoneOffset.UTC).format(SECONDS)
                    + "'";
        };
    }
}
