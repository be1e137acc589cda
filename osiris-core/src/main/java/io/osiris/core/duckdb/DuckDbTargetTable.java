package io.osiris.core.duckdb;

import io.osiris.api.connector.SchemaDiff;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * An existing table of a DuckDB file as its loader sees it: columns as portable types and the
 * primary key, for the {@link SchemaDiff} a load judges by its schema policy.
 *
 * @param columns    the table's columns in order
 * @param primaryKey its primary key columns; empty when none
 */
record DuckDbTargetTable(RowSchema columns, List<String> primaryKey) {

    /** Describes {@code name} ({@code [schema, table]}) of the connection's database. */
    static DuckDbTargetTable describe(DuckDBConnection c, String[] name) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, is_nullable FROM duckdb_columns()"
                + " WHERE database_name = current_database() AND schema_name = ? AND table_name = ?"
                + " ORDER BY column_index")) {
            ps.setString(1, name[0]);
            ps.setString(2, name[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnInfo(rs.getString(1), DuckDbTypes.toPortable(rs.getString(2)),
                            rs.getBoolean(3), rs.getString(2), ""));
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT unnest(constraint_column_names) FROM duckdb_constraints()"
                + " WHERE database_name = current_database() AND schema_name = ? AND table_name = ?"
                + " AND constraint_type = 'PRIMARY KEY'")) {
            ps.setString(1, name[0]);
            ps.setString(2, name[1]);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return new DuckDbTargetTable(new RowSchema(columns), key);
    }

    /** The difference between this table and the rows. */
    SchemaDiff diff(RowSchema rows) {
        return SchemaDiff.between(columns, rows);
    }

    /** The key a replaced table keeps: the request's, else this table's where the rows still have all of it. */
    List<String> keyFor(RowSchema rows, List<String> requested) {
        if (!requested.isEmpty()) {
            return requested;
        }
        return primaryKey.stream().allMatch(k -> rows.indexOf(k) >= 0) ? primaryKey : List.of();
    }
}
