package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
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
 * A {@link RowStream} over a DuckDB result set. Each row is read once into typed slots so
 * numbers and booleans never box; {@link #cancel()} interrupts the running query.
 */
final class ResultSetRowStream implements RowStream {
    private final Connection connection;
    private final boolean ownsConnection;
    private final Statement statement;
    private final ResultSet rs;
    private final RowSchema schema;
    private final TypeKind[] kinds;
    private final String what;
    private final long[] longs;
    private final double[] doubles;
    private final Object[] objects;
    private final boolean[] nulls;
    private volatile boolean cancelled;
    private boolean closed;

    ResultSetRowStream(Connection connection, boolean ownsConnection, Statement statement, ResultSet rs, String what)
            throws SQLException {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.statement = statement;
        this.rs = rs;
        this.what = what;
        this.schema = schemaOf(rs.getMetaData());
        int n = schema.size();
        this.kinds = new TypeKind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
        this.longs = new long[n];
        this.doubles = new double[n];
        this.objects = new Object[n];
        this.nulls = new boolean[n];
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
    public RowSchema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (closed || cancelled) {
            return false;
        }
        try {
            if (!rs.next()) {
                return false;
            }
            for (int i = 0; i < kinds.length; i++) {
                read(i);
            }
            return true;
        } catch (SQLException e) {
            if (cancelled) {
                return false;
            }
            throw new ExecutionFailedException("Reading " + what + " failed: " + e.getMessage(), e);
        }
    }

    private void read(int i) throws SQLException {
        int c = i + 1;
        objects[i] = null;
        switch (kinds[i]) {
            case BOOLEAN -> longs[i] = rs.getBoolean(c) ? 1 : 0;
            case SMALLINT, INTEGER, BIGINT -> longs[i] = rs.getLong(c);
            case REAL, DOUBLE -> doubles[i] = rs.getDouble(c);
            case DECIMAL -> {
                Object o = rs.getObject(c);
                objects[i] = o instanceof BigInteger b ? new BigDecimal(b) : (BigDecimal) o;
            }
            case STRING, JSON -> objects[i] = rs.getString(c);
            case DATE -> objects[i] = toDate(rs.getObject(c));
            case TIME -> objects[i] = toTime(rs.getObject(c));
            // Straight from the stored microseconds: getObject(c) builds a java.sql.Timestamp through
            // the JVM's time zone (a third of a 2M-row load's decoding in a profile), and a wall-clock
            // time in that zone's DST gap would come back shifted.
            case TIMESTAMP -> objects[i] = toTimestamp(rs.getObject(c, LocalDateTime.class));
            case TIMESTAMP_TZ -> {
                Object o = rs.getObject(c);
                OffsetDateTime t = o instanceof OffsetDateTime odt ? odt
                        : o == null ? null : rs.getObject(c, OffsetDateTime.class);
                objects[i] = t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
            }
            case BINARY -> objects[i] = rs.getBytes(c);
            case UUID -> {
                Object o = rs.getObject(c);
                objects[i] = o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
            }
        }
        nulls[i] = rs.wasNull();
        if (nulls[i]) {
            objects[i] = null;
        }
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
    public Object get(int column) {
        if (nulls[column]) {
            return null;
        }
        return switch (kinds[column]) {
            case BOOLEAN -> longs[column] != 0;
            case SMALLINT -> (short) longs[column];
            case INTEGER -> (int) longs[column];
            case BIGINT -> longs[column];
            case REAL -> (float) doubles[column];
            case DOUBLE -> doubles[column];
            default -> objects[column];
        };
    }

    @Override
    public boolean isNull(int column) {
        return nulls[column];
    }

    @Override
    public boolean getBoolean(int column) {
        return longs[column] != 0;
    }

    @Override
    public long getLong(int column) {
        return kinds[column] == TypeKind.DECIMAL ? ((BigDecimal) objects[column]).longValue() : longs[column];
    }

    @Override
    public double getDouble(int column) {
        return switch (kinds[column]) {
            case REAL, DOUBLE -> doubles[column];
            case DECIMAL -> ((BigDecimal) objects[column]).doubleValue();
            default -> longs[column];
        };
    }

    @Override
    public BigDecimal getDecimal(int column) {
        return (BigDecimal) objects[column];
    }

    @Override
    public String getString(int column) {
        return (String) objects[column];
    }

    @Override
    public void cancel() {
        cancelled = true;
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
        try (Statement s = statement; ResultSet r = rs) {
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
}
