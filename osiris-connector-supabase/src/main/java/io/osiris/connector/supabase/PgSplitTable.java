package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What the split planner needs to know of one relation, read from the catalog in the plan's
 * snapshot.
 *
 * @param name          the relation
 * @param kind          {@code pg_class.relkind}: {@code r} table, {@code m} materialized view,
 *                      {@code p} partitioned table, {@code v} view, {@code f} foreign table
 * @param pages         heap pages ({@code pg_relation_size / block_size}); 0 for a view
 * @param bytes         heap bytes
 * @param rowEstimate   {@code pg_class.reltuples}: -1 (or 0 before PostgreSQL 14) until analyzed
 * @param serverVersion {@code server_version_num}, such as 150004
 * @param keyColumn     an integer column with a unique index of its own (the primary key
 *                      first), or empty when there is none
 * @param keyNullable   whether {@code keyColumn} may be NULL (a unique index allows NULLs)
 * @param buffers       the server's shared buffers ({@code shared_buffers}, in pages), or 0 when
 *                      it could not be read
 */
record PgSplitTable(PgTableName name, char kind, long pages, long bytes, double rowEstimate, int serverVersion,
        String keyColumn, boolean keyNullable, long buffers) {

    /** PostgreSQL 14 runs {@code ctid} ranges as a TID range scan; before, each split read the whole table. */
    static final int TID_RANGE_SCAN_VERSION = 140000;

    private static final String RELATION = """
            SELECT c.oid, c.relkind, c.reltuples, pg_relation_size(c.oid), current_setting('block_size')::int8,
                   current_setting('server_version_num')::int4,
                   (SELECT s.setting::int8 FROM pg_catalog.pg_settings s WHERE s.name = 'shared_buffers')
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = ? AND c.relname = ?""";
    private static final String PARTITIONS = """
            SELECT COALESCE(sum(pg_relation_size(t.relid)), 0), COALESCE(sum(GREATEST(c.reltuples, 0)), -1)
            FROM pg_partition_tree(?::regclass) t JOIN pg_catalog.pg_class c ON c.oid = t.relid
            WHERE t.isleaf""";
    // One integer column with a unique, valid, whole (not partial, not expression) index.
    private static final String KEY = """
            SELECT a.attname, NOT a.attnotnull
            FROM pg_catalog.pg_index i
            JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            WHERE i.indrelid = ? AND i.indnatts = 1 AND i.indisunique AND i.indisvalid
              AND i.indpred IS NULL AND i.indexprs IS NULL AND t.typname IN ('int2', 'int4', 'int8')
            ORDER BY i.indisprimary DESC, a.attnotnull DESC, a.attnum
            LIMIT 1""";

    PgSplitTable {
        requireNonNull(name, "name");
        requireNonNull(keyColumn, "keyColumn");
    }

    /** The relation {@code name} as the catalog describes it, or empty when there is none. */
    static Optional<PgSplitTable> read(Connection c, PgTableName name) throws SQLException {
        long oid;
        char kind;
        double rows;
        long bytes;
        long blockSize;
        int version;
        long buffers;
        try (PreparedStatement ps = c.prepareStatement(RELATION)) {
            ps.setString(1, name.schema());
            ps.setString(2, name.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                oid = rs.getLong(1);
                kind = rs.getString(2).charAt(0);
                rows = rs.getDouble(3);
                bytes = rs.getLong(4);
                blockSize = rs.getLong(5);
                version = rs.getInt(6);
                buffers = rs.getLong(7);
            }
        }
        if (kind == 'p' && version >= 120000) {
            // A partitioned parent has no pages of its own: its size is its partitions'
            // (pg_partition_tree is PostgreSQL 12's; before, the parent counts as small).
            try (PreparedStatement ps = c.prepareStatement(PARTITIONS)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    bytes = rs.getLong(1);
                    rows = rs.getDouble(2);
                }
            }
        }
        String key = "";
        boolean nullable = false;
        try (PreparedStatement ps = c.prepareStatement(KEY)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    key = rs.getString(1);
                    nullable = rs.getBoolean(2);
                }
            }
        }
        return Optional.of(new PgSplitTable(name, kind, bytes / blockSize, bytes, rows, version, key, nullable,
                buffers));
    }

    /**
     * Whether {@code ctid} ranges may split it: a plain heap (a table or materialized view; a
     * view, a partitioned parent and a foreign table have no pages of their own) on a server
     * that scans a TID range without reading the rest of the table.
     */
    boolean ctidRanges() {
        return (kind == 'r' || kind == 'm') && serverVersion >= TID_RANGE_SCAN_VERSION;
    }

    /** Whether an integer key can split it into ranges. */
    boolean keyRanges() {
        return !keyColumn.isEmpty();
    }

    /** The row estimate, or -1 when the table was never analyzed. */
    long rows() {
        // Before PostgreSQL 14 an unanalyzed table reported 0 rows; only its pages tell then.
        return rowEstimate < 0 || (rowEstimate == 0 && pages > 0) ? -1 : (long) rowEstimate;
    }
}
