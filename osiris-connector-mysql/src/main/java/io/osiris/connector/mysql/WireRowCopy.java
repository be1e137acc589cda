package io.osiris.connector.mysql;

import com.mysql.cj.MysqlType;
import com.mysql.cj.NativeSession;
import com.mysql.cj.exceptions.CJException;
import com.mysql.cj.jdbc.ServerPreparedStatement;
import com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping;
import com.mysql.cj.jdbc.result.ResultSetImpl;
import com.mysql.cj.jdbc.result.ResultSetMetaData;
import com.mysql.cj.protocol.ResultsetRows;
import com.mysql.cj.protocol.a.NativePacketPayload;
import com.mysql.cj.result.Field;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The fast route of {@link MySqlCsvCopy}: each value read from MySQL's binary row packet by its
 * wire type (integers and floating point numbers little-endian, date and time fields,
 * length-prefixed text) and written into the CSV with no Java object in between.
 *
 * <p>This is the one class that reads Connector/J's internals ({@code ResultsetRows},
 * {@code NativePacketPayload}, {@code Field}); it is reached only where {@link DriverGuard}
 * accepts the driver, and {@link JdbcRowCopy} writes the same bytes otherwise. Connector/J still
 * reads each row's packet (a streaming result reads every row into the protocol's one reusable
 * packet) and keeps the protocol's state; the values are read here from the packet's bytes rather
 * than through a getter or a ValueFactory per value, which cost 0.65 CPU-seconds on 2M rows and
 * 0.4 more for C2 to compile Connector/J's decoder for every type, twice (bench/README.md,
 * round 7). Each row is checked to be a binary row whose values take exactly its length, so a
 * misread fails the copy instead of writing wrong values.
 *
 * <p>Floating point numbers are written as digits that read back bit for bit
 * ({@link TextBuffer#writeDouble}, {@link Float#toString}). The server sends each column in its
 * own character set ({@code character_set_results} is NULL on Connector/J sessions), so text from
 * a column that is not UTF-8 is decoded and encoded again; UTF-8 text is copied as is.
 */
final class WireRowCopy implements MySqlCsvCopy.RowCopy {
    /** How a column's wire bytes become its CSV field. */
    enum Form { INTEGER, REAL, DOUBLE, DECIMAL, TEXT, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_TZ, TIME, BINARY }

    /** MySQL's internal date type, which a server may still send. */
    private static final int NEWDATE = 14;
    /** How a column's value lies in a binary row, from its wire type. */
    private static final int FIXED_1 = 1, FIXED_2 = 2, FIXED_4 = 4, FIXED_8 = 8, SIZED = 9, LENGTH_ENCODED = 10;

    private final ResultsetRows rows;
    private final NativePacketPayload packet;
    private final Column[] columns;
    private final CsvFields out;
    private final TextBuffer buf;
    private final int values;
    /** A date-time's wire fields, zero-padded to the longest form (11 bytes). */
    private final byte[] fields = new byte[11];

    private WireRowCopy(ResultsetRows rows, NativePacketPayload packet, Column[] columns, CsvFields out) {
        this.rows = rows;
        this.packet = packet;
        this.columns = columns;
        this.out = out;
        this.buf = out.buf;
        this.values = 1 + (columns.length + 9) / 8;
    }

    /** Whether {@code st} was prepared on the server, so that its rows come binary. */
    static boolean preparedOnServer(PreparedStatement st) throws SQLException {
        return st.isWrapperFor(ServerPreparedStatement.class);
    }

    /** The rows of {@code rs}, a streaming result of a statement {@link #preparedOnServer prepared on the server}. */
    static WireRowCopy open(ResultSet rs, CsvFields out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData().unwrap(ResultSetMetaData.class);
        Field[] wire = md.getFields();
        Column[] columns = new Column[wire.length];
        for (int i = 0; i < wire.length; i++) {
            TypeKind kind = out.schema().column(i).type().kind();
            Form form = form(kind, wire[i].getMysqlTypeId());
            if (form == null) {
                throw out.failure("column " + out.name(i) + " came as MySQL type " + wire[i].getMysqlTypeId()
                        + ", which is not how a " + kind + " is copied");
            }
            String encoding = md.getColumnCharacterEncoding(i + 1);
            Charset charset = encoding == null || "UTF-8".equalsIgnoreCase(encoding) ? null : Charset.forName(encoding);
            columns[i] = Column.of(i, form, wire[i].getMysqlTypeId(), wire[i].isUnsigned(), charset);
        }
        ResultSetImpl impl = rs.unwrap(ResultSetImpl.class);
        NativePacketPayload packet = ((NativeSession) impl.getSession()).getProtocol().getReusablePacket();
        return new WireRowCopy(impl.getRows(), packet, columns, out);
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

    @Override
    public boolean copyRow(long row) throws SQLException {
        try {
            if (rows.next() == null) {
                return false;
            }
        } catch (CJException e) {
            // Rows read off the packets fail with the driver's own exception (a timeout, a lost connection).
            throw SQLExceptionsMapping.translateException(e, null);
        }
        byte[] p = packet.getByteBuffer();
        int end = packet.getPayloadLength();
        if (p[0] != 0) {
            throw out.failure("row " + row + " did not come as a binary row");
        }
        int at = values;
        Column[] columns = this.columns;
        for (int i = 0; i < columns.length; i++) {
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
            throw out.failure("row " + row + " has " + end + " bytes where its columns take " + at);
        }
        return true;
    }

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
                    throw out.failure("column " + out.name(column.index) + " has a value of no length (0x"
                            + Integer.toHexString(first) + ")");
                }
                if (length > end - from) {
                    throw out.failure("column " + out.name(column.index) + " has a value longer than its row");
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
            out.text(p, from, length);
        } else {
            byte[] utf8 = new String(p, from, length, column.charset).getBytes(StandardCharsets.UTF_8);
            out.text(utf8, 0, utf8.length);
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
     * bytes at all is the zero date.
     */
    private void dateTime(int column, Form form, byte[] p, int from, int length) {
        // The fields through a zeroed copy, so that every length reads the same way: C2 compiled
        // a branch per length from the rows it had seen, and again at the first midnight (length 4).
        byte[] f = fields;
        Arrays.fill(f, (byte) 0);
        System.arraycopy(p, from, f, 0, Math.min(length, f.length));
        out.dateTime(column, form != Form.DATE, form == Form.TIMESTAMP_TZ, (int) int16(f, 0), f[2], f[3], f[4],
                f[5], f[6], (int) int32(f, 7));
    }

    /**
     * A TIME from its {@code length} wire bytes at {@code from}: negative (1 byte), days (4
     * bytes), hour, minute, second, then maybe microseconds (4 bytes); no fields at all is
     * 00:00:00.
     */
    private void time(int column, byte[] p, int from, int length) {
        if (length < 8) {
            buf.ascii("00:00:00");
            return;
        }
        long days = int32(p, from + 1);
        int micros = length >= 12 ? (int) int32(p, from + 8) : 0;
        out.time(column, p[from] != 0, days * 24 + p[from + 5], p[from + 6], p[from + 7], micros);
    }
}
