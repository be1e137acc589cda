package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The rows of any source as the CSV text of {@link io.osiris.api.connector.capability bulk CSV text}, encoded here from the
 * typed getters, so the engine can parse them in C++ (and write them straight into a file)
 * instead of taking them one value at a time through its Appender. Values outside what the
 * format spells the same way everywhere (years before 1 or after 9999) fail the copy, and the
 * runner then streams the rows instead.
 */
final class RowsAsCsv implements CsvCopy {
    private static final int CHUNK = 1 << 16;
    private static final byte[] UTC = {'+', '0', '0'};

    private final RowStream rows;
    private final TypeKind[] kinds;
    private final TextBuffer buf = new TextBuffer(CHUNK + 1024);

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
    public long writeTo(OutputStream out) {
        long count = 0;
        try {
            while (rows.next()) {
                for (int i = 0; i < kinds.length; i++) {
                    if (i > 0) {
                        buf.put((byte) ',');
                    }
                    if (!rows.isNull(i)) {
                        value(i, kinds[i]);
                    }
                }
                buf.put((byte) '\n');
                count++;
                if (buf.length() >= CHUNK) {
                    flush(out);
                }
            }
            flush(out);
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void cancel() {
        rows.cancel();
    }

    private void value(int i, TypeKind kind) {
        switch (kind) {
            case BOOLEAN -> buf.put(rows.getBoolean(i) ? (byte) 't' : (byte) 'f');
            case SMALLINT, INTEGER, BIGINT -> buf.writeLong(rows.getLong(i));
            case REAL -> buf.ascii(Float.toString((float) rows.getDouble(i)));
            case DOUBLE -> buf.writeDouble(rows.getDouble(i));
            case DECIMAL -> buf.ascii(rows.getDecimal(i).toPlainString());
            case STRING, JSON -> buf.csv(rows.getString(i));
            case DATE -> date((LocalDate) rows.get(i));
            case TIME -> buf.time((LocalTime) rows.get(i), false);
            case TIMESTAMP -> dateTime((LocalDateTime) rows.get(i));
            case TIMESTAMP_TZ -> {
                dateTime(((OffsetDateTime) rows.get(i)).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
                buf.put(UTC);
            }
            case BINARY -> {
                buf.put((byte) '\\');
                buf.put((byte) 'x');
                buf.hex((byte[]) rows.get(i), false);
            }
            case UUID -> buf.ascii(rows.get(i).toString());
            default -> throw new ExecutionFailedException("column " + rows.schema().column(i).name()
                    + " has no CSV form (" + kind + ")");
        }
    }

    /** Years before 1 or after 9999 have no form every CSV reader takes alike. */
    private void date(LocalDate d) {
        int year = d.getYear();
        if (year < 1 || year > 9999) {
            throw new ExecutionFailedException("date " + d + " is outside years 1 to 9999");
        }
        buf.date(d);
    }

    private void dateTime(LocalDateTime t) {
        date(t.toLocalDate());
        buf.put((byte) ' ');
        buf.time(t.toLocalTime(), false);
    }

    private void flush(OutputStream out) throws IOException {
        out.write(buf.array(), 0, buf.length());
        buf.clear();
    }
}
