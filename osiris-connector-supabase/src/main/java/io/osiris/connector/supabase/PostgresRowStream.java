package io.osiris.connector.supabase;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.JdbcRowStream;
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
 * A row stream over a pgjdbc cursor: arrays as JSON text, TIMESTAMP_TZ in UTC, the rest as
 * pgjdbc reads each kind; {@link JdbcRowStream} keeps numbers primitive.
 */
final class PostgresRowStream extends JdbcRowStream {
    private final PostgresClient client;
    private final String what;
    private final Connection connection;
    private final PreparedStatement statement;
    private final boolean[] arrays;
    private boolean closed;

    PostgresRowStream(PostgresClient client, String what, Connection connection, PreparedStatement statement,
            ResultSet rs, RowSchema schema) throws SQLException {
        super(rs, schema);
        this.client = client;
        this.what = what;
        this.connection = connection;
        this.statement = statement;
        int n = schema.size();
        arrays = new boolean[n];
        for (int i = 0; i < n; i++) {
            arrays[i] = rs.getMetaData().getColumnType(i + 1) == java.sql.Types.ARRAY
                    || schema.column(i).nativeType().endsWith("[]");
        }
    }

    @Override
    protected Object readObject(ResultSet rs, int column, int c, TypeKind kind) throws SQLException {
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
        return switch (kind) {
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

    @Override
    protected RuntimeException failure(String doing, SQLException e) {
        return client.failure(what + ", " + doing, e);
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

    /** Asks the server to stop the query (pgjdbc sends a cancel request on a side connection). */
    @Override
    public void cancel() {
        markCancelled();
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
        end();
        // Rollback ends the read-only transaction (and the cursor) before the connection
        // goes back to the pool.
        PostgresExtractor.closeQuietly(resultSet(), statement, connection);
    }
}
