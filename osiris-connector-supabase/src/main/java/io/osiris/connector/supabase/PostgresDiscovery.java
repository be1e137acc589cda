package io.osiris.connector.supabase;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads the catalog ({@code pg_class}, {@code pg_attribute}, {@code pg_constraint}) of the
 * configured schemas: tables, partitioned tables, foreign tables, views and materialized
 * views, with {@code reltuples} as the row estimate (-1 until the table is first analyzed).
 */
final class PostgresDiscovery implements IDiscovery {
    private static final String LIST_TABLES = """
            SELECT n.nspname, c.relname, c.relkind, c.reltuples
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition""";
    private static final String FIND_TABLE = """
            SELECT c.oid, c.relkind, c.reltuples, COALESCE(obj_description(c.oid, 'pg_class'), '')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f')""";
    // Domains are described by their base type; a domain's NOT NULL counts.
    private static final String COLUMNS = """
            SELECT a.attname, a.attnotnull OR t.typnotnull, format_type(a.atttypid, a.atttypmod),
                   bt.typname, bt.typcategory = 'A',
                   CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
                   COALESCE(col_description(a.attrelid, a.attnum), '')
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
            WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""";
    private static final String PRIMARY_KEY = """
            SELECT a.attname
            FROM pg_catalog.pg_index i
            CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = ? AND i.indisprimary
            ORDER BY k.ord""";
    private static final String FOREIGN_KEYS = """
            SELECT con.conname, rn.nspname, rc.relname,
                   ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY AS k(n, o)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.o),
                   ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY AS k(n, o)
                         JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.o)
            FROM pg_catalog.pg_constraint con
            JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
            JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE con.conrelid = ? AND con.contype = 'f'
            ORDER BY con.conname""";

    private final PostgresClient client;
    private final PostgresExtractor extractor;

    PostgresDiscovery(PostgresClient client, PostgresExtractor extractor) {
        this.client = requireNonNull(client, "client");
        this.extractor = requireNonNull(extractor, "extractor");
    }

    @Override
    public List<TableSummary> listTables() {
        List<String> schemas = client.settings().schemas();
        List<TableSummary> tables = new ArrayList<>();
        try (Connection c = client.connection(); PreparedStatement ps = c.prepareStatement(LIST_TABLES)) {
            ps.setArray(1, c.createArrayOf("text", schemas.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PgTableName name = new PgTableName(rs.getString(1), rs.getString(2),
                            rs.getString(1).equals(client.settings().defaultSchema()));
                    TableKind kind = kind(rs.getString(3));
                    tables.add(new TableSummary(name.display(), kind, estimate(kind, rs.getDouble(4))));
                }
            }
        } catch (SQLException e) {
            throw client.failure("listing the tables of schemas " + schemas, e);
        }
        tables.sort(Comparator.comparing(TableSummary::name));
        return List.copyOf(tables);
    }

    @Override
    public TableInfo getTableInfo(String table, int sampleRows) {
        if (sampleRows < 0) {
            throw new IllegalArgumentException("sampleRows must be >= 0");
        }
        PgTableName name = PgTableName.resolve(table, client.settings().defaultSchema());
        TableInfo info;
        try (Connection c = client.connection()) {
            long oid;
            TableKind kind;
            long estimate;
            String comment;
            try (PreparedStatement ps = c.prepareStatement(FIND_TABLE)) {
                ps.setString(1, name.schema());
                ps.setString(2, name.table());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new ExecutionFailedException("table '" + table + "' not found in schema '"
                                + name.schema() + "' on " + client.settings().describe()
                                + ". List the tables with 'osiris discover'; qualify other schemas as schema.table.");
                    }
                    oid = rs.getLong(1);
                    kind = kind(rs.getString(2));
                    estimate = estimate(kind, rs.getDouble(3));
                    comment = rs.getString(4);
                }
            }
            info = new TableInfo(name.display(), kind, columns(c, oid), primaryKey(c, oid), foreignKeys(c, oid),
                    estimate, comment, List.of());
        } catch (SQLException e) {
            throw client.failure("describing table " + table, e);
        }
        return sampleRows == 0 ? info : info.withSampleRows(sampleRows(table, sampleRows));
    }

    @Override
    public List<List<Object>> sampleRows(String table, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // Through the extractor, so samples have exactly the values an extraction would produce.
        try (RowStream rows = extractor.extract(new Extraction.Table(table, List.of(), "", limit))) {
            List<List<Object>> sample = new ArrayList<>();
            int width = rows.schema().size();
            while (rows.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    row[i] = rows.get(i);
                }
                sample.add(Arrays.asList(row));
            }
            return TableInfo.copyRows(sample);
        }
    }

    static List<ColumnInfo> columns(Connection c, long oid) throws SQLException {
        List<ColumnInfo> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String typeName = rs.getString(4);
                    int typmod = rs.getInt(6);
                    int precision = 0;
                    int scale = 0;
                    if (typmod >= 0 && typeName.equals("numeric")) {
                        precision = ((typmod - 4) >> 16) & 0xFFFF;
                        // PostgreSQL 15 stores the scale as a signed 11-bit number (numeric(5,-2)).
                        scale = (((typmod - 4) & 0x7FF) ^ 1024) - 1024;
                    } else if (typmod >= 4 && (typeName.equals("varchar") || typeName.equals("bpchar"))) {
                        precision = typmod - 4;
                    }
                    ColumnType type = PostgresTypes.portable(typeName, rs.getBoolean(5), precision, scale);
                    columns.add(new ColumnInfo(rs.getString(1), type, !rs.getBoolean(2), rs.getString(3),
                            rs.getString(7)));
                }
            }
        }
        return columns;
    }

    static List<String> primaryKey(Connection c, long oid) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(PRIMARY_KEY)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(rs.getString(1));
                }
            }
        }
        return key;
    }

    private List<ForeignKey> foreignKeys(Connection c, long oid) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(FOREIGN_KEYS)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    PgTableName referenced = new PgTableName(rs.getString(2), rs.getString(3),
                            rs.getString(2).equals(client.settings().defaultSchema()));
                    keys.add(new ForeignKey(rs.getString(1), strings(rs.getArray(4)), referenced.display(),
                            strings(rs.getArray(5))));
                }
            }
        }
        return keys;
    }

    private static List<String> strings(java.sql.Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        List<String> list = new ArrayList<>(values.length);
        for (Object v : values) {
            list.add(String.valueOf(v));
        }
        return list;
    }

    private static TableKind kind(String relkind) {
        return relkind.equals("v") || relkind.equals("m") ? TableKind.VIEW : TableKind.TABLE;
    }

    private static long estimate(TableKind kind, double reltuples) {
        // Views have no rows of their own; reltuples is -1 for a table never vacuumed or analyzed.
        return kind == TableKind.VIEW && reltuples <= 0 || reltuples < 0 ? -1 : (long) reltuples;
    }
}
