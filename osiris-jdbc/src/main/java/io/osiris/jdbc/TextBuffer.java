package io.osiris.jdbc;

import java.util.Arrays;

/**
 * A growable byte buffer for writing rows in a database's bulk text format (MySQL's
 * {@code LOAD DATA}, PostgreSQL's {@code COPY ... FROM STDIN} text) or as the CSV of
 * {@code CsvExport}: UTF-8 written straight from {@code char}s, numbers without a
 * String in between, the backslash escapes both bulk formats share, RFC 4180 quoting. Not
 * thread-safe; the owner drains {@link #array()} up to {@link #length()} and
 * {@link #clear()}s it.
 */
public final class TextBuffer {
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] UPPER_HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** 10^0 to 10^9, each exact as a double. */
    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    /** The tens and ones digit of 0 to 99. */
    private static final byte[] TENS = new byte[100];
    private static final byte[] ONES = new byte[100];

    static {
        for (int i = 0; i < 100; i++) {
            TENS[i] = (byte) ('0' + i / 10);
            ONES[i] = (byte) ('0' + i % 10);
        }
    }

    /** How {@link #utf8} escapes ASCII: not at all, quotes doubled, backslashes (and NUL as {@code \0}). */
    private static final int PLAIN = 0;
    private static final int CSV = 1;
    private static final int BACKSLASH = 2;
    private static final int BACKSLASH_NUL = 3;

    private byte[] buf;
    private int length;

    /** A buffer of {@code capacity} bytes to start with; it grows as needed. */
    public TextBuffer(int capacity) {
        this.buf = new byte[capacity];
    }

    /** The bytes written, from 0 to {@link #length()}; the array may change as the buffer grows. */
    public byte[] array() {
        return buf;
    }

    /** How many bytes were written. */
    public int length() {
        return length;
    }

    /** Forgets everything written. */
    public void clear() {
        length = 0;
    }

    /** Forgets what was written after the first {@code length} bytes (half a row, say). */
    public void truncate(int length) {
        if (length < 0 || length > this.length) {
            throw new IllegalArgumentException("cannot truncate " + this.length + " bytes to " + length);
        }
        this.length = length;
    }

    public void put(byte b) {
        ensure(1);
        buf[length++] = b;
    }

    public void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    /** {@code count} bytes of {@code bytes} from {@code offset}. */
    public void put(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, buf, length, count);
        length += count;
    }

    /** Text known to be ASCII and to need no escaping: numbers, dates, keywords. */
    public void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) s.charAt(i);
        }
    }

    /** A number in decimal, without a String. */
    public void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[length++] = '-';
            v = -v;
        }
        digits(v, digitCount(v));
    }

    /**
     * A double as decimal text that reads back as the same double in any correctly rounding
     * parser (DuckDB's, MySQL's, PostgreSQL's, {@link Double#parseDouble}).
     *
     * <p>Why not just {@link Double#toString}: on Java 17 it costs about 125 ns a value (1.33M
     * of the benchmark's doubles: 0.16-0.20 s, against 0.06-0.09 s here). Most stored doubles have a short decimal form (a price,
     * a measurement, 0.142857142), and for those the digits come from one multiplication: when
     * {@code m / 10^k} (both exact, so the division rounds once) is the value, then the text
     * {@code m * 10^-k} is too, since a parser rounds that same rational the same way. The
     * smallest such {@code k} up to 9 is taken, which leaves no trailing zeros; anything else
     * (more digits, very large or small, -0.0) goes through {@link Double#toString}.
     */
    public void writeDouble(double d) {
        double a = Math.abs(d);
        if (a >= 1e-9 && a < 1e15 || a == 0 && Double.doubleToRawLongBits(d) == 0) {
            for (int k = 0; k < POW10.length; k++) {
                double scaled = a * POW10[k];
                if (scaled >= 9.0e15) {
                    break;
                }
                long m = Math.round(scaled);
                if (m / POW10[k] == a) {
                    if (d < 0) {
                        put((byte) '-');
                    }
                    decimal(m, k);
                    return;
                }
            }
        }
        ascii(Double.toString(d));
    }

    /** {@code m * 10^-k} for a non-negative {@code m}: its digits with a point {@code k} from the end. */
    private void decimal(long m, int k) {
        ensure(20 + k + 2);
        if (k == 0) {
            digits(m, digitCount(m));
            return;
        }
        long scale = (long) POW10[k];
        long whole = m / scale;
        digits(whole, digitCount(whole));
        buf[length++] = '.';
        padded((int) (m % scale), k);
    }

    /** A non-negative number zero-padded to at least {@code width} digits; a negative one as is. */
    public void padded(int v, int width) {
        if (v < 0) {
            writeLong(v);
            return;
        }
        int n = digitCount(v);
        ensure(Math.max(width, n));
        for (int i = n; i < width; i++) {
            buf[length++] = '0';
        }
        digits(v, n);
    }

    /**
     * The {@code n} digits of a non-negative {@code v}, two at a time from the end: a row of
     * numbers and dates is mostly these (measured: half the cost of a MySQL CSV copy's numbers
     * went into dividing by ten).
     */
    private void digits(long v, int n) {
        byte[] b = buf;
        int p = length + n;
        length = p;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            b[--p] = ONES[r];
            b[--p] = TENS[r];
        }
        if (v >= 10) {
            b[--p] = ONES[(int) v];
            b[--p] = TENS[(int) v];
        } else {
            b[--p] = (byte) ('0' + v);
        }
    }

    /** The two digits of {@code v} (0 to 99) at {@code p}. */
    private static void pair(byte[] b, int p, int v) {
        b[p] = TENS[v];
        b[p + 1] = ONES[v];
    }

    private static int digitCount(long v) {
        int n = 1;
        for (long limit = 10; n < 19 && v >= limit; limit *= 10) {
            n++;
        }
        return n;
    }

    /** A date as {@code yyyy-MM-dd} (a year outside 0 to 9999 as its digits). */
    public void date(java.time.LocalDate d) {
        date(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    /** A date from its fields, as {@link #date(java.time.LocalDate)} writes it (a zero month or day as is). */
    public void date(int year, int month, int day) {
        if (year >= 0 && year <= 9999 && month >= 0 && month <= 99 && day >= 0 && day <= 99) {
            // The usual date, as fixed digits: a row of dates is written without a loop.
            ensure(10);
            byte[] b = buf;
            int p = length;
            pair(b, p, year / 100);
            pair(b, p + 2, year % 100);
            b[p + 4] = '-';
            pair(b, p + 5, month);
            b[p + 7] = '-';
            pair(b, p + 8, day);
            length = p + 10;
            return;
        }
        padded(year, 4);
        put((byte) '-');
        padded(month, 2);
        put((byte) '-');
        padded(day, 2);
    }

    /**
     * A time as {@code HH:mm:ss.ffffff}, microseconds being the databases' precision; without the
     * fraction when it is zero and {@code alwaysMicros} is false.
     */
    public void time(java.time.LocalTime t, boolean alwaysMicros) {
        time(t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000, alwaysMicros);
    }

    /** A time from its fields, as {@link #time(java.time.LocalTime, boolean)} writes it (hours past 23 as is). */
    public void time(int hour, int minute, int second, int micros, boolean alwaysMicros) {
        if (hour >= 0 && hour <= 99 && minute >= 0 && minute <= 99 && second >= 0 && second <= 99
                && micros >= 0 && micros <= 999_999) {
            ensure(15);
            byte[] b = buf;
            int p = length;
            pair(b, p, hour);
            b[p + 2] = ':';
            pair(b, p + 3, minute);
            b[p + 5] = ':';
            pair(b, p + 6, second);
            p += 8;
            if (alwaysMicros || micros != 0) {
                b[p] = '.';
                pair(b, p + 1, micros / 10_000);
                pair(b, p + 3, micros / 100 % 100);
                pair(b, p + 5, micros % 100);
                p += 7;
            }
            length = p;
            return;
        }
        padded(hour, 2);
        put((byte) ':');
        padded(minute, 2);
        put((byte) ':');
        padded(second, 2);
        if (alwaysMicros || micros != 0) {
            put((byte) '.');
            padded(micros, 6);
        }
    }

    /** {@link #date}, a space, {@link #time}. */
    public void dateTime(java.time.LocalDateTime t, boolean alwaysMicros) {
        date(t.toLocalDate());
        put((byte) ' ');
        time(t.toLocalTime(), alwaysMicros);
    }

    /** Bytes as hex digits, two a byte. */
    public void hex(byte[] bytes, boolean upperCase) {
        hex(bytes, 0, bytes.length, upperCase);
    }

    /** {@code count} bytes of {@code bytes} from {@code offset} as hex digits, two a byte. */
    public void hex(byte[] bytes, int offset, int count, boolean upperCase) {
        byte[] digits = upperCase ? UPPER_HEX : LOWER_HEX;
        ensure(count * 2);
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            buf[length++] = digits[(b >> 4) & 0xF];
            buf[length++] = digits[b & 0xF];
        }
    }

    /**
     * A string as UTF-8 with a backslash, tab, newline and carriage return written {@code \\},
     * {@code \t}, {@code \n}, {@code \r}, as both bulk text formats read them. A NUL is written
     * {@code \0} when {@code nul} is true (MySQL); otherwise it is refused (PostgreSQL text
     * cannot hold one, and nothing of {@code s} is written).
     *
     * @throws IllegalArgumentException for a NUL that is not allowed
     */
    public void escaped(String s, boolean nul) {
        utf8(s, nul ? BACKSLASH_NUL : BACKSLASH);
    }

    /**
     * A string as an RFC 4180 field in UTF-8: quoted, with quotes doubled, when it holds a comma,
     * quote, CR or LF, or is empty (an unquoted empty field being NULL).
     */
    public void csv(String s) {
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (quote) {
            put((byte) '"');
            utf8(s, CSV);
            put((byte) '"');
        } else {
            utf8(s, PLAIN);
        }
    }

    /** UTF-8, each ASCII character escaped as {@code mode} says; an unpaired surrogate becomes {@code ?}, as {@link String#getBytes} does. */
    private void utf8(String s, int mode) {
        int n = s.length();
        ensure(n * 4 + 2);
        byte[] b = buf;
        int p = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (mode == CSV && c == '"') {
                    b[p++] = '"';
                } else if (mode >= BACKSLASH) {
                    byte escape = switch (c) {
                        case '\\' -> (byte) '\\';
                        case '\n' -> (byte) 'n';
                        case '\r' -> (byte) 'r';
                        case '\t' -> (byte) 't';
                        case '\0' -> {
                            if (mode != BACKSLASH_NUL) {
                                throw new IllegalArgumentException(
                                        "a string value contains a NUL character, which PostgreSQL text cannot store");
                            }
                            yield (byte) '0';
                        }
                        default -> 0;
                    };
                    if (escape != 0) {
                        b[p++] = '\\';
                        b[p++] = escape;
                        continue;
                    }
                }
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        length = p;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
