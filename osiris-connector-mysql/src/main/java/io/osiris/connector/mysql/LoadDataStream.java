package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;

/**
 * The rows of a {@link RowStream} as the text {@code LOAD DATA} reads with its default field
 * and line options ({@code FIELDS TERMINATED BY '\t' ESCAPED BY '\\' LINES TERMINATED BY '\n'}),
 * UTF-8, encoded on demand while Connector/J reads the stream: rows are pulled from the source
 * only as fast as the server takes them, so memory stays flat.
 *
 * <p>Encoding: NULL is {@code \N}; inside a value a backslash, tab, newline, carriage return and
 * NUL are {@code \\}, {@code \t}, {@code \n}, {@code \r}, {@code \0}; an empty string is an empty
 * field. Booleans are {@code 1}/{@code 0}; decimals their plain text; floats Java's shortest
 * round-trip text; dates and times ISO with microseconds, a TIMESTAMP_TZ as its UTC wall-clock
 * time (the session runs in UTC); binary values are hex, which the statement turns back into
 * bytes with {@code UNHEX} (see {@link MySqlWriter}).
 *
 * <p>When the source fails (or an encoding fails) the stream ends at the last whole row and
 * keeps the failure for {@link #failure()}: Connector/J then ends the transfer cleanly, so the
 * connection stays usable for the rollback, and the writer reports the source's failure.
 */
final class LoadDataStream extends LoadDataInput {
    private static final int CHUNK = 64 * 1024;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final RowStream rows;
    private final TypeKind[] kinds;
    private byte[] buf = new byte[CHUNK * 2];
    private int limit;
    private boolean ended;

    LoadDataStream(RowStream rows, TypeKind[] kinds) {
        this.rows = requireNonNull(rows, "rows");
        this.kinds = kinds.clone();
    }

    @Override
    byte[] buffer() {
        return buf;
    }

    @Override
    int readableEnd() {
        return limit;
    }

    /** Encodes rows until a chunk is full or the source ends; false when nothing is left. */
    @Override
    boolean fill() {
        pos = 0;
        limit = 0;
        if (ended) {
            return false;
        }
        try {
            while (limit < CHUNK) {
                if (!rows.next()) {
                    ended = true;
                    break;
                }
                int rowStart = limit;
                try {
                    writeRow();
                } catch (RuntimeException e) {
                    limit = rowStart; // never half a row
                    throw e;
                }
                rowsRead++;
            }
        } catch (RuntimeException e) {
            ended = true;
            failure = e;
        }
        return limit > 0;
    }

    private void writeRow() {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                put((byte) '\t');
            }
            if (rows.isNull(i)) {
                put((byte) '\\');
                put((byte) 'N');
                continue;
            }
            switch (kinds[i]) {
                case BOOLEAN -> put(rows.getBoolean(i) ? (byte) '1' : (byte) '0');
                case SMALLINT, INTEGER, BIGINT -> writeLong(rows.getLong(i));
                case REAL -> ascii(Float.toString((float) rows.getDouble(i)));
                case DOUBLE -> ascii(Double.toString(rows.getDouble(i)));
                case DECIMAL -> {
                    Object v = rows.get(i);
                    ascii(v instanceof BigDecimal d ? d.toPlainString() : new BigDecimal(v.toString()).toPlainString());
                }
                case STRING, JSON -> text(rows.getString(i));
                case UUID -> text(rows.get(i).toString());
                case DATE -> date((LocalDate) rows.get(i));
                case TIME -> time((LocalTime) rows.get(i));
                case TIMESTAMP -> dateTime((LocalDateTime) rows.get(i));
                case TIMESTAMP_TZ -> dateTime(MySqlTypes.utc(rows.get(i)));
                case BINARY -> hex((byte[]) rows.get(i));
                default -> throw new IllegalStateException("unmapped kind " + kinds[i]);
            }
        }
        put((byte) '\n');
    }

    private void date(LocalDate d) {
        ensure(16);
        digits(d.getYear(), 4);
        put((byte) '-');
        digits(d.getMonthValue(), 2);
        put((byte) '-');
        digits(d.getDayOfMonth(), 2);
    }

    private void time(LocalTime t) {
        ensure(16);
        digits(t.getHour(), 2);
        put((byte) ':');
        digits(t.getMinute(), 2);
        put((byte) ':');
        digits(t.getSecond(), 2);
        put((byte) '.');
        digits(t.getNano() / 1_000, 6);
    }

    private void dateTime(LocalDateTime t) {
        date(t.toLocalDate());
        put((byte) ' ');
        time(t.toLocalTime());
    }

    /** A non-negative number in at least {@code width} digits; a negative year is left to the server to refuse. */
    private void digits(int v, int width) {
        if (v < 0) {
            writeLong(v);
            return;
        }
        ensure(12);
        int start = limit;
        writeLong(v);
        int written = limit - start;
        if (written < width) {
            int pad = width - written;
            System.arraycopy(buf, start, buf, start + pad, written);
            Arrays.fill(buf, start, start + pad, (byte) '0');
            limit += pad;
        }
    }

    private void hex(byte[] bytes) {
        ensure(bytes.length * 2);
        for (byte b : bytes) {
            buf[limit++] = HEX[(b >> 4) & 0xF];
            buf[limit++] = HEX[b & 0xF];
        }
    }

    private void text(String s) {
        int n = s.length();
        ensure(n * 4 + 2);
        byte[] b = buf;
        int p = limit;
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
                    case '\0' -> {
                        b[p++] = '\\';
                        b[p++] = '0';
                    }
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
        limit = p;
    }

    /** Text known to need no escaping: numbers. */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[limit++] = (byte) s.charAt(i);
        }
    }

    private void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[limit++] = '-';
            v = -v;
        }
        int start = limit;
        do {
            buf[limit++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = limit - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[limit++] = b;
    }

    private void ensure(int more) {
        if (limit + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, limit + more));
        }
    }
}
