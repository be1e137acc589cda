package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The rows of any source as the CSV text of {@link IExtractor#csvCopy}, encoded here from the
 * typed getters, so the engine can parse them in C++ (and write them straight into a file)
 * instead of taking them one value at a time through its Appender. Values outside what the
 * format spells the same way everywhere (years before 1 or after 9999) fail the copy, and the
 * runner then streams the rows instead.
 */
final class RowsAsCsv implements IExtractor.CsvCopy {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final RowStream rows;
    private final TypeKind[] kinds;
    private final byte[] buffer = new byte[1 << 16];
    private int used;
    private OutputStream out;

    RowsAsCsv(RowStream rows) {
        this.rows = rows;
        RowSchema schema = rows.schema();
        this.kinds = new TypeKind[schema.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
    }

    /** Whether every column has a text form here (not LIST, STRUCT, or other kinds added later). */
    static boolean encodes(RowSchema schema) {
        return schema.columns().stream().allMatch(c -> switch (c.type().kind()) {
            case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, STRING, JSON, DATE, TIME, TIMESTAMP,
                    TIMESTAMP_TZ, BINARY, UUID -> true;
            default -> false;
        });
    }

    @Override
    public RowSchema schema() {
        return rows.schema();
    }

    @Override
    public long writeTo(OutputStream target) {
        this.out = target;
        long count = 0;
        try {
            while (rows.next()) {
                for (int i = 0; i < kinds.length; i++) {
                    if (i > 0) {
                        put((byte) ',');
                    }
                    if (!rows.isNull(i)) {
                        value(i, kinds[i]);
                    }
                }
                put((byte) '\n');
                count++;
            }
            flush();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cancel() {
        rows.cancel();
    }

    private void value(int i, TypeKind kind) throws IOException {
        switch (kind) {
            case BOOLEAN -> put(rows.getBoolean(i) ? (byte) 't' : (byte) 'f');
            case SMALLINT, INTEGER, BIGINT -> number(rows.getLong(i));
            case REAL -> ascii(Float.toString((float) rows.getDouble(i)));
            case DOUBLE -> ascii(Double.toString(rows.getDouble(i)));
            case DECIMAL -> ascii(rows.getDecimal(i).toPlainString());
            case STRING, JSON -> text(rows.getString(i));
            case DATE -> date((LocalDate) rows.get(i));
            case TIME -> time((LocalTime) rows.get(i));
            case TIMESTAMP -> {
                LocalDateTime t = (LocalDateTime) rows.get(i);
                date(t.toLocalDate());
                put((byte) ' ');
                time(t.toLocalTime());
            }
            case TIMESTAMP_TZ -> {
                LocalDateTime t = ((OffsetDateTime) rows.get(i)).withOffsetSameInstant(ZoneOffset.UTC)
                        .toLocalDateTime();
                date(t.toLocalDate());
                put((byte) ' ');
                time(t.toLocalTime());
                put((byte) '+');
                put((byte) '0');
                put((byte) '0');
            }
            case BINARY -> {
                byte[] b = (byte[]) rows.get(i);
                put((byte) '\\');
                put((byte) 'x');
                for (byte x : b) {
                    put(HEX[(x >> 4) & 0xF]);
                    put(HEX[x & 0xF]);
                }
            }
            case UUID -> ascii(rows.get(i).toString());
            default -> throw new ExecutionFailedException("column " + rows.schema().column(i).name()
                    + " has no CSV form (" + kind + ")");
        }
    }

    /** A string, quoted when it holds a comma, quote, CR or LF, or is empty (an unquoted empty field is NULL). */
    private void text(String s) throws IOException {
        boolean quote = s.isEmpty();
        for (int k = 0; k < s.length() && !quote; k++) {
            char c = s.charAt(k);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (quote) {
            put((byte) '"');
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < 0x80) {
                if (c == '"') {
                    put((byte) '"');
                }
                put((byte) c);
            } else if (c < 0x800) {
                put((byte) (0xC0 | (c >> 6)));
                put((byte) (0x80 | (c & 0x3F)));
            } else if (Character.isHighSurrogate(c) && k + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(k + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++k));
                put((byte) (0xF0 | (cp >> 18)));
                put((byte) (0x80 | ((cp >> 12) & 0x3F)));
                put((byte) (0x80 | ((cp >> 6) & 0x3F)));
                put((byte) (0x80 | (cp & 0x3F)));
            } else if (Character.isSurrogate(c)) {
                put((byte) '?'); // a lone surrogate has no UTF-8 form; String.getBytes does the same
            } else {
                put((byte) (0xE0 | (c >> 12)));
                put((byte) (0x80 | ((c >> 6) & 0x3F)));
                put((byte) (0x80 | (c & 0x3F)));
            }
        }
        if (quote) {
            put((byte) '"');
        }
    }

    private void date(LocalDate d) throws IOException {
        int year = d.getYear();
        if (year < 1 || year > 9999) {
            throw new ExecutionFailedException("date " + d + " is outside years 1 to 9999");
        }
        digits(year, 4);
        put((byte) '-');
        digits(d.getMonthValue(), 2);
        put((byte) '-');
        digits(d.getDayOfMonth(), 2);
    }

    private void time(LocalTime t) throws IOException {
        digits(t.getHour(), 2);
        put((byte) ':');
        digits(t.getMinute(), 2);
        put((byte) ':');
        digits(t.getSecond(), 2);
        int micros = t.getNano() / 1_000;
        if (micros != 0) {
            put((byte) '.');
            digits(micros, 6);
        }
    }

    private void digits(int value, int width) throws IOException {
        for (int p = width - 1; p >= 0; p--) {
            int div = 1;
            for (int k = 0; k < p; k++) {
                div *= 10;
            }
            put((byte) ('0' + (value / div) % 10));
        }
    }

    private void number(long v) throws IOException {
        if (v == Long.MIN_VALUE) {
            ascii("-9223372036854775808");
            return;
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        if (used + 20 > buffer.length) {
            flush();
        }
        int start = used;
        do {
            buffer[used++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        for (int a = start, b = used - 1; a < b; a++, b--) {
            byte x = buffer[a];
            buffer[a] = buffer[b];
            buffer[b] = x;
        }
    }

    private void ascii(String s) throws IOException {
        for (int k = 0; k < s.length(); k++) {
            put((byte) s.charAt(k));
        }
    }

    private void put(byte b) throws IOException {
        if (used == buffer.length) {
            flush();
        }
        buffer[used++] = b;
    }

    private void flush() throws IOException {
        out.write(buffer, 0, used);
        used = 0;
    }
}
