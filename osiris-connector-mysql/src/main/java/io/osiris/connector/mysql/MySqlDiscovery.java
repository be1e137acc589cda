package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads tables, columns, keys and comments from {@code information_schema} of the
 * connection's database (or the database a {@code db.table} name gives). Row counts are
 * InnoDB's estimates ({@code TABLE_ROWS}), cheap to read and good enough to plan with.
 */
final class MySqlDiscovery implements IDiscovery {
    /** A database given in the name, else the connection's own. */
    private static final String SCHEMA = "COALESCE(NULLIF(?, ''), DATABASE())";

    private final MySqlClient client;
    private final MySqlExtractor extractor;

    MySqlDiscovery(MySqlClient client, MySqlExtractor extractor) {
        this.client = requireNonNull(client, "client");
        this.extractor = requireNonNull(extractor, "extractor");
    }

    @Override
    public List<TableSummary> listTables() {
        String sql = "SELECT TABLE_NAME, TABLE_TYPE, TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME";
        List<TableSummary> tables = new ArrayList<>();
        try (Connection c = client.connection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (MySqlWriter.isStagingTable(name)) {
                    continue;
                }
                long rows = rs.getLong(3);
                tables.add(new TableSummary(name, kind(rs.getString(2)), rs.wasNull() ? -1 : rows));
            }
        } catch (SQLException e) {
            throw client.failure("Listing tables failed", e);
        }
        return tables;
    }

    @Override
    public TableInfo getTableInfo(String table, int sampleRows) {
        MySqlTableName name = MySqlTableName.parse(table);
        TableKind kind;
        long rowCount;
        String comment;
        List<ColumnInfo> columns = new ArrayList<>();
        List<String> primaryKey = new ArrayList<>();
        Map<String, ForeignKeyBuilder> foreignKeys = new LinkedHashMap<>();
        try (Connection c = client.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_TYPE, TABLE_ROWS, TABLE_COMMENT"
                    + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + SCHEMA + " AND TABLE_NAME = ?")) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new ExecutionFailedException("Table '" + table + "' does not exist in "
                                + (name.database().isEmpty() ? "the database of " + client.where() : name.database())
                                + ". List the tables to see what is there.");
                    }
                    kind = kind(rs.getString(1));
                    long rows = rs.getLong(2);
                    rowCount = rs.wasNull() ? -1 : rows;
                    comment = nonNull(rs.getString(3));
                    if (kind == TableKind.VIEW && comment.equalsIgnoreCase("VIEW")) {
                        comment = "";
                    }
                }
            }
            Set<String> json = client.isMariaDb(c) ? MySqlExtractor.jsonColumns(c, name.database(), name.table())
                    : Set.of();
            try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE,"
                    + " CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, COLUMN_COMMENT"
                    + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = " + SCHEMA + " AND TABLE_NAME = ?"
                    + " ORDER BY ORDINAL_POSITION")) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String column = rs.getString(1);
                        String columnType = rs.getString(3);
                        ColumnType type = json.contains(column) ? ColumnType.JSON : columnType(rs.getString(2),
                                columnType, rs.getLong(5), rs.getLong(6), rs.getInt(7));
                        columns.add(new ColumnInfo(column, type, "YES".equals(rs.getString(4)),
                                json.contains(column) ? "json" : columnType, nonNull(rs.getString(8))));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT CONSTRAINT_NAME, COLUMN_NAME,"
                    + " REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
                    + " FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = " + SCHEMA
                    + " AND TABLE_NAME = ? AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)"
                    + " ORDER BY CONSTRAINT_NAME, ORDINAL_POSITION")) {
                ps.setString(1, name.database());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String constraint = rs.getString(1);
                        if (rs.getString(4) == null) {
                            primaryKey.add(rs.getString(2));
                        } else {
                            String refSchema = nonNull(rs.getString(3));
                            String refTable = rs.getString(4);
                            String referenced = refSchema.isEmpty() || refSchema.equals(c.getCatalog())
                                    ? refTable : refSchema + "." + refTable;
                            ForeignKeyBuilder fk = foreignKeys.computeIfAbsent(constraint,
                                    k -> new ForeignKeyBuilder(k, referenced));
                            fk.columns.add(rs.getString(2));
                            fk.referencedColumns.add(rs.getString(5));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw client.failure("Describing table " + table + " failed", e);
        }
        List<List<Object>> samples = sampleRows <= 0 ? List.of() : sampleRows(table, sampleRows);
        return new TableInfo(name.toString(), kind, columns, primaryKey,
                foreignKeys.values().stream().map(ForeignKeyBuilder::build).toList(), rowCount, comment, samples);
    }

    @Override
    public List<List<Object>> sampleRows(String table, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<List<Object>> rows = new ArrayList<>();
        try (RowStream stream = extractor.extract(new Extraction.Table(table, List.of(), "", limit))) {
            int width = stream.schema().size();
            while (stream.next()) {
                List<Object> row = new ArrayList<>(width);
                for (int i = 0; i < width; i++) {
                    row.add(stream.get(i));
                }
                rows.add(row);
            }
        }
        return TableInfo.copyRows(rows);
    }

    /** The portable type of an information_schema column description. */
    static ColumnType columnType(String dataType, String columnType, long charLength, long precision, int scale) {
        String type = columnType.toLowerCase(java.util.Locale.ROOT);
        String name = dataType + (type.contains("unsigned") ? " unsigned" : "");
        long length = switch (dataType.toLowerCase(java.util.Locale.ROOT)) {
            case "decimal", "numeric" -> precision;
            case "bit" -> precision;
            case "tinyint" -> type.startsWith("tinyint(1)") ? 1 : 4;
            default -> charLength;
        };
        return MySqlTypes.portable(name, length, scale);
    }

    private static TableKind kind(String tableType) {
        return tableType != null && tableType.toUpperCase(java.util.Locale.ROOT).contains("VIEW")
                ? TableKind.VIEW : TableKind.TABLE;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    private static final class ForeignKeyBuilder {
        private final String name;
        private final String referencedTable;
        private final List<String> columns = new ArrayList<>();
        private final List<String> referencedColumns = new ArrayList<>();

        ForeignKeyBuilder(String name, String referencedTable) {
            this.name = name;
            this.referencedTable = referencedTable;
        }

        ForeignKey build() {
            return new ForeignKey(name, columns, referencedTable, referencedColumns);
        }
    }
}
