package io.osiris.connector.mysql;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * {@link MySqlWriter}'s rows as JDBC batches of INSERTs, for servers with {@code local_infile}
 * off: Connector/J rewrites each batch into one multi-row INSERT
 * ({@code rewriteBatchedStatements}).
 */
final class MySqlBatches {
    /** Rows per JDBC batch; Connector/J splits a rewritten batch to fit max_allowed_packet. */
    static final int BATCH_ROWS = 2_000;
    private static final DateTimeFormatter DATETIME_LITERAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final DateTimeFormatter TIME_LITERAL = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS", Locale.ROOT);

    /** Binds and batches every row; returns how many rows were sent. */
    static long send(Connection c, String sql, RowStream rows) throws SQLException {
        RowSchema schema = rows.schema();
        int n = schema.size();
        TypeKind[] kinds = new TypeKind[n];
        int[] sqlTypes = new int[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = schema.column(i).type().kind();
            sqlTypes[i] = MySqlTypes.sqlType(kinds[i]);
        }
        // A client-side statement: Connector/J rewrites its batches into multi-row INSERT text,
        // one round trip per batch (measured faster here than server-side batches).
        com.mysql.cj.jdbc.JdbcConnection mysql = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
        long written = 0;
        int pending = 0;
        try (PreparedStatement ps = mysql.clientPrepareStatement(sql)) {
            while (rows.next()) {
                for (int i = 0; i < n; i++) {
                    bind(ps, i, kinds[i], sqlTypes[i], rows);
                }
                ps.addBatch();
                written++;
                if (++pending == BATCH_ROWS) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        return written;
    }

    private static void bind(PreparedStatement ps, int i, TypeKind kind, int sqlType, RowStream rows)
            throws SQLException {
        int p = i + 1;
        if (rows.isNull(i)) {
            ps.setNull(p, sqlType);
            return;
        }
        switch (kind) {
            case BOOLEAN -> ps.setBoolean(p, rows.getBoolean(i));
            case SMALLINT, INTEGER, BIGINT -> ps.setLong(p, rows.getLong(i));
            case REAL -> ps.setFloat(p, (float) rows.getDouble(i));
            case DOUBLE -> ps.setDouble(p, rows.getDouble(i));
            case DECIMAL -> {
                Object v = rows.get(i);
                ps.setBigDecimal(p, v instanceof BigDecimal d ? d : new BigDecimal(v.toString()));
            }
            case STRING, JSON, UUID -> {
                Object v = rows.get(i);
                ps.setString(p, v instanceof String s ? s : v.toString());
            }
            // Times go as text literals: Connector/J reads MariaDB's version as 5.5.5 (its
            // replication prefix), decides the server has no fractional seconds and would drop
            // them from LocalTime/LocalDateTime parameters.
            case TIMESTAMP_TZ -> ps.setString(p, DATETIME_LITERAL.format(MySqlTypes.utc(rows.get(i))));
            case TIMESTAMP -> ps.setString(p, DATETIME_LITERAL.format((TemporalAccessor) rows.get(i)));
            case TIME -> ps.setString(p, TIME_LITERAL.format((TemporalAccessor) rows.get(i)));
            case INTERVAL -> ps.setString(p, io.osiris.api.data.Intervals.format((java.time.Duration) rows.get(i)));
            case DATE -> ps.setObject(p, rows.get(i));
            case BINARY -> ps.setBytes(p, (byte[]) rows.get(i));
        }
    }

    private MySqlBatches() {
    }
}
