package io.osiris.jdbc;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A {@link RowStream} over a JDBC {@link ResultSet}, for connectors to extend. Each column of
 * the current row is read at most once, on first access, into a typed slot: booleans and
 * integers with {@code getLong}, floats with {@code getFloat}/{@code getDouble}, so the typed
 * getters allocate nothing; every other kind through {@link #readObject}, which a subclass
 * writes for its driver.
 *
 * <p>A subclass also says how a failure reads ({@link #failure}) and releases what it holds in
 * {@link #close()}. Once {@link #cancel()} was called the stream ends: {@link #next()} returns
 * false, also when the read fails (the driver's error is then only the echo of the cancel).
 */
public abstract class JdbcRowStream implements RowStream {
    private final ResultSet rs;
    private final RowSchema schema;
    private final TypeKind[] kinds;
    private final boolean[] nulls;
    private final long[] longs;
    private final double[] doubles;
    private final Object[] objects;
    /** The row each slot was read for; a slot is stale when it differs from {@link #row}. */
    private final long[] readAt;
    private long row;
    private boolean onRow;
    private boolean ended;
    private boolean exhausted;
    private volatile boolean cancelled;

    /**
     * @param rs     the result set, positioned before its first row
     * @param schema the columns of {@code rs}, in order, with the portable kinds to read
     */
    protected JdbcRowStream(ResultSet rs, RowSchema schema) {
        this.rs = rs;
        this.schema = schema;
        int n = schema.size();
        this.kinds = new TypeKind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
        this.nulls = new boolean[n];
        this.longs = new long[n];
        this.doubles = new double[n];
        this.objects = new Object[n];
        this.readAt = new long[n];
    }

    /**
     * Reads a column of a kind with no primitive slot (decimals, strings, dates and times,
     * binary, UUID, JSON) from the current row, or null for SQL NULL.
     *
     * @param column     the 0-based column
     * @param jdbcColumn the same column for JDBC (1-based)
     */
    protected abstract Object readObject(ResultSet rs, int column, int jdbcColumn, TypeKind kind)
            throws SQLException;

    /** The exception for a failed step, {@code doing} saying which ("reading column x"). */
    protected abstract RuntimeException failure(String doing, SQLException e);

    /** The result set, for {@link #close()}. */
    protected final ResultSet resultSet() {
        return rs;
    }

    /** Whether the rows ran out (rather than the stream being closed or cancelled early). */
    protected final boolean exhausted() {
        return exhausted;
    }

    /** Whether {@link #cancel()} was called. */
    protected final boolean cancelled() {
        return cancelled;
    }

    /** Ends the stream: {@link #next()} returns false from now on. For {@link #close()}. */
    protected final void end() {
        ended = true;
        onRow = false;
    }

    /**
     * Marks the stream cancelled; a subclass's {@link #cancel()} calls this first, then asks its
     * driver to stop.
     */
    protected final void markCancelled() {
        cancelled = true;
    }

    @Override
    public final RowSchema schema() {
        return schema;
    }

    @Override
    public final boolean next() {
        onRow = false;
        if (ended || cancelled) {
            return false;
        }
        try {
            if (!rs.next()) {
                ended = true;
                exhausted = true;
                return false;
            }
        } catch (SQLException e) {
            ended = true;
            if (cancelled) {
                return false;
            }
            throw failure("reading the next row", e);
        }
        row++;
        onRow = true;
        return true;
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
                    Object value = readObject(rs, column, c, kinds[column]);
                    objects[column] = value;
                    nulls[column] = value == null;
                }
            }
        } catch (SQLException e) {
            throw failure("reading column " + schema.column(column).name(), e);
        }
        readAt[column] = row;
    }

    @Override
    public final Object get(int column) {
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
    public final boolean isNull(int column) {
        load(column);
        return nulls[column];
    }

    @Override
    public final boolean getBoolean(int column) {
        load(column);
        return kinds[column] == TypeKind.BOOLEAN ? longs[column] != 0 : (Boolean) get(column);
    }

    @Override
    public final long getLong(int column) {
        load(column);
        return switch (kinds[column]) {
            case BOOLEAN, SMALLINT, INTEGER, BIGINT -> longs[column];
            case REAL, DOUBLE -> (long) doubles[column];
            default -> ((Number) get(column)).longValue();
        };
    }

    @Override
    public final double getDouble(int column) {
        load(column);
        return switch (kinds[column]) {
            case REAL, DOUBLE -> doubles[column];
            case BOOLEAN, SMALLINT, INTEGER, BIGINT -> longs[column];
            default -> ((Number) get(column)).doubleValue();
        };
    }

    @Override
    public final BigDecimal getDecimal(int column) {
        return (BigDecimal) get(column);
    }

    @Override
    public final String getString(int column) {
        return (String) get(column);
    }
}
