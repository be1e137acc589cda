package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.JdbcRowStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A row stream over a DuckDB result set; {@link JdbcRowStream} keeps numbers primitive, and
 * {@link #cancel()} interrupts the running query.
 */
final class ResultSetRowStream extends JdbcRowStream {
    private final Connection connection;
    private final boolean ownsConnection;
    private final Statement statement;
    private final String what;
    private boolean closed;

    ResultSetRowStream(Connection connection, boolean ownsConnection, Statement statement, ResultSet rs, String what)
            throws SQLException {
        super(rs, schemaOf(rs.getMetaData()));
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.statement = statement;
        this.what = what;
    }

    static RowSchema schemaOf(ResultSetMetaData md) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String typeName = md.getColumnTypeName(i);
            ColumnType type = DuckDbTypes.toPortable(typeName);
            columns.add(new ColumnInfo(md.getColumnLabel(i), type,
                    md.isNullable(i) != ResultSetMetaData.columnNoNulls, typeName, ""));
        }
        return new RowSchema(columns);
    }

    @Override
    protected Object readObject(ResultSet rs, int column, int c, TypeKind kind) throws SQLException {
        Object value = switch (kind) {
            case DECIMAL -> {
                Object o = rs.getObject(c);
                yield o instanceof BigInteger b ? new BigDecimal(b) : (BigDecimal) o;
            }
            case STRING, JSON -> rs.getString(c);
            case DATE -> toDate(rs.getObject(c));
            case TIME -> toTime(rs.getObject(c));
            case INTERVAL -> {
                String text = rs.getString(c);
                yield text == null ? null : interval(text);
            }
            // Straight from the stored microseconds: getObject(c) builds a java.sql.Timestamp through
            // the JVM's time zone (a third of a 2M-row load's decoding in a profile), and a wall-clock
            // time in that zone's DST gap would come back shifted.
            case TIMESTAMP -> toTimestamp(rs.getObject(c, LocalDateTime.class));
            case TIMESTAMP_TZ -> {
                Object o = rs.getObject(c);
                OffsetDateTime t = o instanceof OffsetDateTime odt ? odt
                        : o == null ? null : rs.getObject(c, OffsetDateTime.class);
                yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case BINARY -> rs.getBytes(c);
            case UUID -> {
                Object o = rs.getObject(c);
                yield o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
            }
            default -> throw new IllegalStateException("not an object kind: " + kind);
        };
        return rs.wasNull() ? null : value;
    }

    @Override
    protected RuntimeException failure(String doing, SQLException e) {
        return new ExecutionFailedException("Reading " + what + " failed (" + doing + "): " + e.getMessage(), e);
    }

    private static LocalDate toDate(Object o) {
        if (o == null || o instanceof LocalDate) {
            return (LocalDate) o;
        }
        return o instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(o.toString());
    }

    private static LocalTime toTime(Object o) {
        if (o == null || o instanceof LocalTime) {
            return (LocalTime) o;
        }
        return o instanceof java.sql.Time t ? t.toLocalTime() : LocalTime.parse(o.toString());
    }

    private static LocalDateTime toTimestamp(Object o) {
        if (o == null || o instanceof LocalDateTime) {
            return (LocalDateTime) o;
        }
        return o instanceof java.sql.Timestamp t ? t.toLocalDateTime() : LocalDateTime.parse(o.toString().replace(' ', 'T'));
    }

    @Override
    public void cancel() {
        markCancelled();
        try {
            statement.cancel();
        } catch (SQLException e) {
            // The query may already have finished; cancelling is best effort by contract.
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        end();
        try (Statement s = statement; ResultSet r = resultSet()) {
            // closed by try-with-resources
        } catch (SQLException e) {
            // Nothing more to release; the connection close below frees the rest.
        }
        if (ownsConnection) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Already released or broken: nothing a reader can do.
            }
        }
    }

    /** DuckDB's text of an interval; one with months has no fixed length and no portable value. */
    private static java.time.Duration interval(String text) {
        try {
            return io.osiris.api.data.Intervals.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ExecutionFailedException("an INTERVAL of '" + text + "' has no fixed length (months or"
                    + " years); cast it to text in the transform, or to a number of seconds with epoch()");
        }
    }
}
