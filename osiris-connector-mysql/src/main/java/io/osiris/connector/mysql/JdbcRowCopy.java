package io.osiris.connector.mysql;

import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The public route of {@link MySqlCsvCopy}: each value read with a JDBC getter and written as
 * {@link WireRowCopy} writes it from the row's bytes, for a driver whose internals that route was
 * not checked against ({@link DriverGuard}).
 *
 * <p>TIMEs are read as the driver's text of their fields ({@code getString}), not as
 * {@code LocalTime}s, which drop the sign of a negative TIME; dates as {@code java.time} values
 * (the driver formats text with {@code String.format}, ten times slower), and as text where the
 * driver cannot build one (a zero month or day), so that the copy fails on it as the fast route
 * does. Decimals
 * are read as {@code BigDecimal}s and written plain: the server's text of a wide zero is
 * {@code 0.000...}, which {@code toString} would turn into {@code 0E-30}.
 */
final class JdbcRowCopy implements MySqlCsvCopy.RowCopy {
    /** How a column is read. */
    private enum Read { INTEGER, DECIMAL, REAL, DOUBLE, BOOLEAN, TEXT, BINARY, DATE, TIMESTAMP, TIMESTAMP_TZ, TIME }

    private final ResultSet rs;
    private final Read[] reads;
    private final CsvFields out;
    private final TextBuffer buf;
    /** A date-time's fields as {@link #fields} parses them: year, month, day, hour, minute, second, micros. */
    private final long[] parsed = new long[7];

    private JdbcRowCopy(ResultSet rs, Read[] reads, CsvFields out) {
        this.rs = rs;
        this.reads = reads;
        this.out = out;
        this.buf = out.buf;
    }

    /** The rows of {@code rs}, read column by column with public getters. */
    static JdbcRowCopy open(ResultSet rs, CsvFields out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Read[] reads = new Read[md.getColumnCount()];
        for (int i = 0; i < reads.length; i++) {
            int sqlType = md.getColumnType(i + 1);
            boolean decimal = sqlType == Types.DECIMAL || sqlType == Types.NUMERIC;
            reads[i] = switch (out.schema().column(i).type().kind()) {
                case SMALLINT, INTEGER, BIGINT -> Read.INTEGER;
                // A DECIMAL, a BIGINT UNSIGNED (beyond a long), and a DECIMAL too wide to be one.
                case DECIMAL -> Read.DECIMAL;
                case STRING -> decimal ? Read.DECIMAL : Read.TEXT;
                case JSON -> Read.TEXT;
                case REAL -> Read.REAL;
                case DOUBLE -> Read.DOUBLE;
                case BOOLEAN -> Read.BOOLEAN;
                case BINARY -> Read.BINARY;
                case DATE -> Read.DATE;
                case TIMESTAMP -> Read.TIMESTAMP;
                case TIMESTAMP_TZ -> Read.TIMESTAMP_TZ;
                case TIME, INTERVAL -> Read.TIME;
                case UUID -> throw out.failure("column " + out.name(i) + " is a UUID, which is not copied");
            };
        }
        return new JdbcRowCopy(rs, reads, out);
    }

    @Override
    public boolean copyRow(long row) throws SQLException {
        if (!rs.next()) {
            return false;
        }
        for (int i = 0; i < reads.length; i++) {
            if (i > 0) {
                buf.put((byte) ',');
            }
            write(i, i + 1);
        }
        return true;
    }

    /** Writes column {@code i} ({@code c} in JDBC's count), nothing for a NULL. */
    private void write(int i, int c) throws SQLException {
        switch (reads[i]) {
            case INTEGER -> {
                long v = rs.getLong(c);
                if (!rs.wasNull()) {
                    buf.writeLong(v);
                }
            }
            case REAL -> {
                float v = rs.getFloat(c);
                if (!rs.wasNull()) {
                    buf.ascii(Float.toString(v));
                }
            }
            case DOUBLE -> {
                double v = rs.getDouble(c);
                if (!rs.wasNull()) {
                    buf.writeDouble(v);
                }
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(c);
                if (!rs.wasNull()) {
                    buf.put(v ? (byte) 't' : (byte) 'f');
                }
            }
            case DECIMAL -> {
                BigDecimal v = rs.getBigDecimal(c);
                if (v != null) {
                    buf.ascii(v.toPlainString());
                }
            }
            case TEXT -> {
                String v = rs.getString(c);
                if (v != null) {
                    out.text(v);
                }
            }
            case BINARY -> {
                byte[] v = rs.getBytes(c);
                if (v != null) {
                    buf.put((byte) '\\');
                    buf.put((byte) 'x');
                    buf.hex(v, 0, v.length, false);
                }
            }
            case DATE, TIMESTAMP, TIMESTAMP_TZ -> dateTime(i, c);
            default -> time(i, c);
        }
    }

    /**
     * A TIME, as the elapsed time it is, from the bytes the server sent ({@link ElapsedTime}): the
     * driver's own text and {@code LocalTime} lose the sign of some negative TIMEs.
     */
    private void time(int i, int c) throws SQLException {
        byte[] bytes = rs.getBytes(c);
        if (bytes == null) {
            return;
        }
        java.time.Duration d = ElapsedTime.read(bytes);
        java.time.Duration abs = d.abs();
        out.time(i, d.isNegative(), abs.toHours(), abs.toMinutesPart(), abs.toSecondsPart(), abs.toNanosPart() / 1000);
    }

    /**
     * A DATE, DATETIME or TIMESTAMP as a {@code java.time} value, which the driver builds without
     * formatting text; one it cannot build (a zero month or day) is read again as text, which
     * fails the copy naming the value.
     */
    private void dateTime(int i, int c) throws SQLException {
        Read read = reads[i];
        if (read == Read.DATE) {
            LocalDate d;
            try {
                d = rs.getObject(c, LocalDate.class);
            } catch (SQLException | java.time.DateTimeException notADate) {
                temporal(i, c);
                return;
            }
            if (d != null) {
                out.dateTime(i, false, false, d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 0, 0, 0, 0);
            }
            return;
        }
        LocalDateTime t;
        try {
            t = rs.getObject(c, LocalDateTime.class);
        } catch (SQLException | java.time.DateTimeException notADate) {
            temporal(i, c);
            return;
        }
        if (t != null) {
            out.dateTime(i, true, read == Read.TIMESTAMP_TZ, t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                    t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
        }
    }

    /** A date the driver could not build, from the driver's text of its fields. */
    private void temporal(int i, int c) throws SQLException {
        String v = rs.getString(c);
        if (v == null) {
            return;
        }
        long[] f = parsed;
        Read read = reads[i];
        if (!fields(v, f)) {
            throw out.failure("column " + out.name(i) + " holds '" + v + "', which is not a date");
        }
        out.dateTime(i, read != Read.DATE, read == Read.TIMESTAMP_TZ, (int) f[0], (int) f[1], (int) f[2],
                (int) f[3], (int) f[4], (int) f[5], (int) f[6]);
    }

    /**
     * Parses {@code YYYY-MM-DD[ HH:MM:SS[.fraction]]} into {@code f}: year, month, day, hour,
     * minute, second and microseconds, the fields not given zero. False where {@code v} is not that.
     */
    static boolean fields(String v, long[] f) {
        java.util.Arrays.fill(f, 0);
        int field = 0;
        int at = 0;
        int n = v.length();
        for (;;) {
            int start = at;
            long value = 0;
            while (at < n && Character.isDigit(v.charAt(at))) {
                value = value * 10 + (v.charAt(at++) - '0');
            }
            if (at == start || at - start > 12) {
                return false;
            }
            f[field] = value;
            if (at == n) {
                // A date alone ends after its day; a time needs its seconds.
                return field == 2 || field == 5;
            }
            char separator = v.charAt(at++);
            boolean expected = field < 2 ? separator == '-' : field == 2 ? separator == ' ' || separator == 'T'
                    : field < 5 && separator == ':';
            if (!expected) {
                return field == 5 && separator == '.' && micros(v, at, f);
            }
            field++;
        }
    }

    /** The fraction of a second at {@code at}, to the end of {@code v}, as microseconds. */
    private static boolean micros(String v, int at, long[] f) {
        long micros = 0;
        int digits = 0;
        for (int i = at; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (!Character.isDigit(ch)) {
                return false;
            }
            if (digits++ < 6) {
                micros = micros * 10 + (ch - '0');
            }
        }
        for (; digits < 6; digits++) {
            micros *= 10;
        }
        f[6] = micros;
        return at < v.length();
    }
}
