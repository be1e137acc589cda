package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBConnection;

/** Streams a query or a table out of a DuckDB file. */
final class DuckDbExtractor implements IExtractor {
    private final DuckDbConnector connector;

    DuckDbExtractor(DuckDbConnector connector) {
        this.connector = connector;
    }

    static String sqlOf(Extraction extraction) {
        String sql;
        if (extraction instanceof Extraction.Query q) {
            sql = extraction.limit() > 0 ? "SELECT * FROM (" + q.sql() + ") AS osiris_q" : q.sql();
        } else {
            Extraction.Table t = (Extraction.Table) extraction;
            String columns = t.columns().isEmpty() ? "*"
                    : String.join(", ", t.columns().stream().map(Sql::quote).toList());
            String[] name = DuckDbConnector.split(t.table());
            sql = "SELECT " + columns + " FROM " + Sql.quote(name[0]) + "." + Sql.quote(name[1])
                    + (t.where().isBlank() ? "" : " WHERE " + t.where());
        }
        return extraction.limit() > 0 ? sql + " LIMIT " + extraction.limit() : sql;
    }

    private String label(Extraction extraction) {
        return extraction instanceof Extraction.Table t ? "table " + t.table() + " of DuckDB file " + connector.path()
                : "query on DuckDB file " + connector.path();
    }

    @Override
    public RowStream extract(Extraction extraction) {
        String sql = sqlOf(extraction);
        DuckDBConnection connection = connector.connect(false);
        Statement statement = null;
        try {
            readOnly(connection);
            statement = connection.createStatement();
            ResultSet rs = statement.executeQuery(sql);
            return new ResultSetRowStream(connection, true, statement, rs, label(extraction));
        } catch (SQLException e) {
            closeQuietly(statement);
            closeQuietly(connection);
            throw new ExecutionFailedException("Extracting the " + label(extraction) + " failed: "
                    + Lockdown.explain(e.getMessage()), e);
        }
    }

    /**
     * Runs what follows on the connection in a read-only transaction, so an extraction can never
     * write, whatever its SQL; closing the connection ends it.
     */
    private static void readOnly(DuckDBConnection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN TRANSACTION READ ONLY");
        }
    }

    @Override
    public RowSchema describe(Extraction extraction) {
        try (DuckDBConnection connection = connector.connect(false)) {
            readOnly(connection);
            try (PreparedStatement ps = connection.prepareStatement(sqlOf(extraction))) {
                return ResultSetRowStream.schemaOf(ps.getMetaData());
            }
        } catch (SQLException e) {
            throw new ExecutionFailedException("Describing the " + label(extraction) + " failed: "
                    + Lockdown.explain(e.getMessage()), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // Already failing: the original error is the one to report.
            }
        }
    }
}
