package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The schema, without running the statement. DuckDB's result metadata does not say which
     * columns are NOT NULL; for a table, the catalog does (key columns included).
     */
    @Override
    public RowSchema describe(Extraction extraction) {
        try (DuckDBConnection connection = connector.connect(false)) {
            readOnly(connection);
            RowSchema schema;
            try (PreparedStatement ps = connection.prepareStatement(sqlOf(extraction))) {
                schema = ResultSetRowStream.schemaOf(ps.getMetaData());
            }
            return extraction instanceof Extraction.Table t ? withCatalogNullability(connection, t, schema) : schema;
        } catch (SQLException e) {
            throw new ExecutionFailedException("Describing the " + label(extraction) + " failed: "
                    + Lockdown.explain(e.getMessage()), e);
        }
    }

    private static RowSchema withCatalogNullability(DuckDBConnection connection, Extraction.Table table,
            RowSchema schema) throws SQLException {
        String[] name = DuckDbConnector.split(table.table());
        java.util.Set<String> notNull = new java.util.HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT column_name FROM duckdb_columns()"
                + " WHERE database_name = current_database() AND schema_name = ? AND table_name = ?"
                + " AND NOT is_nullable")) {
            ps.setString(1, name[0]);
            ps.setString(2, name[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    notNull.add(rs.getString(1));
                }
            }
        }
        List<ColumnInfo> columns = new ArrayList<>(schema.columns());
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo c = columns.get(i);
            if (c.nullable() && notNull.contains(c.name())) {
                columns.set(i, new ColumnInfo(c.name(), c.type(), false, c.nativeType(), c.comment()));
            }
        }
        return new RowSchema(columns);
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
