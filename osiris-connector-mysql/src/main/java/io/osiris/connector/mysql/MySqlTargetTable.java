package io.osiris.connector.mysql;

import io.osiris.api.connector.SchemaDiff;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An existing load target as the loader sees it: its columns as portable types (read as
 * discovery reads them) and its primary key, for the {@link SchemaDiff} a load judges by its
 * schema policy, and the {@code ALTER TABLE} that evolves it.
 *
 * @param columns    the table's columns in order
 * @param primaryKey its primary key columns; empty when none
 */
record MySqlTargetTable(RowSchema columns, List<String> primaryKey) {

    static MySqlTargetTable describe(Connection c, MySqlTableName table) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE,"
                + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table.database());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new ColumnInfo(rs.getString(1), MySqlDiscovery.columnType(rs.getString(2),
                            rs.getString(3), rs.getLong(5), rs.getLong(6), rs.getInt(7)),
                            "YES".equals(rs.getString(4)), rs.getString(3), ""));
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
                + " WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?"
                + " AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")) {
            ps.setString(1, table.database());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return new MySqlTargetTable(new RowSchema(columns), key);
    }

    /** The difference between this table and the rows. */
    SchemaDiff diff(RowSchema rows) {
        return SchemaDiff.between(columns, rows);
    }

    /**
     * The key a replaced table keeps: the request's, else this table's where the rows still have
     * every column of it, else none.
     */
    List<String> keyFor(RowSchema rows, List<String> requested) {
        if (!requested.isEmpty()) {
            return requested;
        }
        List<String> kept = new ArrayList<>();
        for (String k : primaryKey) {
            rows.names().stream().filter(n -> n.equalsIgnoreCase(k)).findFirst().ifPresent(kept::add);
        }
        return kept.size() == primaryKey.size() ? kept : List.of();
    }

    /** {@code ALTER TABLE ... ADD COLUMN ...} for the rows' new columns, each nullable; one statement. */
    static String addColumns(MySqlTableName table, List<ColumnInfo> added) {
        StringBuilder sql = new StringBuilder("ALTER TABLE ").append(table.quoted());
        for (int i = 0; i < added.size(); i++) {
            ColumnInfo column = added.get(i);
            sql.append(i == 0 ? " " : ", ").append("ADD COLUMN ").append(SqlDialect.MYSQL.quote(column.name()))
                    .append(' ').append(MySqlTypes.ddl(column.type(), false)).append(" NULL DEFAULT NULL");
        }
        return sql.toString();
    }

    /** The {@code ALTER TABLE ... DROP COLUMN ...} that takes {@link #addColumns} back. */
    static String dropColumns(MySqlTableName table, List<ColumnInfo> added) {
        StringBuilder sql = new StringBuilder("ALTER TABLE ").append(table.quoted());
        for (int i = 0; i < added.size(); i++) {
            sql.append(i == 0 ? " " : ", ").append("DROP COLUMN ").append(SqlDialect.MYSQL.quote(added.get(i).name()));
        }
        return sql.toString();
    }
}
