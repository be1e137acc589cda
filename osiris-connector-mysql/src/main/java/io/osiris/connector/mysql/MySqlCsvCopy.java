package io.osiris.connector.mysql;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import io.osiris.jdbc.TextBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One extraction as the CSV of {@link io.osiris.api.connector.capability.CsvExport}: the statement, its streaming result,
 * cancellation, and the choice between two routes that write the same bytes.
 *
 * <p>Why a copy at all: the normal extract decodes every value into a Java object that core
 * then appends to DuckDB one at a time. The rows come over the binary protocol (a server-side
 * prepared statement, streaming) because the server's cost is what bounds a MySQL extract on a
 * small machine: formatting a 2M-row, nine-column table as text took MariaDB 2.6 CPU-seconds,
 * sending it binary 1.7 (bench/README.md, round 5). The session is the extract's: read-only, UTC
 * (so a TIMESTAMP is its UTC time), UTF-8.
 *
 * <p>The routes: {@link WireRowCopy} reads each value from the row's packet inside Connector/J,
 * with no Java object in between, which only a driver whose internals it was checked against can
 * do ({@link DriverGuard}); {@link JdbcRowCopy} reads the same rows through public JDBC getters
 * and is taken for any other driver. The fast route costs a third of the client's CPU time of
 * the public one (MySqlCsvCopyBenchmark).
 *
 * <p>Exactness: a column is copied only where its CSV reads back as what
 * {@link MySqlExtractor#extract} reads. BIT and spatial columns are bytes in a form of their own,
 * and UUIDs are not text MySQL knows: those are declined. A TIME is an elapsed time (INTERVAL),
 * copied as {@code [-]H:MM:SS[.ffffff]}. A value that has no exact form (a date with a zero month
 * or day, which extract cannot read either) fails the copy ({@link CsvFields}). Zero dates are
 * NULL, as extract reads them.
 */
final class MySqlCsvCopy implements CsvCopy {
    private static final Set<String> OWN_BYTE_FORMS = Set.of("bit", "geometry", "point", "linestring", "polygon",
            "multipoint", "multilinestring", "multipolygon", "geometrycollection", "vector");
    /** Rows are handed on in blocks of about this size (the buffer grows past it for a long row). */
    private static final int BLOCK = 64 * 1024;

    private final MySqlClient client;
    private final ReadSession session;
    private final String sql;
    private final long maxRows;
    private final RowSchema schema;
    private final String what;
    private final DriverGuard guard;
    private final TextBuffer buf = new TextBuffer(BLOCK + 4096);
    private volatile Connection running;
    private volatile Statement runningStatement;
    private volatile boolean cancelled;
    private volatile boolean readPackets;

    private MySqlCsvCopy(MySqlClient client, ReadSession session, String sql, long maxRows, RowSchema schema,
            String what, DriverGuard guard) {
        this.client = client;
        this.session = session;
        this.sql = sql;
        this.maxRows = maxRows;
        this.schema = schema;
        this.what = what;
        this.guard = guard;
    }

    /** A copy of {@code sql}, or empty when a column's bytes would not read back as extract reads it. */
    static Optional<CsvCopy> of(MySqlClient client, ReadSession session, String sql, long maxRows, RowSchema schema,
            String what) {
        return of(client, session, sql, maxRows, schema, what, DriverGuard.TESTED);
    }

    /**
     * As {@link #of(MySqlClient, ReadSession, String, long, RowSchema, String)}, the fast route only where
     * {@code guard} accepts the driver.
     */
    static Optional<CsvCopy> of(MySqlClient client, ReadSession session, String sql, long maxRows, RowSchema schema,
            String what, DriverGuard guard) {
        for (ColumnInfo column : schema.columns()) {
            if (!copied(column)) {
                return Optional.empty();
            }
        }
        return Optional.of(new MySqlCsvCopy(client, session, sql, maxRows, schema, what, guard));
    }

    /** Whether a column is copied: not where its bytes are in a form of their own, nor a UUID. */
    static boolean copied(ColumnInfo column) {
        return !OWN_BYTE_FORMS.contains(column.nativeType().toLowerCase(Locale.ROOT))
                && column.type().kind() != TypeKind.UUID;
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public long writeTo(OutputStream out) {
        Connection c = session.open();
        boolean returned = false;
        boolean drained = false;
        try {
            boolean wire = guard.accepts(c);
            PreparedStatement st = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            // Prepared on the client, the rows would come as text, which the wire route does not read.
            wire = wire && WireRowCopy.preparedOnServer(st);
            readPackets = wire;
            // Streaming, as extract does: without it Connector/J buffers the whole result.
            st.setFetchSize(Integer.MIN_VALUE);
            if (maxRows > 0) {
                st.setLargeMaxRows(maxRows);
            }
            running = c;
            runningStatement = st;
            if (cancelled) {
                throw cancelledFailure(null);
            }
            ResultSet rs = st.executeQuery();
            long rows = copy(rs, out, wire);
            drained = true;
            running = null;
            rs.close();
            st.close();
            session.release(c);
            returned = true;
            return rows;
        } catch (SQLException e) {
            throw cancelled ? cancelledFailure(e) : client.failure("Copying " + what + " as CSV failed", e);
        } catch (IOException e) {
            throw new ExecutionFailedException("Copying " + what + " as CSV failed: the rows could not be written on: "
                    + e.getMessage(), e);
        } finally {
            running = null;
            runningStatement = null;
            if (!returned) {
                abandon(c, drained);
            }
        }
    }

    /** Whether the last {@link #writeTo} read the rows' packets ({@link WireRowCopy}) rather than JDBC getters. */
    boolean readPackets() {
        return readPackets;
    }

    private ExecutionFailedException cancelledFailure(SQLException cause) {
        return new ExecutionFailedException("Copying " + what + " as CSV was cancelled", cause);
    }

    /**
     * Closing a streaming result set reads every remaining row off the wire: instead the
     * server's query is stopped and the connection (maybe still read-only) dropped.
     */
    private void abandon(Connection c, boolean drained) {
        if (!drained && !cancelled) {
            try {
                client.killQuery(c);
            } catch (SQLException e) {
                // The connection is dropped next, which ends the query with it.
            }
        }
        client.discard(c);
    }

    @Override
    public void cancel() {
        cancelled = true;
        Connection c = running;
        Statement st = runningStatement;
        if (c == null || st == null) {
            return;
        }
        try {
            // As MySqlExtractor's streams: cancel() covers a statement still executing, KILL QUERY
            // one already streaming.
            st.cancel();
            client.killQuery(c);
        } catch (SQLException e) {
            // Nothing running any more, or the server is gone: writeTo reports what happened.
        }
    }

    private long copy(ResultSet rs, OutputStream out, boolean wire) throws SQLException, IOException {
        int n = schema.size();
        int columns = rs.getMetaData().getColumnCount();
        if (columns != n) {
            throw new ExecutionFailedException("Copying " + what + " as CSV failed: the query returned "
                    + columns + " columns where it was described with " + n);
        }
        CsvFields fields = new CsvFields(buf, schema, what);
        RowCopy rows = wire ? WireRowCopy.open(rs, fields) : JdbcRowCopy.open(rs, fields);
        buf.clear();
        long count = 0;
        while (rows.copyRow(count + 1)) {
            buf.put((byte) '\n');
            count++;
            if (buf.length() >= BLOCK) {
                out.write(buf.array(), 0, buf.length());
                buf.clear();
                if (cancelled) {
                    throw cancelledFailure(null);
                }
            }
        }
        if (cancelled) {
            throw cancelledFailure(null);
        }
        out.write(buf.array(), 0, buf.length());
        buf.clear();
        out.flush();
        return count;
    }

    /** One route's reading of a streaming result's rows into CSV fields. */
    interface RowCopy {
        /**
         * Writes the fields of the next row, comma-separated, without its line end;
         * false when no row is left. {@code row} (from 1) names the row in failures.
         */
        boolean copyRow(long row) throws SQLException;
    }
}
