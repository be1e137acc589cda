package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowStream;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.duckdb.DuckDBConnection;

/** Tables, columns, keys and samples of a DuckDB file, from DuckDB's catalog functions. */
final class DuckDbDiscovery implements IDiscovery {
    private final DuckDbConnector connector;

    DuckDbDiscovery(DuckDbConnector connector) {
        this.connector = connector;
    }

    private static String displayName(String schema, String table) {
        return schema.equals("main") ? table : schema + "." + table;
    }

    @Override
    public List<TableSummary> listTables() {
        String sql = "SELECT schema_name, table_name, estimated_size, 'TABLE' FROM duckdb_tables() "
                + "WHERE NOT internal AND database_name = current_database() "
                + "UNION ALL SELECT schema_name, view_name, -1, 'VIEW' FROM duckdb_views() "
                + "WHERE NOT internal AND database_name = current_database()";
        try (DuckDBConnection c = connector.connect(false); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<TableSummary> tables = new ArrayList<>();
            while (rs.next()) {
                tables.add(new TableSummary(displayName(rs.getString(1), rs.getString(2)),
                        TableKind.valueOf(rs.getString(4)), rs.getLong(3)));
            }
            tables.sort(Comparator.comparing(TableSummary::name));
            return tables;
        } catch (SQLException e) {
            throw new ExecutionFailedException("Listing tables of DuckDB file " + connector.path() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public TableInfo getTableInfo(String table, int sampleRows) {
        String[] name = DuckDbConnector.split(table);
        try (DuckDBConnection c = connector.connect(false)) {
            List<ColumnInfo> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type, is_nullable, comment "
                    + "FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = ? "
                    + "AND table_name = ? ORDER BY column_index")) {
                ps.setString(1, name[0]);
                ps.setString(2, name[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String type = rs.getString(2);
                        String comment = rs.getString(4);
                        columns.add(new ColumnInfo(rs.getString(1), DuckDbTypes.toPortable(type), rs.getBoolean(3),
                                type, comment == null ? "" : comment));
                    }
                }
            }
            if (columns.isEmpty()) {
                throw new ExecutionFailedException("Table " + table + " does not exist in DuckDB file "
                        + connector.path() + ".");
            }
            TableKind kind = TableKind.VIEW;
            long estimate = -1;
            String tableComment = "";
            try (PreparedStatement ps = c.prepareStatement("SELECT estimated_size, comment FROM duckdb_tables() "
                    + "WHERE database_name = current_database() AND schema_name = ? AND table_name = ?")) {
                ps.setString(1, name[0]);
                ps.setString(2, name[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        kind = TableKind.TABLE;
                        estimate = rs.getLong(1);
                        tableComment = rs.getString(2) == null ? "" : rs.getString(2);
                    }
                }
            }
            List<String> primaryKey = new ArrayList<>();
            List<ForeignKey> foreignKeys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT constraint_type, constraint_column_names, "
                    + "referenced_table, referenced_column_names, constraint_name FROM duckdb_constraints() "
                    + "WHERE database_name = current_database() AND schema_name = ? AND table_name = ? "
                    + "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY') ORDER BY constraint_index")) {
                ps.setString(1, name[0]);
                ps.setString(2, name[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> cols = strings(rs.getArray(2));
                        if (rs.getString(1).equals("PRIMARY KEY")) {
                            primaryKey.addAll(cols);
                        } else {
                            foreignKeys.add(new ForeignKey(rs.getString(5) == null ? "" : rs.getString(5), cols,
                                    rs.getString(3), strings(rs.getArray(4))));
                        }
                    }
                }
            }
            List<List<Object>> samples = sampleRows > 0 ? sampleRows(table, sampleRows) : List.of();
            return new TableInfo(table, kind, columns, primaryKey, foreignKeys, estimate, tableComment, samples);
        } catch (SQLException e) {
            throw new ExecutionFailedException("Describing table " + table + " of DuckDB file " + connector.path()
                    + " failed: " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    @Override
    public List<List<Object>> sampleRows(String table, int limit) {
        try (RowStream rows = new DuckDbExtractor(connector).extract(
                new io.osiris.api.connector.Extraction.Table(table, List.of(), "", Math.max(limit, 1)))) {
            List<List<Object>> out = new ArrayList<>();
            while (out.size() < limit && rows.next()) {
                List<Object> row = new ArrayList<>(rows.schema().size());
                for (int i = 0; i < rows.schema().size(); i++) {
                    row.add(rows.get(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
