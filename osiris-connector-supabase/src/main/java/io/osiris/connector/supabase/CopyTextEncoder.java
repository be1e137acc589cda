package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;

/**
 * Encodes rows in PostgreSQL's COPY text format (tab-separated, {@code \N} for NULL, one row a
 * line), UTF-8, straight into a byte buffer handed to the sink in 64 KiB chunks.
 *
 * <p>Text rather than binary: PostgreSQL parses it as fast as we can produce it (the load
 * measures within reach of psql's {@code \copy}), every portable type has a text form the
 * server parses exactly, and it needs no per-type wire encoding (binary numeric is base-10000
 * digit groups). Escaping rules, from the COPY manual: a backslash, tab, newline and carriage
 * return inside a value are written {@code \\}, {@code \t}, {@code \n}, {@code \r}; an empty string
 * is an empty field, distinct from {@code \N}; bytea is its hex form {@code \x0aff} with the
 * backslash doubled; NUL cannot be stored in PostgreSQL text and is refused. Booleans are
 * {@code true}/{@code false}, PostgreSQL's own {@code boolean::text} and what the CSV load
 * ({@link PostgresCsvLoad}) sends, so both store the same text even into a text column.
 */
final class CopyTextEncoder {
    /** Where encoded bytes go: the COPY stream, or a buffer in tests. */
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws Exception;
    }

    private static final int CHUNK = 64 * 1024;
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Sink sink;
    private byte[] buf = new byte[CHUNK * 2];
    private int pos;

    CopyTextEncoder(Sink sink) {
        this.sink = requireNonNull(sink, "sink");
    }

    /** Encodes the current row of {@code rows}, whose columns have the given kinds. */
    void writeRow(RowStream rows, TypeKind[] kinds) throws Exception {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            if (rows.isNull(i)) {
                put(NULL);
                continue;
            }
            switch (kinds[i]) {
                case BOOLEAN -> ascii(rows.getBoolean(i) ? "true" : "false");
                case SMALLINT, INTEGER, BIGINT -> writeLong(rows.getLong(i));
                case REAL -> ascii(Float.toString((float) rows.getDouble(i)));
                case DOUBLE -> ascii(Double.toString(rows.getDouble(i)));
                default -> writeValue(rows.get(i));
            }
        }
        put((byte) '\n');
        if (pos >= CHUNK) {
            flush();
        }
    }

    /** Encodes one value by its Java class (the typed path above covers the hot kinds). */
    void writeValue(Object value) {
        if (value == null) {
            put(NULL);
        } else if (value instanceof String s) {
            text(s);
        } else if (value instanceof BigDecimal d) {
            ascii(d.toPlainString());
        } else if (value instanceof Boolean b) {
            ascii(b ? "true" : "false");
        } else if (value instanceof Float f) {
            ascii(Float.toString(f));
        } else if (value instanceof Number n) {
            ascii(n.toString());
        } else if (value instanceof byte[] bytes) {
            bytea(bytes);
        } else if (value instanceof LocalDateTime t) {
            ascii(era(t.getYear(), t.withYear(eraYear(t.getYear())).toString()));
        } else if (value instanceof LocalDate d) {
            ascii(era(d.getYear(), d.withYear(eraYear(d.getYear())).toString()));
        } else if (value instanceof OffsetDateTime t) {
            ascii(era(t.getYear(), t.withYear(eraYear(t.getYear())).toString()));
        } else if (value instanceof LocalTime t) {
            ascii(t.toString());
        } else {
            // UUID and anything else: its text, escaped like any string.
            text(value.toString());
        }
    }

    /** Sends what is buffered to the sink. */
    void flush() throws Exception {
        if (pos > 0) {
            sink.write(buf, 0, pos);
            pos = 0;
        }
    }

    // ISO years 0, -1, ... are 1 BC, 2 BC, ...; PostgreSQL reads "0001-01-01 BC", and
    // ISO years above 9999 are printed with a '+' it does not accept.
    private static int eraYear(int year) {
        return year <= 0 ? 1 - year : year;
    }

    private static String era(int year, String iso) {
        String text = iso.startsWith("+") ? iso.substring(1) : iso;
        return year <= 0 ? text + " BC" : text;
    }

    private void bytea(byte[] bytes) {
        ensure(3 + bytes.length * 2);
        buf[pos++] = '\\';
        buf[pos++] = '\\';
        buf[pos++] = 'x';
        for (byte b : bytes) {
            buf[pos++] = HEX[(b >> 4) & 0xF];
            buf[pos++] = HEX[b & 0xF];
        }
    }

    private void text(String s) {
        int n = s.length();
        ensure(n * 4 + 2);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> {
                        b[p++] = '\\';
                        b[p++] = '\\';
                    }
                    case '\n' -> {
                        b[p++] = '\\';
                        b[p++] = 'n';
                    }
                    case '\r' -> {
                        b[p++] = '\\';
                        b[p++] = 'r';
                    }
                    case '\t' -> {
                        b[p++] = '\\';
                        b[p++] = 't';
                    }
                    case '\0' -> throw new IllegalArgumentException(
                            "a string value contains a NUL character, which PostgreSQL text cannot store");
                    default -> b[p++] = (byte) c;
                }
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
                b[p++] = '?'; // an unpaired surrogate has no UTF-8 form; String.getBytes does the same
            } else {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        pos = p;
    }

    /** Text known to need no escaping: numbers, dates, times. */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
