package io.osiris.api.data;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one text form of an {@link TypeKind#INTERVAL} value, which MySQL, PostgreSQL and DuckDB
 * all read: {@code [-]H:MM:SS[.ffffff]}, hours unbounded ({@code 838:59:59}, {@code -01:00:00.5}).
 * It is the form of such values in the bulk CSV text too.
 */
public final class Intervals {
    private static final Pattern CLOCK = Pattern.compile("(-)?(\\d+):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,9}))?");
    private static final Pattern DAYS = Pattern.compile("(-?\\d+) days?(?: (.*))?");

    private Intervals() {
    }

    /** {@code [-]H:MM:SS}, with six fraction digits when the value has a fraction of a second. */
    public static String format(Duration value) {
        boolean negative = value.isNegative();
        Duration d = value.abs();
        long seconds = d.getSeconds();
        StringBuilder sb = new StringBuilder(16);
        if (negative) {
            sb.append('-');
        }
        long hours = seconds / 3600;
        if (hours < 10) {
            sb.append('0');
        }
        sb.append(hours).append(':');
        two(sb, (seconds / 60) % 60).append(':');
        two(sb, seconds % 60);
        int micros = d.getNano() / 1000;
        if (micros != 0) {
            String f = Integer.toString(micros);
            sb.append('.').append("000000", 0, 6 - f.length()).append(f);
        }
        return sb.toString();
    }

    /**
     * Reads {@link #format}'s text, and DuckDB's {@code N days HH:MM:SS} (a day being 24 hours).
     *
     * @throws IllegalArgumentException for anything else, such as months, which have no fixed length
     */
    public static Duration parse(String text) {
        String t = text.strip();
        Matcher days = DAYS.matcher(t);
        if (days.matches()) {
            Duration rest = days.group(2) == null ? Duration.ZERO : parse(days.group(2));
            return Duration.ofDays(Long.parseLong(days.group(1))).plus(rest);
        }
        Matcher m = CLOCK.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an elapsed time of fixed length ([-]H:MM:SS[.ffffff]): '"
                    + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "'");
        }
        long seconds = Long.parseLong(m.group(2)) * 3600 + Long.parseLong(m.group(3)) * 60
                + Long.parseLong(m.group(4));
        String fraction = m.group(5) == null ? "" : m.group(5);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
        Duration d = Duration.ofSeconds(seconds, nanos);
        return m.group(1) != null ? d.negated() : d;
    }

    private static StringBuilder two(StringBuilder sb, long n) {
        return (n < 10 ? sb.append('0') : sb).append(n);
    }
}
