package io.osiris.connector.mysql;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.RowSchema;
import io.osiris.jdbc.TextBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How {@link MySqlCsvCopy} spells a value in its CSV, shared by both routes so that they write
 * the same bytes: text quoted where a reader could misread it, dates and times that fail where
 * they have no portable value, and the failures naming the copy and the column.
 */
final class CsvFields {
    private static final byte[] UTC = "+00".getBytes(StandardCharsets.US_ASCII);

    final TextBuffer buf;
    private final RowSchema schema;
    private final String what;

    CsvFields(TextBuffer buf, RowSchema schema, String what) {
        this.buf = buf;
        this.schema = schema;
        this.what = what;
    }

    /**
     * UTF-8 text: as is, or quoted with quotes doubled when it holds a separator or is empty. Also
     * quoted when it starts or ends with white space, which a CSV reader might trim otherwise.
     */
    void text(byte[] v, int offset, int length) {
        int end = offset + length;
        boolean quote = length == 0 || blank(v[offset]) || blank(v[end - 1]);
        for (int i = offset; i < end && !quote; i++) {
            byte b = v[i];
            quote = b == ',' || b == '"' || b == '\n' || b == '\r';
        }
        if (!quote) {
            buf.put(v, offset, length);
            return;
        }
        buf.put((byte) '"');
        for (int i = offset; i < end; i++) {
            byte b = v[i];
            if (b == '"') {
                buf.put((byte) '"');
            }
            buf.put(b);
        }
        buf.put((byte) '"');
    }

    /** A string as {@link #text(byte[], int, int)} writes its UTF-8 bytes. */
    void text(String s) {
        int last = s.length() - 1;
        if (last >= 0 && (blank(s.charAt(0)) || blank(s.charAt(last)))) {
            // TextBuffer.csv quotes for separators, quotes and emptiness, not for edge blanks.
            boolean separated = false;
            for (int i = 0; i <= last && !separated; i++) {
                char c = s.charAt(i);
                separated = c == ',' || c == '"' || c == '\n' || c == '\r';
            }
            if (!separated) {
                buf.put((byte) '"');
                buf.csv(s);
                buf.put((byte) '"');
                return;
            }
        }
        buf.csv(s);
    }

    private static boolean blank(int c) {
        return c == ' ' || c == '\t';
    }

    /**
     * A DATE ({@code withTime} false), DATETIME or TIMESTAMP from its fields; all zeros is the zero
     * date, which extract reads as NULL. A date with only a zero month or day (allowed without
     * NO_ZERO_IN_DATE) is no date at all: extract fails on it too, so the copy does.
     */
    void dateTime(int column, boolean withTime, boolean utc, int year, int month, int day, int hour, int minute,
            int second, int micros) {
        if (year == 0 && month == 0 && day == 0 && hour == 0 && minute == 0 && second == 0 && micros == 0) {
            // The zero date: the field stays empty, which is NULL.
            return;
        }
        int start = buf.length();
        buf.date(year, month, day);
        if (withTime) {
            buf.put((byte) ' ');
            buf.time(hour, minute, second, micros, false);
        }
        if (month == 0 || day == 0) {
            throw notExact(column, start, "a date with a zero month or day");
        }
        if (utc) {
            buf.put(UTC);
        }
    }

    /**
     * A TIME from its fields, as the elapsed time it is ({@code INTERVAL}): hours past 23 as they
     * are, a minus sign when negative ({@link io.osiris.api.data.Intervals}).
     */
    void time(int column, boolean negative, long hours, int minute, int second, int micros) {
        if (negative) {
            buf.put((byte) '-');
        }
        buf.time((int) hours, minute, second, micros, false);
    }

    /** The failure for a value with no portable form, quoting the text written for it from {@code start}. */
    ExecutionFailedException notExact(int column, int start, String why) {
        String text = new String(buf.array(), start, buf.length() - start, StandardCharsets.US_ASCII);
        buf.truncate(start);
        return failure("column " + name(column) + " holds '" + text + "', " + why + ", which has no portable value");
    }

    /** The copy's failure, saying {@code why}. */
    ExecutionFailedException failure(String why) {
        return new ExecutionFailedException("Copying " + what + " as CSV failed: " + why);
    }

    String name(int column) {
        return schema.column(column).name();
    }

    RowSchema schema() {
        return schema;
    }
}
