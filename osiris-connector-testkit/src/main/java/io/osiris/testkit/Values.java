package io.osiris.testkit;

import io.osiris.api.data.RowStream;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Helpers to read streams and compare values the way a round trip promises. */
public final class Values {
    private Values() {
    }

    /** Reads every row of a stream into memory (test sizes only) and closes it. */
    public static List<List<Object>> readAll(RowStream stream) {
        try (stream) {
            List<List<Object>> rows = new ArrayList<>();
            int width = stream.schema().size();
            while (stream.next()) {
                List<Object> row = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    row.add(stream.get(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** Rows sorted by their first column, which must be a number. */
    public static List<List<Object>> sortedByFirstColumn(List<List<Object>> rows) {
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparingLong(r -> ((Number) r.get(0)).longValue()));
        return sorted;
    }

    /**
     * Whether two values are the same value: bytes by content, instants by instant,
     * decimals by value and scale, everything else by {@code equals}.
     */
    public static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof byte[] e && actual instanceof byte[] a) {
            return Arrays.equals(e, a);
        }
        if (expected instanceof OffsetDateTime e && actual instanceof OffsetDateTime a) {
            return e.isEqual(a);
        }
        if (expected instanceof BigDecimal e && actual instanceof BigDecimal a) {
            return e.equals(a);
        }
        return Objects.equals(expected, actual);
    }

    /** A value rendered for assertion messages, with its class. */
    public static String describe(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = value instanceof byte[] b ? Arrays.toString(b) : value.toString();
        return text + " (" + value.getClass().getSimpleName() + ")";
    }
}
