package io.osiris.connector.mysql;

import io.osiris.api.connector.capability.CsvCopy;
import com.mysql.cj.MysqlType;
import com.mysql.cj.NativeSession;
import com.mysql.cj.jdbc.ServerPreparedStatement;
import com.mysql.cj.jdbc.result.ResultSetImpl;
import com.mysql.cj.protocol.ResultsetRows;
import com.mysql.cj.protocol.a.NativePacketPayload;
import com.mysql.cj.result.Field;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One extraction as the CSV of {@link io.osiris.api.connector.capability.CsvExport}, written from MySQL's binary rows.
 *
 * <p>Why: the normal extract decodes every value into a Java object that core then appends to
 * DuckDB one at a time. Here the rows come over the binary protocol (a server-side prepared
 * statement, streaming) and are read by Connector/J, which keeps the protocol's state; each value
 * is then read from the row's packet by its wire type (integers and floating point numbers
 * little-endian, date and time fields, length-prefixed text) and written into the CSV with no
 * Java object in between (Connector/J's decoder, a {@code ValueFactory} per value, cost 1 CPU-second
 * more on 2M rows with its compilation, bench/README.md, round 7).
 * The binary protocol rather than the text one because the server's cost is what bounds a MySQL
 * extract on a small machine: formatting a 2M-row, nine-column table as text took MariaDB 2.6
 * CPU-seconds, sending it binary 1.7 (round 5). The session is the extract's: read-only, UTC (so
 * a TIMESTAMP is its UTC time), UTF-8.
 *
 * <p>Exactness: a column is copied only where its CSV reads back as what
 * {@link MySqlExtractor#extract} reads. Floating point numbers are written as digits that read
 * back bit for bit ({@link TextBuffer#writeDouble}, {@link Float#toString}). BIT and spatial
 * columns are bytes in a form of their own: those are declined. A value that has no exact form
 * (a date with a zero month or day, which extract cannot read either) fails the copy. A TIME
 * is an elapsed time ({@link TypeKind#INTERVAL}), written as {@code [-]H:MM:SS[.ffffff]}. Zero dates are NULL, as extract reads them. The server sends each
 * column in its own character set ({@code character_set_results} is NULL on Connector/J
 * sessions), so text from a column that is not UTF-8 is decoded and encoded again; UTF-8 text
 * is copied as is.
 */
final class MySqlCsvCopy implements CsvCopy {
    private static final Set<String> OWN_BYTE_FORMS = Set.of("bit", "geometry", "point", "linestring", "polygon",
            "multipoint", "multilinestring", "multipolygon", "geometrycollection", "vector");
    private static final byte[] UTC = "+00".getBytes(StandardCharsets.US_ASCII);
    /** Rows are handed on in blocks of about this size (the buffer grows past it for a long row). */
    private static final int BLOCK = 64 * 1024;

    /** How a column's wire bytes become its CSV field. */
    enum Form { INTEGER, REAL, DOUBLE, DECIMAL, TEXT, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_TZ, TIME, BINARY }

    private final MySqlClient client;
    private final String sql;
    private final long maxRows;
    private final RowSchema schema;
    private final String what;
    private final TextBuffer buf = new TextBuffer(BLOCK + 4096);
    /** A date-time's wire fields, zero-padded to the longest form (11 bytes). */
    private final byte[] fields = new byte[11];
    private volatile Connection running;
    private volatile Statement runningStatement;
    private volatile boolean cancelled;

    private MySqlCsvCopy(MySqlClient client, String sql, long maxRows, RowSchema schema, String what) {
        this.client = client;
        this.sql = sql;
        this.maxRows = maxRows;
        this.schema = schema;
        this.what = what;
    }

    /** A copy of {@code sql}, or empty when a column's bytes would not read back as extract reads it. */
    static Optional<CsvCopy> of(MySqlClient client, String sql, long maxRows, RowSchema schema,
            String what) {
        for (ColumnInfo column : schema.columns()) {
            if (!copied(column)) {
                return Optional.empty();
            }
        }
        return Optional.of(new MySqlCsvCopy(client, sql, maxRows, schema, what));
    }

    /** Whether a column is copied: not where its bytes are in a form of their own, nor a UUID. */
    static boolean copied(ColumnInfo column) {
        return !OWN_BYTE_FORMS.contains(column.nativeType().toLowerCase(Locale.ROOT))
                && column.type().kind() != TypeKind.UUID;
    }

    /**
     * The form of a column from its wire type, which decides how its bytes read; null when the
     * wire type is not one the column's portable kind comes from.
     */
    static Form form(TypeKind kind, int wireType) {
        Form form = switch (wireType) {
            case MysqlType.FIELD_TYPE_TINY -> kind == TypeKind.BOOLEAN ? Form.BOOLEAN : Form.INTEGER;
            case MysqlType.FIELD_TYPE_SHORT, MysqlType.FIELD_TYPE_YEAR, MysqlType.FIELD_TYPE_INT24,
                    MysqlType.FIELD_TYPE_LONG, MysqlType.FIELD_TYPE_LONGLONG -> Form.INTEGER;
            case MysqlType.FIELD_TYPE_FLOAT -> Form.REAL;
            case MysqlType.FIELD_TYPE_DOUBLE -> Form.DOUBLE;
            case MysqlType.FIELD_TYPE_DECIMAL, MysqlType.FIELD_TYPE_NEWDECIMAL -> Form.DECIMAL;
            case MysqlType.FIELD_TYPE_DATE, NEWDATE -> Form.DATE;
            case MysqlType.FIELD_TYPE_DATETIME, MysqlType.FIELD_TYPE_TIMESTAMP ->
                    kind == TypeKind.TIMESTAMP_TZ ? Form.TIMESTAMP_TZ : Form.TIMESTAMP;
            case MysqlType.FIELD_TYPE_TIME -> Form.TIME;
            case MysqlType.FIELD_TYPE_BIT, MysqlType.FIELD_TYPE_GEOMETRY, MysqlType.FIELD_TYPE_VECTOR -> null;
            default -> kind == TypeKind.BINARY ? Form.BINARY : Form.TEXT;
        };
        if (form == null) {
            return null;
        }
        boolean fits = switch (form) {
            case INTEGER -> kind == TypeKind.SMALLINT || kind == TypeKind.INTEGER || kind == TypeKind.BIGINT
                    || kind == TypeKind.DECIMAL;
            case REAL -> kind == TypeKind.REAL;
            case DOUBLE -> kind == TypeKind.DOUBLE;
            case DECIMAL -> kind == TypeKind.DECIMAL || kind == TypeKind.STRING;
            case TEXT -> kind == TypeKind.STRING || kind == TypeKind.JSON;
            case BOOLEAN -> kind == TypeKind.BOOLEAN;
            case DATE -> kind == TypeKind.DATE;
            case TIMESTAMP -> kind == TypeKind.TIMESTAMP;
            case TIMESTAMP_TZ -> kind == TypeKind.TIMESTAMP_TZ;
            case TIME -> kind == TypeKind.INTERVAL;
            case BINARY -> kind == TypeKind.BINARY;
        };
        return fits ? form : null;
    }

    /** MySQL's internal date type, which a server may still send. */
    private static final int NEWDATE = 14;

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public long writeTo(OutputStream out) {
        Connection c = client.connection();
        boolean returned = false;
        boolean drained = false;
        try {
            MySqlExtractor.readOnly(c, true);
            PreparedStatement st = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            if (!st.isWrapperFor(ServerPreparedStatement.class)) {
                // Prepared on the client, the rows would come as text, which the forms do not read.
                st.close();
                throw new ExecutionFailedException("Copying " + what + " as CSV failed: the statement could not be"
                        + " prepared on the server");
            }
            // Streaming, as extract does: without it Connector/J buffers the whole result.
            st.setFetchSize(Integer.MIN_VALUE);
            if (maxRows > 0) {
                st.setLargeMaxRows(maxRows);
            }
            running = c;
            runningStatement = st;
            if (cancelled) {
                throw new ExecutionFailedException("Copying " + what + " as CSV was cancelled");
            }
            ResultSet rs = st.executeQuery();
            long rows = copy(rs, out);
            drained = true;
            running = null;
            rs.close();
            st.close();
            MySqlExtractor.readOnly(c, false);
            c.close();
            returned = true;
            return rows;
        } catch (SQLException e) {
            throw cancelled ? new ExecutionFailedException("Copying " + what + " as CSV was cancelled", e)
                    : client.failure("Copying " + what + " as CSV failed", e);
        } catch (com.mysql.cj.exceptions.CJException e) {
            // Rows read off the packets fail with the driver's own exception (a timeout, a lost connection).
            throw cancelled ? new ExecutionFailedException("Copying " + what + " as CSV was cancelled", e)
                    : client.failure("Copying " + what + " as CSV failed",
                            com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping.translateException(e, null));
        } catch (IOException e) {
            throw new ExecutionFailedException("Copying " + what + " as CSV failed: the rows could not be written on: "
                    + e.getMessage(), e);
        } finally {
            running = null;
            runningStatement = null;
            if (!returned) {
                abandon(c, drained);
            }
        }
    }

    /**
     * Closing a streaming result set reads every remaining row off the wire: instead the
     * server's query is stopped and the connection (maybe still read-only) dropped.
     */
    private void abandon(Connection c, boolean drained) {
        if (!drained && !cancelled) {
            try {
                client.killQuery(c);
            } catch (SQLException e) {
                // The connection is dropped next, which ends the query with it.
            }
        }
        client.discard(c);
    }

    @Override
    public void cancel() {
        cancelled = true;
        Connection c = running;
        Statement st = runningStatement;
        if (c == null || st == null) {
            return;
        }
        try {
            // As MySqlExtractor's streams: cancel() covers a statement still executing, KILL QUERY
            // one already streaming.
            st.cancel();
            client.killQuery(c);
        } catch (SQLException e) {
            // Nothing running any more, or the server is gone: writeTo reports what happened.
        }
    }

    private long copy(ResultSet rs, OutputStream out) throws SQLException, IOException {
        int n = schema.size();
        java.sql.ResultSetMetaData md = rs.getMetaData();
        if (md.getColumnCount() != n) {
            throw new ExecutionFailedException("Copying " + what + " as CSV failed: the query returned "
                    + md.getColumnCount() + " columns where it was described with " + n);
        }
        com.mysql.cj.jdbc.result.ResultSetMetaData mysqlMd = md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class);
        Field[] fields = mysqlMd.getFields();
        Column[] columns = new Column[n];
        for (int i = 0; i < n; i++) {
            Form form = form(schema.column(i).type().kind(), fields[i].getMysqlTypeId());
            if (form == null) {
                throw new ExecutionFailedException("Copying " + what + " as CSV failed: column "
                        + schema.column(i).name() + " came as MySQL type " + fields[i].getMysqlTypeId()
                        + ", which is not how a " + schema.column(i).type().kind() + " is copied");
            }
            String encoding = mysqlMd.getColumnCharacterEncoding(i + 1);
            Charset charset = encoding == null || "UTF-8".equalsIgnoreCase(encoding) ? null : Charset.forName(encoding);
            columns[i] = Column.of(i, form, fields[i].getMysqlTypeId(), fields[i].isUnsigned(), charset);
        }
        // The rows come from Connector/J's row list, which reads each row's packet (a streaming
        // result reads every row into the protocol's one reusable packet) and keeps the protocol's
        // state; the values are read here from the packet's bytes rather than through a getter or a
        // ValueFactory per value, which cost 0.65 CPU-seconds on 2M rows and 0.4 more for C2 to
        // compile Connector/J's decoder for every type, twice (bench/README.md, round 7).
        ResultSetImpl impl = rs.unwrap(ResultSetImpl.class);
        ResultsetRows rows = impl.getRows();
        NativePacketPayload packet = ((NativeSession) impl.getSession()).getProtocol().getReusablePacket();
        int values = 1 + (n + 9) / 8;
        buf.clear();
        long count = 0;
        while (rows.next() != null) {
            byte[] p = packet.getByteBuffer();
            int end = packet.getPayloadLength();
            if (p[0] != 0) {
                throw new ExecutionFailedException("Copying " + what + " as CSV failed: row " + (count + 1)
                        + " did not come as a binary row");
            }
            int at = values;
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    buf.put((byte) ',');
                }
                // The NULL bitmap's first two bits are reserved.
                if ((p[1 + ((i + 2) >> 3)] & (1 << ((i + 2) & 7))) == 0) {
                    at = write(columns[i], p, at, end);
                }
            }
            if (at != end) {
                // Each value's length comes from its type: bytes left over (or missing) mean the row
                // was read as something it is not, and nothing written from it can be trusted.
                throw new ExecutionFailedException("Copying " + what + " as CSV failed: row " + (count + 1)
                        + " has " + end + " bytes where its columns take " + at);
            }
            buf.put((byte) '\n');
            count++;
            if (buf.length() >= BLOCK) {
                out.write(buf.array(), 0, buf.length());
                buf.clear();
                if (cancelled) {
                    throw new ExecutionFailedException("Copying " + what + " as CSV was cancelled");
                }
            }
        }
        if (cancelled) {
            throw new ExecutionFailedException("Copying " + what + " as CSV was cancelled");
        }
        out.write(buf.array(), 0, buf.length());
        buf.clear();
        out.flush();
        return count;
    }

    /** How a column's value lies in a binary row, from its wire type. */
    private static final int FIXED_1 = 1, FIXED_2 = 2, FIXED_4 = 4, FIXED_8 = 8, SIZED = 9, LENGTH_ENCODED = 10;

    /** One column of the copy: how its value is laid out in the row and how it is written. */
    private record Column(int index, Form form, int layout, boolean unsigned, Charset charset) {
        static Column of(int index, Form form, int wireType, boolean unsigned, Charset charset) {
            int layout = switch (wireType) {
                case MysqlType.FIELD_TYPE_TINY -> FIXED_1;
                case MysqlType.FIELD_TYPE_SHORT, MysqlType.FIELD_TYPE_YEAR -> FIXED_2;
                case MysqlType.FIELD_TYPE_INT24, MysqlType.FIELD_TYPE_LONG, MysqlType.FIELD_TYPE_FLOAT -> FIXED_4;
                case MysqlType.FIELD_TYPE_LONGLONG, MysqlType.FIELD_TYPE_DOUBLE -> FIXED_8;
                // Dates, date-times and times: a length byte, then that many bytes of fields.
                case MysqlType.FIELD_TYPE_DATE, NEWDATE, MysqlType.FIELD_TYPE_DATETIME,
                        MysqlType.FIELD_TYPE_TIMESTAMP, MysqlType.FIELD_TYPE_TIME -> SIZED;
                // Decimals, strings, JSON, ENUM, SET and blobs: a length-encoded string.
                default -> LENGTH_ENCODED;
            };
            return new Column(index, form, layout, unsigned, charset);
        }
    }

    /**
     * Writes the non-NULL value of {@code column} that starts at {@code at} in the row {@code p}
     * (MySQL's binary resultset row, which ends at {@code end}) and returns where the next value
     * starts.
     */
    private int write(Column column, byte[] p, int at, int end) {
        switch (column.layout) {
            case FIXED_1, FIXED_2, FIXED_4, FIXED_8 -> {
                int width = column.layout;
                long bits = little(p, at, width);
                switch (column.form) {
                    case REAL -> buf.ascii(Float.toString(Float.intBitsToFloat((int) bits)));
                    case DOUBLE -> buf.writeDouble(Double.longBitsToDouble(bits));
                    case BOOLEAN -> {
                        // TINYINT(1) as Connector/J reads it: true for -1 and anything positive, false otherwise.
                        boolean truth = column.unsigned ? bits != 0 : (byte) bits == -1 || (byte) bits > 0;
                        buf.put(truth ? (byte) 't' : (byte) 'f');
                    }
                    default -> integer(bits, width, column.unsigned);
                }
                return at + width;
            }
            case SIZED -> {
                int length = p[at] & 0xFF;
                int from = at + 1;
                if (column.form == Form.TIME) {
                    time(column.index, p, from, length);
                } else {
                    dateTime(column.index, column.form, p, from, length);
                }
                return from + length;
            }
            default -> {
                int first = p[at] & 0xFF;
                int from;
                long length;
                if (first < 0xFB) {
                    from = at + 1;
                    length = first;
                } else if (first == 0xFC) {
                    from = at + 3;
                    length = little(p, at + 1, 2);
                } else if (first == 0xFD) {
                    from = at + 4;
                    length = little(p, at + 1, 3);
                } else if (first == 0xFE) {
                    from = at + 9;
                    length = little(p, at + 1, 8);
                } else {
                    throw new ExecutionFailedException("Copying " + what + " as CSV failed: column "
                            + schema.column(column.index).name() + " has a value of no length (0x"
                            + Integer.toHexString(first) + ")");
                }
                if (length > end - from) {
                    throw new ExecutionFailedException("Copying " + what + " as CSV failed: column "
                            + schema.column(column.index).name() + " has a value longer than its row");
                }
                bytes(column, p, from, (int) length);
                return from + (int) length;
            }
        }
    }

    /** An integer of {@code width} little-endian bytes, signed or not. */
    private void integer(long bits, int width, boolean unsigned) {
        if (unsigned) {
            if (width == 8 && bits < 0) {
                // A BIGINT UNSIGNED beyond a long.
                buf.ascii(Long.toUnsignedString(bits));
            } else {
                buf.writeLong(bits);
            }
            return;
        }
        buf.writeLong(switch (width) {
            case 1 -> (byte) bits;
            case 2 -> (short) bits;
            case 4 -> (int) bits;
            default -> bits;
        });
    }

    /** A length-encoded value: a decimal's digits, text, or bytes. */
    private void bytes(Column column, byte[] p, int from, int length) {
        if (column.form == Form.DECIMAL) {
            buf.put(p, from, length);
        } else if (column.form == Form.BINARY) {
            buf.put((byte) '\\');
            buf.put((byte) 'x');
            buf.hex(p, from, length, false);
        } else if (column.charset == null) {
            text(p, from, length);
        } else {
            byte[] utf8 = new String(p, from, length, column.charset).getBytes(StandardCharsets.UTF_8);
            text(utf8, 0, utf8.length);
        }
    }

    /**
     * The {@code width} (1, 2, 3, 4 or 8) bytes of {@code v} from {@code offset} as a little-endian
     * number. Spelled out without a loop: C2 compiled a loop over the width with a check it later
     * found wrong, and compiled the copy again (a quarter of a second on 2M rows).
     */
    private static long little(byte[] v, int offset, int width) {
        return switch (width) {
            case 1 -> v[offset] & 0xFFL;
            case 2 -> int16(v, offset);
            case 3 -> int16(v, offset) | (v[offset + 2] & 0xFFL) << 16;
            case 4 -> int32(v, offset);
            default -> int32(v, offset) | int32(v, offset + 4) << 32;
        };
    }

    private static long int16(byte[] v, int offset) {
        return (v[offset] & 0xFF) | (v[offset + 1] & 0xFF) << 8;
    }

    private static long int32(byte[] v, int offset) {
        return ((v[offset] & 0xFF) | (v[offset + 1] & 0xFF) << 8 | (v[offset + 2] & 0xFF) << 16
                | (v[offset + 3] & 0xFF) << 24) & 0xFFFFFFFFL;
    }

    /**
     * A DATE, DATETIME or TIMESTAMP from its {@code length} wire bytes at {@code from}: year (2
     * bytes), month, day, then maybe hour, minute, second, then maybe microseconds (4 bytes); no
     * bytes at all is the zero date. Only zeros is the zero date, which extract reads as NULL. A
     * date with only a zero month or day (allowed without NO_ZERO_IN_DATE) is no date at all:
     * extract fails on it too, so the copy does.
     */
    private void dateTime(int column, Form form, byte[] p, int from, int length) {
        // The fields through a zeroed copy, so that every length reads the same way: C2 compiled
        // a branch per length from the rows it had seen, and again at the first midnight (length 4).
        byte[] f = fields;
        Arrays.fill(f, (byte) 0);
        System.arraycopy(p, from, f, 0, Math.min(length, f.length));
        int year = (int) int16(f, 0);
        int month = f[2];
        int day = f[3];
        int hour = f[4];
        int minute = f[5];
        int second = f[6];
        int micros = (int) int32(f, 7);
        if (year == 0 && month == 0 && day == 0 && hour == 0 && minute == 0 && second == 0 && micros == 0) {
            // The zero date: the field stays empty, which is NULL.
            return;
        }
        int start = buf.length();
        buf.date(year, month, day);
        if (form != Form.DATE) {
            buf.put((byte) ' ');
            buf.time(hour, minute, second, micros, false);
        }
        if (month == 0 || day == 0) {
            throw notExact(column, start, "a date with a zero month or day");
        }
        if (form == Form.TIMESTAMP_TZ) {
            buf.put(UTC);
        }
    }

    /**
     * A TIME from its {@code length} wire bytes at {@code from}: negative (1 byte), days (4
     * bytes), hour, minute, second, then maybe microseconds (4 bytes); no fields at all is
     * 00:00:00. Written as an elapsed time: hours past 23 as they are, a minus sign when negative.
     */
    private void time(int column, byte[] p, int from, int length) {
        if (length < 8) {
            buf.ascii("00:00:00");
            return;
        }
        boolean negative = p[from] != 0;
        long days = int32(p, from + 1);
        int micros = length >= 12 ? (int) int32(p, from + 8) : 0;
        if (negative) {
            buf.put((byte) '-');
        }
        buf.time((int) (days * 24 + p[from + 5]), p[from + 6], p[from + 7], micros, false);
    }

    /**
     * A string: as is, or quoted with quotes doubled when it holds a separator or is empty. Also
     * quoted when it starts or ends with white space, which a CSV reader might trim otherwise.
     */
    private void text(byte[] v, int offset, int length) {
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

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The failure for a value with no portable form, quoting the text written for it from {@code start}. */
    private ExecutionFailedException notExact(int column, int start, String why) {
        String text = new String(buf.array(), start, buf.length() - start, StandardCharsets.US_ASCII);
        buf.truncate(start);
        return new ExecutionFailedException("Copying " + what + " as CSV failed: column "
                + schema.column(column).name() + " holds '" + text + "', " + why + ", which has no portable value");
    }
}
