package io.osiris.connector.supabase;

import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.RowSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * One extraction as {@code COPY (query) TO STDOUT (FORMAT csv)}, in a READ ONLY transaction
 * whose settings pin the text forms the CSV contract of {@link io.osiris.api.connector.capability.CsvExport} promises:
 * UTC for timestamptz (printed with {@code +00}), ISO dates, hex bytea, floats with enough
 * digits to read back exactly. The settings are {@code SET LOCAL}: the rollback at the end
 * restores the pooled session.
 */
final class PostgresCsvCopy implements CsvCopy {
    private final PostgresClient client;
    private final String sql;
    private final PgReadScope scope;
    private final RowSchema schema;
    private final String what;
    private final RunningConnection running = new RunningConnection();

    /** {@code scope}: the snapshot to read in and whether this is one split of several. */
    PostgresCsvCopy(PostgresClient client, String sql, PgReadScope scope, RowSchema schema, String what) {
        this.client = client;
        this.sql = sql;
        this.scope = scope;
        this.schema = schema;
        this.what = what;
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public long writeTo(OutputStream out) {
        try (Connection c = client.connection()) {
            c.setAutoCommit(false);
            // BEGIN READ ONLY, as for every extraction: a second line of defence behind core's SQL check.
            c.setReadOnly(true);
            try {
                scope.begin(c);
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL TimeZone = 'UTC'");
                    s.execute("SET LOCAL DateStyle = 'ISO, YMD'");
                    s.execute("SET LOCAL bytea_output = 'hex'");
                    s.execute("SET LOCAL extra_float_digits = 3");
                }
                running.start(c, what);
                return c.unwrap(PGConnection.class).getCopyAPI()
                        .copyOut("COPY (" + sql + "\n) TO STDOUT (FORMAT csv)", out);
            } finally {
                running.stop();
                c.rollback();
            }
        } catch (SQLException e) {
            throw client.failure(running.cancelled() ? what + " (cancelled)" : what, e);
        } catch (IOException e) {
            throw new ExecutionFailedException(what + " failed: the rows could not be written on: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void cancel() {
        running.cancel();
    }
}
