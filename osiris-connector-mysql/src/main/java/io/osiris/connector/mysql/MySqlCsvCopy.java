package io.osiris.connector.mysql;

import com.mysql.cj.MysqlType;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.jdbc.ServerPreparedStatement;
import com.mysql.cj.jdbc.result.ResultSetImpl;
import com.mysql.cj.protocol.InternalDate;
import com.mysql.cj.protocol.InternalTime;
import com.mysql.cj.protocol.InternalTimestamp;
import com.mysql.cj.protocol.ResultsetRows;
import com.mysql.cj.result.Field;
import com.mysql.cj.result.Row;
import com.mysql.cj.result.ValueFactory;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One extraction as the CSV of {@link IExtractor#csvCopy}, written from MySQL's binary rows.
 *
 * <p>Why: the normal extract decodes every value into a Java object that core then appends to
 * DuckDB one at a time. Here the rows come over the binary protocol (a server-side prepared
 * statement, streaming) and are taken from Connector/J's row list one by one; each value goes
 * from the row's bytes into the CSV through a {@link ValueFactory} of the column's, as a
 * primitive, as date and time fields or as a slice of the packet, with no Java object in
 * between (a getter per value cost 0.35 CPU-seconds more on 2M rows, bench/README.md, round 6).
 * The binary protocol rather than the text one because the server's cost is what bounds a MySQL
 * extract on a small machine: formatting a 2M-row, nine-column table as text took MariaDB 2.6
 * CPU-seconds, sending it binary 1.7 (round 5). The session is the extract's: read-only, UTC (so
 * a TIMESTAMP is its UTC time), UTF-8.
 *
 * <p>Exactness: a column is copied only where its CSV reads back as what
 * {@link MySqlExtractor#extract} reads. Floating point numbers are written as digits that read
 * back bit for bit ({@link TextBuffer#writeDouble}, {@link Float#toString}). BIT and spatial
 * columns are bytes in a form of their own: those are declined. A value that has no exact form
 * (a TIME beyond 23:59:59 or negative, a date with a zero month or day, which extract cannot
 * read either) fails the copy. Zero dates are NULL, as extract reads them. The server sends each
 * column in its own character set ({@code character_set_results} is NULL on Connector/J
 * sessions), so text from a column that is not UTF-8 is decoded and encoded again; UTF-8 text
 * is copied as is.
 */
final class MySqlCsvCopy implements IExtractor.CsvCopy {
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
    static Optional<IExtractor.CsvCopy> of(MySqlClient client, String sql, long maxRows, RowSchema schema,
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
            case TIME -> kind == TypeKind.TIME;
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
            columns[i] = new Column(i, form, fields[i].isUnsigned(), charset);
        }
        // The rows come straight from Connector/J's row list rather than through ResultSet.next()
        // and a getter per value, which take the connection's lock and check the row and the
        // column every time; getBytes also copies each value into an array of its own.
        ResultsetRows rows = rs.unwrap(ResultSetImpl.class).getRows();
        buf.clear();
        long count = 0;
        Row row;
        while ((row = rows.next()) != null) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    buf.put((byte) ',');
                }
                Column column = columns[i];
                if (column.wireBytes) {
                    byte[] v = row.getBytes(i);
                    if (v != null) {
                        column.fromWire(v);
                    }
                } else {
                    row.getValue(i, column);
                }
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

    /**
     * Writes one column's values into the CSV. Connector/J decodes each value from the row's
     * bytes and hands it to a {@code createFrom} method: integers and floating point numbers as
     * primitives, dates and times as their fields, text as a slice of the row's packet, so most
     * values make no object. DECIMAL and TIME columns are read as their wire bytes instead
     * ({@link #wireBytes}): Connector/J would make a BigDecimal of a decimal's digits, and it
     * folds a TIME's sign into its days, which loses the sign of a negative TIME under a day.
     */
    private final class Column implements ValueFactory<Void> {
        private final int index;
        private final Form form;
        private final boolean unsigned;
        /** The column's character set where it is not UTF-8, else null. */
        private final Charset charset;
        /** Whether the column is read with {@link Row#getBytes} and written by {@link #fromWire}. */
        final boolean wireBytes;

        Column(int index, Form form, boolean unsigned, Charset charset) {
            this.index = index;
            this.form = form;
            this.unsigned = unsigned;
            this.charset = charset;
            this.wireBytes = form == Form.DECIMAL || form == Form.TIME;
        }

        /** A non-NULL DECIMAL (its digits) or TIME (its fields) from its wire bytes. */
        void fromWire(byte[] v) {
            if (form == Form.TIME) {
                time(index, v);
            } else {
                buf.put(v);
            }
        }

        @Override
        public Void createFromLong(long x) {
            if (form == Form.BOOLEAN) {
                // TINYINT(1) as Connector/J reads it: true for -1 and anything positive, false otherwise.
                boolean truth = unsigned ? x != 0 : x == -1 || x > 0;
                buf.put(truth ? (byte) 't' : (byte) 'f');
            } else {
                buf.writeLong(x);
            }
            return null;
        }

        @Override
        public Void createFromBigInteger(BigInteger x) {
            // A BIGINT UNSIGNED beyond a long.
            buf.ascii(x.toString());
            return null;
        }

        @Override
        public Void createFromYear(long year) {
            buf.writeLong(year);
            return null;
        }

        @Override
        public Void createFromDouble(double d) {
            if (form == Form.REAL) {
                // A FLOAT comes widened to a double; its float's shortest digits read back as that float.
                buf.ascii(Float.toString((float) d));
            } else {
                buf.writeDouble(d);
            }
            return null;
        }

        @Override
        public Void createFromBigDecimal(BigDecimal d) {
            buf.ascii(d.toPlainString());
            return null;
        }

        @Override
        public Void createFromBytes(byte[] bytes, int offset, int length, Field f) {
            if (form == Form.BINARY) {
                buf.put((byte) '\\');
                buf.put((byte) 'x');
                buf.hex(bytes, offset, length, false);
            } else if (charset == null) {
                text(bytes, offset, length);
            } else {
                byte[] utf8 = new String(bytes, offset, length, charset).getBytes(StandardCharsets.UTF_8);
                text(utf8, 0, utf8.length);
            }
            return null;
        }

        @Override
        public Void createFromDate(InternalDate d) {
            dateTime(index, form, d.getYear(), d.getMonth(), d.getDay(), 0, 0, 0, 0);
            return null;
        }

        @Override
        public Void createFromTimestamp(InternalTimestamp t) {
            dateTime(index, form, t.getYear(), t.getMonth(), t.getDay(), t.getHours(), t.getMinutes(), t.getSeconds(),
                    t.getNanos() / 1000);
            return null;
        }

        @Override
        public Void createFromDatetime(InternalTimestamp t) {
            return createFromTimestamp(t);
        }

        @Override
        public Void createFromTime(InternalTime t) {
            throw unexpected("TIME");
        }

        @Override
        public Void createFromBit(byte[] bytes, int offset, int length) {
            throw unexpected("BIT");
        }

        @Override
        public Void createFromNull() {
            // NULL is the empty field.
            return null;
        }

        @Override
        public void setPropertySet(PropertySet properties) {
            // No session property changes how a value is written.
        }

        @Override
        public String getTargetTypeName() {
            return "CSV";
        }

        private ExecutionFailedException unexpected(String type) {
            return new ExecutionFailedException("Copying " + what + " as CSV failed: column "
                    + schema.column(index).name() + " came as a " + type + ", which is not how a " + form + " is copied");
        }
    }

    /** The {@code width} bytes of {@code v} from {@code offset} as a little-endian number. */
    private static long little(byte[] v, int offset, int width) {
        long x = 0;
        for (int i = offset + width - 1; i >= offset; i--) {
            x = (x << 8) | (v[i] & 0xFF);
        }
        return x;
    }

    /**
     * A DATE, DATETIME or TIMESTAMP from its fields. Only zeros is the zero date, which extract
     * reads as NULL. A date with only a zero month or day (allowed without NO_ZERO_IN_DATE) is no
     * date at all: extract fails on it too, so the copy does.
     */
    private void dateTime(int column, Form form, int year, int month, int day, int hour, int minute, int second,
            int micros) {
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
     * A TIME from its wire fields: negative (1 byte), days (4 bytes), hour, minute, second, then
     * maybe microseconds (4 bytes); no fields at all is 00:00:00. It is copied only as a time of
     * day; MySQL's durations (negative, 24 hours or more) are not one.
     */
    private void time(int column, byte[] v) {
        if (v.length < 8) {
            buf.ascii("00:00:00");
            return;
        }
        boolean negative = v[0] != 0;
        long days = little(v, 1, 4);
        int micros = v.length >= 12 ? (int) little(v, 8, 4) : 0;
        int start = buf.length();
        if (negative) {
            buf.put((byte) '-');
        }
        buf.time((int) (days * 24 + v[5]), v[6], v[7], micros, false);
        if (negative || days != 0) {
            throw notExact(column, start, "a TIME outside 00:00:00 to 23:59:59");
        }
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
