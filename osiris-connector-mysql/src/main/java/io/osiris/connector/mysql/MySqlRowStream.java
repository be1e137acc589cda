package io.osiris.connector.mysql;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.JdbcRowStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A streaming result set as a row stream: {@link JdbcRowStream} keeps numbers primitive; the
 * rest as Connector/J reads each kind, TIMESTAMP_TZ from the session's UTC wall clock.
 */
final class MySqlRowStream extends JdbcRowStream {
    private final MySqlClient client;
    private final ReadSession session;
    private final Connection connection;
    private final PreparedStatement statement;
    private final String what;
    /** DECIMALs wider than 38 digits, which read as their plain text (not {@code 0E-30}). */
    private final boolean[] wideDecimal;
    private boolean closed;

    MySqlRowStream(MySqlClient client, ReadSession session, Connection connection, PreparedStatement statement,
            ResultSet rs, RowSchema schema, String what) {
        super(rs, schema);
        this.client = client;
        this.session = session;
        this.connection = connection;
        this.statement = statement;
        this.what = what;
        this.wideDecimal = new boolean[schema.size()];
        for (int i = 0; i < wideDecimal.length; i++) {
            wideDecimal[i] = schema.column(i).type().kind() == TypeKind.STRING
                    && schema.column(i).nativeType().startsWith("decimal");
        }
    }

    @Override
    protected Object readObject(ResultSet rs, int column, int c, TypeKind kind) throws SQLException {
        if (wideDecimal[column]) {
            java.math.BigDecimal d = rs.getBigDecimal(c);
            return d == null ? null : d.toPlainString();
        }
        return switch (kind) {
            case DECIMAL -> rs.getBigDecimal(c);
            case STRING, JSON -> rs.getString(c);
            case DATE -> rs.getObject(c, LocalDate.class);
            case TIME -> rs.getObject(c, LocalTime.class);
            case INTERVAL -> {
                byte[] bytes = rs.getBytes(c);
                yield bytes == null ? null : ElapsedTime.read(bytes);
            }
            case TIMESTAMP -> rs.getObject(c, LocalDateTime.class);
            case TIMESTAMP_TZ -> {
                // The session time zone is UTC, so the wall-clock value is the UTC instant.
                LocalDateTime utc = rs.getObject(c, LocalDateTime.class);
                yield utc == null ? null : utc.atOffset(ZoneOffset.UTC);
            }
            case BINARY -> rs.getBytes(c);
            case UUID -> {
                String text = rs.getString(c);
                yield text == null ? null : UUID.fromString(text);
            }
            default -> throw new IllegalStateException("not an object kind: " + kind);
        };
    }

    @Override
    protected RuntimeException failure(String doing, SQLException e) {
        return client.failure("Reading " + what + " failed (" + doing + ")", e);
    }

    /**
     * Stops the server sending rows. {@link java.sql.Statement#cancel()} covers a statement
     * still executing; once Connector/J is streaming it no longer counts the statement as
     * executing, so the client also sends {@code KILL QUERY} for the connection.
     */
    @Override
    public void cancel() {
        if (closed || exhausted()) {
            return;
        }
        markCancelled();
        try {
            statement.cancel();
            client.killQuery(connection);
        } catch (SQLException e) {
            throw client.failure("Cancelling " + what + " failed", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        end();
        if (!exhausted() || cancelled()) {
            abandon();
            return;
        }
        try {
            try (statement; ResultSet rs = resultSet()) {
                // closed in reverse order by try-with-resources
            }
            session.release(connection);
        } catch (SQLException e) {
            client.discard(connection);
            throw client.failure("Closing " + what + " failed", e);
        }
    }

    /**
     * Closing a streaming result set would read every remaining row off the wire. When the
     * reader stops early, stop the server's work, drop the physical connection without
     * draining it, and let the pool discard it.
     */
    private void abandon() {
        SQLException failure = null;
        try {
            if (!cancelled()) {
                client.killQuery(connection);
            }
        } catch (SQLException e) {
            failure = e;
        }
        client.discard(connection);
        if (failure != null) {
            throw client.failure("Stopping " + what + " early failed", failure);
        }
    }
}
