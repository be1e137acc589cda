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
 * <p>The key's MIN and MAX are two index dives. The boundaries between them are found by
 * bisection on the optimiser's own row estimate for a range ({@code EXPLAIN}, which InnoDB answers
 * by diving into the index at both ends: no rows are read), starting from the equal-width point,
 * which an evenly spread key accepts at once. So an uneven key (most rows in a small part of its
 * range) still gets ranges of similar size, at the cost of some dozens of EXPLAINs. Counting or
 * {@code LIMIT 1 OFFSET k} probes would be exact but read half the index per boundary. InnoDB
 * never estimates more than half the table for one range, so a boundary past the middle is
 * estimated from the rows above it. The estimates are only for balance: the ranges cover every
 * row whatever they say.
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
    private static final int MAX_PROBES = 64;

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
        long rows = Math.max(1, tableRows - nulls);
        int ranges = key.nullable() && (double) nulls * wanted >= tableRows ? Math.max(1, wanted - 1) : wanted;
        List<BigInteger> cuts = boundaries(min, max, ranges, rows);
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

    /** The boundaries of {@code ranges} ranges over [min, max], strictly increasing, none at min. */
    private List<BigInteger> boundaries(BigInteger min, BigInteger max, int ranges, long rows) throws SQLException {
        List<BigInteger> cuts = new ArrayList<>();
        BigInteger width = max.subtract(min).add(BigInteger.ONE);
        long tolerance = Math.max(1, rows / (ranges * 20L));
        BigInteger previous = min;
        for (int i = 1; i < ranges; i++) {
            BigInteger lo = previous.add(BigInteger.ONE);
            BigInteger hi = max;
            if (lo.compareTo(hi) > 0) {
                break;
            }
            double share = (double) i / ranges;
            long target = Math.round(share * rows);
            BigInteger v = clamp(min.add(width.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(ranges))),
                    lo, hi);
            for (int probe = 0; probe < MAX_PROBES; probe++) {
                long below = share <= 0.5 ? estimate(column + " < " + literal(v))
                        : rows - estimate(column + " >= " + literal(v));
                if (Math.abs(below - target) <= tolerance) {
                    break;
                }
                if (below < target) {
                    lo = v.add(BigInteger.ONE);
                } else {
                    hi = v;
                }
                if (lo.compareTo(hi) >= 0) {
                    v = lo.min(max);
                    break;
                }
                v = lo.add(hi.subtract(lo).shiftRight(1));
            }
            cuts.add(v);
            previous = v;
        }
        return cuts;
    }

    private static BigInteger clamp(BigInteger v, BigInteger lo, BigInteger hi) {
        return v.max(lo).min(hi);
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
