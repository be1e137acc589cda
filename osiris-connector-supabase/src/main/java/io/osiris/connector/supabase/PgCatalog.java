package io.osiris.connector.supabase;

import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link PostgresWriter} asks PostgreSQL's catalog about a target table (whether it exists,
 * what hangs on it, its indexes, keys and grants), and the table it creates.
 */
final class PgCatalog {
    /** A table or view found in the catalog: its oid, {@code relkind} and comment. */
    record Target(long oid, char kind, String comment) {
    }

    private PgCatalog() {
    }


    static Optional<Target> find(Connection c, PgTableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT c.oid, c.relkind, COALESCE(obj_description(c.oid, 'pg_class'), '')
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ?""")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Target(rs.getLong(1), rs.getString(2).charAt(0), rs.getString(3)))
                        : Optional.empty();
            }
        }
    }

    static void createTable(Connection c, PgTableName table, RowSchema schema, List<String> key)
            throws SQLException {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(table.sql()).append(" (");
        for (int i = 0; i < schema.size(); i++) {
            ColumnInfo col = schema.column(i);
            ddl.append(i > 0 ? ", " : "").append(SqlDialect.POSTGRES.quote(col.name())).append(' ')
                    .append(PostgresTypes.ddl(col.type()));
            if (!col.nullable() || key.contains(col.name())) {
                ddl.append(" NOT NULL");
            }
        }
        if (!key.isEmpty()) {
            ddl.append(", PRIMARY KEY (")
                    .append(key.stream().map(SqlDialect.POSTGRES::quote).collect(Collectors.joining(", ")))
                    .append(')');
        }
        ddl.append(')');
        try (Statement s = c.createStatement()) {
            s.execute(ddl.toString());
            s.execute("COMMENT ON TABLE " + table.sql() + " IS " + PostgresWriter.literal(PostgresWriter.CREATED_MARK));
        }
    }

    /**
     * Whether something hangs on the table that renaming a new one into its place would lose
     * or break: RLS, policies, user triggers, foreign keys pointing at it, views on it,
     * publications, sequences it owns or identity columns, partitions or inheritance children.
     */
    static boolean hasAttachments(Connection c, long oid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT relrowsecurity OR relforcerowsecurity OR relkind = 'p' OR relispartition
                        FROM pg_catalog.pg_class WHERE oid = ?)
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = ?)
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = ? AND NOT tgisinternal)
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE confrelid = ? AND contype = 'f')
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
                               WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid = ? AND r.ev_class <> ?)
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel WHERE prrelid = ?)
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid
                               WHERE d.refobjid = ? AND d.classid = 'pg_class'::regclass AND s.relkind = 'S')
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = ? AND attnum > 0
                               AND NOT attisdropped AND attidentity <> '')
                    OR EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhparent = ? OR inhrelid = ?)""")) {
            for (int i = 1; i <= 11; i++) {
                ps.setLong(i, oid);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** Primary key, unique and exclusion constraints, then the other indexes, as DDL for the swapped-in table. */
    static List<String> indexAndKeyDefinitions(Connection c, long oid, PgTableName table)
            throws SQLException {
        List<String> ddl = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT conname, pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint
                WHERE conrelid = ? AND contype IN ('p', 'u', 'x') ORDER BY contype, conname""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ddl.add("ALTER TABLE " + table.sql() + " ADD CONSTRAINT " + SqlDialect.POSTGRES.quote(rs.getString(1))
                            + " " + rs.getString(2));
                }
            }
        }
        // pg_get_indexdef names the table, which is the swapped-in one by the time these run.
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pg_get_indexdef(i.indexrelid) FROM pg_catalog.pg_index i
                WHERE i.indrelid = ? AND NOT EXISTS
                  (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = ?)""")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ddl.add(rs.getString(1));
                }
            }
        }
        return ddl;
    }

    /** The table's privileges as GRANT statements, so swapping in a new table keeps who may read it. */
    static List<String> grants(Connection c, long oid, PgTableName table) throws SQLException {
        List<String> grants = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END,
                       a.privilege_type, a.is_grantable
                FROM pg_catalog.pg_class c, aclexplode(c.relacl) a
                LEFT JOIN pg_catalog.pg_roles r ON r.oid = a.grantee
                WHERE c.oid = ? AND a.grantee <> c.relowner""")) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add("GRANT " + rs.getString(2) + " ON " + table.sql() + " TO " + rs.getString(1)
                            + (rs.getBoolean(3) ? " WITH GRANT OPTION" : ""));
                }
            }
        }
        return grants;
    }

    static boolean hasUniqueIndex(Connection c, long oid, List<String> key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT EXISTS (
                  SELECT 1 FROM pg_catalog.pg_index i
                  WHERE i.indrelid = ? AND i.indisunique AND i.indisvalid AND i.indpred IS NULL
                    AND i.indexprs IS NULL AND i.indnkeyatts = cardinality(?::text[])
                    AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text) FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = i.indrelid
                           AND a.attnum = ANY ((i.indkey::int2[])[0:i.indnkeyatts - 1]))
                        = (SELECT array_agg(k ORDER BY k) FROM unnest(?::text[]) AS k))""")) {
            java.sql.Array names = c.createArrayOf("text", key.toArray());
            ps.setLong(1, oid);
            ps.setArray(2, names);
            ps.setArray(3, names);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
