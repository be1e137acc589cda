package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

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

    private final RowStream rows;
    private final TypeKind[] kinds;
    private final TextBuffer text = new TextBuffer(CHUNK * 2);
    private boolean ended;

    LoadDataStream(RowStream rows, TypeKind[] kinds) {
        this.rows = requireNonNull(rows, "rows");
        this.kinds = kinds.clone();
    }

    @Override
    byte[] buffer() {
        return text.array();
    }

    @Override
    int readableEnd() {
        return text.length();
    }

    /** Encodes rows until a chunk is full or the source ends; false when nothing is left. */
    @Override
    boolean fill() {
        pos = 0;
        text.clear();
        if (ended) {
            return false;
        }
        try {
            while (text.length() < CHUNK) {
                if (!rows.next()) {
                    ended = true;
                    break;
                }
                int rowStart = text.length();
                try {
                    writeRow();
                } catch (RuntimeException e) {
                    text.truncate(rowStart); // never half a row
                    throw e;
                }
                rowsRead++;
            }
        } catch (RuntimeException e) {
            ended = true;
            failure = e;
        }
        return text.length() > 0;
    }

    private void writeRow() {
        for (int i = 0; i < kinds.length; i++) {
            if (i > 0) {
                text.put((byte) '\t');
            }
            if (rows.isNull(i)) {
                text.put((byte) '\\');
                text.put((byte) 'N');
                continue;
            }
            switch (kinds[i]) {
                case BOOLEAN -> text.put(rows.getBoolean(i) ? (byte) '1' : (byte) '0');
                case SMALLINT, INTEGER, BIGINT -> text.writeLong(rows.getLong(i));
                case REAL -> text.ascii(Float.toString((float) rows.getDouble(i)));
                case DOUBLE -> text.writeDouble(rows.getDouble(i));
                case DECIMAL -> {
                    Object v = rows.get(i);
                    text.ascii(v instanceof BigDecimal d ? d.toPlainString()
                            : new BigDecimal(v.toString()).toPlainString());
                }
                case STRING, JSON -> text.escaped(rows.getString(i), true);
                case UUID -> text.escaped(rows.get(i).toString(), true);
                case DATE -> text.date((LocalDate) rows.get(i)); // a negative year: the server refuses it
                case TIME -> text.time((LocalTime) rows.get(i), true);
                case INTERVAL -> text.ascii(io.osiris.api.data.Intervals.format((java.time.Duration) rows.get(i)));
                case TIMESTAMP -> text.dateTime((LocalDateTime) rows.get(i), true);
                case TIMESTAMP_TZ -> text.dateTime(MySqlTypes.utc(rows.get(i)), true);
                case BINARY -> text.hex((byte[]) rows.get(i), true);
                default -> throw new IllegalStateException("unmapped kind " + kinds[i]);
            }
        }
        text.put((byte) '\n');
    }
}
