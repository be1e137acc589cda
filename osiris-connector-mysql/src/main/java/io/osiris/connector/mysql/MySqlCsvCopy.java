package io.osiris.connector.mysql;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One extraction as the CSV of {@link IExtractor#csvCopy}, written from MySQL's own text.
 *
 * <p>Why: the normal extract decodes every value into a Java object that core then appends to
 * DuckDB one at a time. Here the rows come over the text protocol (a plain streaming
 * {@link Statement}), where each value already is its text: {@link ResultSet#getBytes} hands
 * over the wire bytes undecoded, and they are copied into the CSV, quoted where needed. The
 * session is the extract's: read-only, UTC (so a TIMESTAMP's text is its UTC time), UTF-8.
 *
 * <p>Exactness: a column is copied only where its text is what {@link MySqlExtractor#extract}
 * reads. FLOAT prints 6 digits (lossy), BIT and spatial columns are bytes in a form of their
 * own: those are declined. A value whose text has no exact form (a TIME beyond 23:59:59, a date
 * with a zero month or day, which extract cannot read either) fails the copy. Zero dates are
 * NULL, as extract reads them. The server sends each column in its own character set
 * ({@code character_set_results} is NULL on Connector/J sessions), so text from a column that
 * is not UTF-8 is decoded and encoded again; UTF-8 text is copied as is.
 */
final class MySqlCsvCopy implements IExtractor.CsvCopy {
    private static final Set<String> OWN_BYTE_FORMS = Set.of("bit", "geometry", "point", "linestring", "polygon",
            "multipoint", "multilinestring", "multipolygon", "geometrycollection", "vector");
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UTC = "+00".getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 64 * 1024;

    /** How a column's text becomes its CSV field. */
    enum Form { NUMBER, TEXT, BOOLEAN, DATE, TIMESTAMP, TIMESTAMP_TZ, TIME, BINARY }

    private final MySqlClient client;
    private final String sql;
    private final long maxRows;
    private final RowSchema schema;
    private final Form[] forms;
    private final String what;
    private final byte[] buf = new byte[BUFFER];
    private int used;
    private volatile Connection running;
    private volatile Statement runningStatement;
    private volatile boolean cancelled;

    private MySqlCsvCopy(MySqlClient client, String sql, long maxRows, RowSchema schema, Form[] forms, String what) {
        this.client = client;
        this.sql = sql;
        this.maxRows = maxRows;
        this.schema = schema;
        this.forms = forms;
        this.what = what;
    }

    /** A copy of {@code sql}, or empty when a column's text would not read back as extract reads it. */
    static Optional<IExtractor.CsvCopy> of(MySqlClient client, String sql, long maxRows, RowSchema schema,
            String what) {
        Form[] forms = new Form[schema.size()];
        for (int i = 0; i < forms.length; i++) {
            Form form = form(schema.column(i));
            if (form == null) {
                return Optional.empty();
            }
            forms[i] = form;
        }
        return Optional.of(new MySqlCsvCopy(client, sql, maxRows, schema, forms, what));
    }

    /** The CSV form of a column, or null when its text is not the value extract reads. */
    static Form form(ColumnInfo column) {
        String nativeType = column.nativeType().toLowerCase(Locale.ROOT);
        if (OWN_BYTE_FORMS.contains(nativeType)) {
            return null;
        }
        return switch (column.type().kind()) {
            case SMALLINT, INTEGER, BIGINT, DECIMAL, DOUBLE -> Form.NUMBER;
            case STRING, JSON -> Form.TEXT;
            case BOOLEAN -> Form.BOOLEAN;
            case DATE -> Form.DATE;
            case TIMESTAMP -> Form.TIMESTAMP;
            case TIMESTAMP_TZ -> Form.TIMESTAMP_TZ;
            case TIME -> Form.TIME;
            case BINARY -> Form.BINARY;
            // FLOAT's text has 6 significant digits where extract reads the exact float.
            case REAL, UUID -> null;
        };
    }

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
            Statement st = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
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
            ResultSet rs = st.executeQuery(sql);
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
        int n = forms.length;
        java.sql.ResultSetMetaData md = rs.getMetaData();
        if (md.getColumnCount() != n) {
            throw new ExecutionFailedException("Copying " + what + " as CSV failed: the query returned "
                    + md.getColumnCount() + " columns where it was described with " + n);
        }
        boolean[] utf8 = new boolean[n];
        com.mysql.cj.jdbc.result.ResultSetMetaData mysqlMd = md.unwrap(com.mysql.cj.jdbc.result.ResultSetMetaData.class);
        for (int i = 0; i < n; i++) {
            utf8[i] = "UTF-8".equalsIgnoreCase(mysqlMd.getColumnCharacterEncoding(i + 1));
        }
        used = 0;
        long rows = 0;
        while (rs.next()) {
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    put(out, (byte) ',');
                }
                Form form = forms[i];
                byte[] v = form == Form.TEXT && !utf8[i] ? utf8(rs.getString(i + 1)) : rs.getBytes(i + 1);
                if (v != null) {
                    field(out, i, form, v);
                }
            }
            put(out, (byte) '\n');
            rows++;
            if (cancelled) {
                throw new ExecutionFailedException("Copying " + what + " as CSV was cancelled");
            }
        }
        if (cancelled) {
            throw new ExecutionFailedException("Copying " + what + " as CSV was cancelled");
        }
        out.write(buf, 0, used);
        used = 0;
        out.flush();
        return rows;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** One non-NULL value, from its text. */
    private void field(OutputStream out, int column, Form form, byte[] v) throws IOException {
        switch (form) {
            case NUMBER -> put(out, v, 0, v.length);
            case TEXT -> text(out, v);
            case BOOLEAN -> put(out, truth(v) ? (byte) 't' : (byte) 'f');
            case DATE, TIMESTAMP, TIMESTAMP_TZ -> {
                if (!zeroDate(column, v)) {
                    put(out, v, 0, v.length);
                    if (form == Form.TIMESTAMP_TZ) {
                        put(out, UTC, 0, UTC.length);
                    }
                }
            }
            case TIME -> {
                checkTime(column, v);
                put(out, v, 0, v.length);
            }
            case BINARY -> {
                put(out, (byte) '\\');
                put(out, (byte) 'x');
                for (byte b : v) {
                    put(out, HEX[(b >> 4) & 0xF]);
                    put(out, HEX[b & 0xF]);
                }
            }
        }
    }

    /**
     * A string: as is, or quoted with quotes doubled when it holds a separator or is empty. Also
     * quoted when it starts or ends with white space, which a CSV reader might trim otherwise.
     */
    private void text(OutputStream out, byte[] v) throws IOException {
        boolean quote = v.length == 0 || blank(v[0]) || blank(v[v.length - 1]);
        for (int i = 0; i < v.length && !quote; i++) {
            byte b = v[i];
            quote = b == ',' || b == '"' || b == '\n' || b == '\r';
        }
        if (!quote) {
            put(out, v, 0, v.length);
            return;
        }
        put(out, (byte) '"');
        int from = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == '"') {
                put(out, v, from, i + 1 - from);
                put(out, (byte) '"');
                from = i + 1;
            }
        }
        put(out, v, from, v.length - from);
        put(out, (byte) '"');
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\t';
    }

    /** TINYINT(1) as Connector/J reads it: true for -1 and anything positive, false otherwise. */
    private static boolean truth(byte[] v) {
        if (v.length > 0 && v[0] == '-') {
            return v.length == 2 && v[1] == '1';
        }
        for (byte b : v) {
            if (b != '0') {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a date's text is the zero date, which extract reads as NULL. A date with only a
     * zero month or day (allowed without NO_ZERO_IN_DATE) is no date at all: extract fails on it
     * too, so the copy does.
     */
    private boolean zeroDate(int column, byte[] v) {
        if (v.length < 10 || !(v[5] == '0' && v[6] == '0' || v[8] == '0' && v[9] == '0')) {
            return false;
        }
        for (byte b : v) {
            if (b >= '1' && b <= '9') {
                throw notExact(column, v, "a date with a zero month or day");
            }
        }
        return true;
    }

    /** A TIME is copied only as a time of day; MySQL's durations (negative, past 24h) are not one. */
    private void checkTime(int column, byte[] v) {
        boolean ok = v.length >= 8 && v[2] == ':' && v[5] == ':' && (v.length == 8 || v[8] == '.')
                && digit(v[0]) && digit(v[1]) && digit(v[3]) && digit(v[4]) && digit(v[6]) && digit(v[7])
                && (v[0] - '0') * 10 + (v[1] - '0') <= 23 && v[3] <= '5' && v[6] <= '5';
        if (!ok) {
            throw notExact(column, v, "a TIME outside 00:00:00 to 23:59:59");
        }
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    private ExecutionFailedException notExact(int column, byte[] v, String why) {
        return new ExecutionFailedException("Copying " + what + " as CSV failed: column "
                + schema.column(column).name() + " holds '" + new String(v, StandardCharsets.ISO_8859_1) + "', "
                + why + ", which has no portable value");
    }

    private void put(OutputStream out, byte b) throws IOException {
        if (used == buf.length) {
            out.write(buf, 0, used);
            used = 0;
        }
        buf[used++] = b;
    }

    private void put(OutputStream out, byte[] b, int off, int len) throws IOException {
        if (len > buf.length - used) {
            out.write(buf, 0, used);
            used = 0;
            if (len > buf.length) {
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, used, len);
        used += len;
    }
}
