package io.osiris.core.duckdb;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Copies a {@link RowStream} into an existing DuckDB table through the Appender, the fastest
 * way into DuckDB: typed appends, no SQL per row. Counts rows and an estimate of the bytes.
 */
final class AppenderWriter {
    /** Called every {@link #REPORT_EVERY} rows with the rows so far. */
    interface Progress {
        void rows(long rowsSoFar, long bytesSoFar);
    }

    static final int REPORT_EVERY = 65_536;

    /** What was appended. */
    record Appended(long rows, long bytes) {
    }

    private AppenderWriter() {
    }

    /**
     * Appends every row; flushes before returning so constraint violations surface here.
     *
     * @param stopped checked between batches; when true the copy stops with an exception
     */
    static Appended append(DuckDBConnection connection, String schema, String table, RowStream rows,
            Progress progress, BooleanSupplier stopped) throws SQLException {
        RowSchema rowSchema = rows.schema();
        int n = rowSchema.size();
        TypeKind[] kinds = new TypeKind[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = rowSchema.column(i).type().kind();
        }
        long count = 0;
        long bytes = 0;
        try (DuckDBAppender appender = connection.createAppender(schema, table)) {
            while (rows.next()) {
                appender.beginRow();
                for (int i = 0; i < n; i++) {
                    bytes += appendValue(appender, rows, i, kinds[i]);
                }
                appender.endRow();
                count++;
                if (count % REPORT_EVERY == 0) {
                    if (stopped.getAsBoolean()) {
                        throw new SQLException("cancelled");
                    }
                    progress.rows(count, bytes);
                }
            }
            // Without an explicit flush a failing close can be swallowed; flush surfaces the error.
            appender.flush();
        }
        return new Appended(count, bytes);
    }

    private static int appendValue(DuckDBAppender a, RowStream rows, int i, TypeKind kind) throws SQLException {
        if (rows.isNull(i)) {
            a.appendNull();
            return 1;
        }
        switch (kind) {
            case BOOLEAN -> {
                a.append(rows.getBoolean(i));
                return 1;
            }
            case SMALLINT -> {
                a.append((short) rows.getLong(i));
                return 2;
            }
            case INTEGER -> {
                a.append((int) rows.getLong(i));
                return 4;
            }
            case BIGINT -> {
                a.append(rows.getLong(i));
                return 8;
            }
            case REAL -> {
                a.append((float) rows.getDouble(i));
                return 4;
            }
            case DOUBLE -> {
                a.append(rows.getDouble(i));
                return 8;
            }
            case DECIMAL -> {
                a.append(rows.getDecimal(i));
                return 16;
            }
            case STRING, JSON -> {
                String s = rows.getString(i);
                a.append(s);
                return s.length();
            }
            case DATE -> {
                a.append((LocalDate) rows.get(i));
                return 4;
            }
            case TIME -> {
                a.append((LocalTime) rows.get(i));
                return 8;
            }
            case TIMESTAMP -> {
                a.append((LocalDateTime) rows.get(i));
                return 8;
            }
            case TIMESTAMP_TZ -> {
                a.append((OffsetDateTime) rows.get(i));
                return 8;
            }
            case BINARY -> {
                byte[] b = (byte[]) rows.get(i);
                a.append(b);
                return b.length;
            }
            case UUID -> {
                a.append((UUID) rows.get(i));
                return 16;
            }
            default -> throw new IllegalStateException("unmapped kind " + kind);
        }
    }

    /** Column definitions for a {@code CREATE TABLE} holding rows of this schema. */
    static String columnsDdl(RowSchema schema, java.util.List<String> primaryKey) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < schema.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            var c = schema.column(i);
            sb.append(Sql.quote(c.name())).append(' ').append(DuckDbTypes.toDuckDb(c.type()));
            if (!c.nullable() || primaryKey.contains(c.name())) {
                sb.append(" NOT NULL");
            }
        }
        if (!primaryKey.isEmpty()) {
            sb.append(", PRIMARY KEY (");
            for (int i = 0; i < primaryKey.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(Sql.quote(primaryKey.get(i)));
            }
            sb.append(')');
        }
        return sb.append(')').toString();
    }

}
