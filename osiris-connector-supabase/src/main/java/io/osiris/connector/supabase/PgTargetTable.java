package io.osiris.connector.supabase;

import io.osiris.api.connector.SchemaDiff;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An existing load target as the loader sees it: its columns as portable types (read as
 * discovery reads them) and its primary key, for the {@link SchemaDiff} a load judges by its
 * schema policy, and the statements that evolve it. All of it runs in the load's transaction,
 * so a failed load takes an added column back with it.
 *
 * @param columns    the table's columns in order
 * @param primaryKey its primary key columns; empty when none
 */
record PgTargetTable(RowSchema columns, List<String> primaryKey) {
    private static final System.Logger LOG = System.getLogger(PgTargetTable.class.getName());

    static PgTargetTable describe(Connection c, long oid) throws SQLException {
        return new PgTargetTable(new RowSchema(PostgresDiscovery.columns(c, oid)), PostgresDiscovery.primaryKey(c, oid));
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
            if (rows.indexOf(k) >= 0) {
                kept.add(k);
            }
        }
        return kept.size() == primaryKey.size() ? kept : List.of();
    }

    /** Adds the rows' new columns to {@code table}, each nullable. */
    static void addColumns(Connection c, PgTableName table, List<ColumnInfo> added) throws SQLException {
        if (added.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("ALTER TABLE ").append(table.sql());
        for (int i = 0; i < added.size(); i++) {
            ColumnInfo column = added.get(i);
            sql.append(i == 0 ? " " : ", ").append("ADD COLUMN ").append(SqlDialect.POSTGRES.quote(column.name()))
                    .append(' ').append(PostgresTypes.ddl(column.type()));
        }
        try (Statement s = c.createStatement()) {
            s.execute(sql.toString());
        }
    }

    /**
     * Runs the index and constraint definitions of a replaced table on its reshaped successor,
     * each behind a savepoint: one over a column the rows no longer have is skipped (and logged),
     * the others are kept.
     */
    static void rebuildWhatFits(Connection c, List<String> definitions, String display) throws SQLException {
        for (String ddl : definitions) {
            Savepoint before = c.setSavepoint();
            try (Statement s = c.createStatement()) {
                s.execute(ddl);
                c.releaseSavepoint(before);
            } catch (SQLException e) {
                c.rollback(before);
                LOG.log(System.Logger.Level.INFO, "Replacing table {0}: not kept, its columns changed: {1} ({2})", display,
                        ddl, e.getMessage());
            }
        }
    }
}
