package io.osiris.connector.supabase;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A {@link RowStream} over a pgjdbc cursor. Each column of the current row is read once, on
 * first access, with the cheapest getter for its kind; integers and floats stay primitive, so
 * the typed getters do not box.
 */
final class PostgresRowStream implements RowStream {
    private final PostgresClient client;
    private final String what;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rs;
    private final RowSchema schema;
    private final TypeKind[] kinds;
    private final boolean[] arrays;
    private final long[] longs;
    private final double[] doubles;
    private final Object[] objects;
    private final boolean[] nulls;
    /** The row number each column slot was read for; a slot is stale when it differs from {@link #row}. */
    private final long[] readAt;
    private long row;
    private boolean onRow;
    private boolean closed;
    private volatile boolean cancelled;

    PostgresRowStream(PostgresClient client, String what, Connection connection, PreparedStatement statement,
            ResultSet rs, RowSchema schema) throws SQLException {
        this.client = client;
        this.what = what;
        this.connection = connection;
        this.statement = statement;
        this.rs = rs;
        this.schema = schema;
        int n = schema.size();
        kinds = new TypeKind[n];
        arrays = new boolean[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = schema.column(i).type().kind();
            arrays[i] = rs.getMetaData().getColumnType(i + 1) == java.sql.Types.ARRAY
                    || schema.column(i).nativeType().endsWith("[]");
        }
        longs = new long[n];
        doubles = new double[n];
        objects = new Object[n];
        nulls = new boolean[n];
        readAt = new long[n];
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public boolean next() {
        if (closed) {
            onRow = false;
            return false;
        }
        try {
            onRow = rs.next();
            row++;
            return onRow;
        } catch (SQLException e) {
            onRow = false;
            throw client.failure(cancelled ? what + " (cancelled)" : what, e);
        }
    }

    private void load(int column) {
        if (!onRow) {
            throw new IllegalStateException("no current row: call next() first");
        }
        if (readAt[column] == row) {
            return;
        }
        int c = column + 1;
        try {
            switch (kinds[column]) {
                case BOOLEAN -> {
                    longs[column] = rs.getBoolean(c) ? 1 : 0;
                    nulls[column] = rs.wasNull();
                }
                case SMALLINT, INTEGER, BIGINT -> {
                    longs[column] = rs.getLong(c);
                    nulls[column] = rs.wasNull();
                }
                case REAL -> {
                    doubles[column] = rs.getFloat(c);
                    nulls[column] = rs.wasNull();
                }
                case DOUBLE -> {
                    doubles[column] = rs.getDouble(c);
                    nulls[column] = rs.wasNull();
                }
                default -> {
                    Object value = readObject(column, c);
                    objects[column] = value;
                    nulls[column] = value == null;
                }
            }
        } catch (SQLException e) {
            throw client.failure(what + ", reading column " + schema.column(column).name(), e);
        }
        readAt[column] = row;
    }

    private Object readObject(int column, int c) throws SQLException {
        if (arrays[column]) {
            Array array = rs.getArray(c);
            if (array == null) {
                return null;
            }
            try {
                return PostgresTypes.arrayToJson(array.getArray());
            } finally {
                array.free();
            }
        }
        return switch (kinds[column]) {
            case DECIMAL -> rs.getBigDecimal(c);
            case STRING, JSON -> rs.getString(c);
            case DATE -> rs.getObject(c, LocalDate.class);
            case TIME -> rs.getObject(c, LocalTime.class);
            case TIMESTAMP -> rs.getObject(c, LocalDateTime.class);
            case TIMESTAMP_TZ -> utc(rs.getObject(c, OffsetDateTime.class));
            case BINARY -> rs.getBytes(c);
            case UUID -> rs.getObject(c, UUID.class);
            default -> rs.getObject(c);
        };
    }

    private static OffsetDateTime utc(OffsetDateTime value) {
        if (value == null || value.getOffset().equals(ZoneOffset.UTC)) {
            return value;
        }
        try {
            return value.withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return value; // 'infinity' arrives as OffsetDateTime.MAX/MIN, which has no UTC form
        }
    }

    @Override
    public Object get(int column) {
        load(column);
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
        load(column);
        return nulls[column];
    }

    @Override
    public boolean getBoolean(int column) {
        load(column);
        return kinds[column] == TypeKind.BOOLEAN ? longs[column] != 0 : (Boolean) get(column);
    }

    @Override
    public long getLong(int column) {
        load(column);
        return switch (kinds[column]) {
            case SMALLINT, INTEGER, BIGINT, BOOLEAN -> longs[column];
            case REAL, DOUBLE -> (long) doubles[column];
            default -> ((Number) objects[column]).longValue();
        };
    }

    @Override
    public double getDouble(int column) {
        load(column);
        return switch (kinds[column]) {
            case REAL, DOUBLE -> doubles[column];
            case SMALLINT, INTEGER, BIGINT -> longs[column];
            default -> ((Number) objects[column]).doubleValue();
        };
    }

    @Override
    public BigDecimal getDecimal(int column) {
        load(column);
        return kinds[column] == TypeKind.DECIMAL ? (BigDecimal) objects[column] : (BigDecimal) get(column);
    }

    @Override
    public String getString(int column) {
        load(column);
        return (String) objects[column];
    }

    /** Asks the server to stop the query (pgjdbc sends a cancel request on a side connection). */
    @Override
    public void cancel() {
        cancelled = true;
        try {
            statement.cancel();
        } catch (SQLException e) {
            // Nothing to cancel any more, or the server is gone: next() or close() will say so.
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onRow = false;
        // Rollback ends the read-only transaction (and the cursor) before the connection
        // goes back to the pool.
        PostgresExtractor.closeQuietly(rs, statement, connection);
    }
}
