package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
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
    private static final byte[] BYTEA = {'\\', '\\', 'x'};

    private final Sink sink;
    private final TextBuffer buf = new TextBuffer(CHUNK * 2);

    CopyTextEncoder(Sink sink) {
        this.sink = requireNonNull(sink, "sink");
    }

    /** Encodes the current row of {@code rows}, whose columns have the given kinds. */
    void writeRow(RowStream rows, TypeKind[] kinds) throws Exception {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                buf.put((byte) '\t');
            }
            if (rows.isNull(i)) {
                buf.put(NULL);
                continue;
            }
            switch (kinds[i]) {
                case BOOLEAN -> buf.ascii(rows.getBoolean(i) ? "true" : "false");
                case SMALLINT, INTEGER, BIGINT -> buf.writeLong(rows.getLong(i));
                case REAL -> buf.ascii(Float.toString((float) rows.getDouble(i)));
                case DOUBLE -> buf.writeDouble(rows.getDouble(i));
                default -> writeValue(rows.get(i));
            }
        }
        buf.put((byte) '\n');
        if (buf.length() >= CHUNK) {
            flush();
        }
    }

    /** Encodes one value by its Java class (the typed path above covers the hot kinds). */
    void writeValue(Object value) {
        if (value == null) {
            buf.put(NULL);
        } else if (value instanceof String s) {
            buf.escaped(s, false);
        } else if (value instanceof BigDecimal d) {
            buf.ascii(d.toPlainString());
        } else if (value instanceof Boolean b) {
            buf.ascii(b ? "true" : "false");
        } else if (value instanceof Float f) {
            buf.ascii(Float.toString(f));
        } else if (value instanceof Number n) {
            buf.ascii(n.toString());
        } else if (value instanceof byte[] bytes) {
            bytea(bytes);
        } else if (value instanceof LocalDateTime t) {
            buf.ascii(era(t.getYear(), t.withYear(eraYear(t.getYear())).toString()));
        } else if (value instanceof LocalDate d) {
            buf.ascii(era(d.getYear(), d.withYear(eraYear(d.getYear())).toString()));
        } else if (value instanceof OffsetDateTime t) {
            buf.ascii(era(t.getYear(), t.withYear(eraYear(t.getYear())).toString()));
        } else if (value instanceof LocalTime t) {
            buf.ascii(t.toString());
        } else if (value instanceof java.time.Duration d) {
            buf.ascii(io.osiris.api.data.Intervals.format(d));
        } else {
            // UUID and anything else: its text, escaped like any string.
            buf.escaped(value.toString(), false);
        }
    }

    /** Sends what is buffered to the sink. */
    void flush() throws Exception {
        if (buf.length() > 0) {
            sink.write(buf.array(), 0, buf.length());
            buf.clear();
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
        buf.put(BYTEA);
        buf.hex(bytes, false);
    }

}
