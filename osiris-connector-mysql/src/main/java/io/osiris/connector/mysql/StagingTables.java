package io.osiris.connector.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The replace load's staging tables ({@code <table>__osiris_new_<hex>}, {@code __osiris_old_<hex>}),
 * which MySQL cannot create inside a transaction: so no failure leaves one behind, they are dropped
 * after a failure through a fresh connection when the load's own is gone, and a replace first
 * sweeps stale ones of its target that an earlier process could not drop (it was killed, or the
 * server went away).
 */
final class StagingTables {
    /** Older than this, a staging table belongs to no running load (which holds one for minutes, not hours). */
    static final long STALE_SECONDS = 3600;

    private StagingTables() {
    }

    /** Drops the stale staging tables of {@code target}: created more than {@code staleSeconds} ago. */
    static void sweep(Connection c, MySqlTableName target, long staleSeconds) throws SQLException {
        String prefix = target.table().length() > 40 ? target.table().substring(0, 40) : target.table();
        List<MySqlTableName> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME LIKE ?"
                + " AND CREATE_TIME < NOW() - INTERVAL " + staleSeconds + " SECOND")) {
            ps.setString(1, target.database());
            ps.setString(2, like(prefix) + "%\\_\\_osiris\\_%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (name.matches(".*__osiris_(new|old)_[0-9a-f]{8}")) {
                        stale.add(target.withTable(name));
                    }
                }
            }
        }
        for (MySqlTableName table : stale) {
            MySqlWriter.execute(c, "DROP TABLE IF EXISTS " + table.quoted());
        }
    }

    /**
     * Drops {@code tables} after {@code failure}: on the load's connection, else (it was cut) on a
     * fresh one. What still fails is added to {@code failure} as suppressed.
     */
    static void dropAfterFailure(MySqlClient client, Connection c, List<MySqlTableName> tables, Exception failure) {
        try {
            drop(c, tables);
            return;
        } catch (SQLException | RuntimeException first) {
            // The load's session is gone (killed, timed out, network): try a new one.
        }
        try (Connection fresh = client.connection()) {
            drop(fresh, tables);
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void drop(Connection c, List<MySqlTableName> tables) throws SQLException {
        for (MySqlTableName table : tables) {
            MySqlWriter.execute(c, "DROP TABLE IF EXISTS " + table.quoted());
        }
    }

    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
