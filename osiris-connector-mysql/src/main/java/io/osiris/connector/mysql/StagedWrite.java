package io.osiris.connector.mysql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A mode that loads the rows into a temporary staging table and then merges them into the
 * target, in the load's transaction: upsert ({@link MySqlUpsert}) and delete_insert
 * ({@link MySqlDeleteInsert}).
 */
interface StagedWrite {

    /** The table the rows are loaded into. */
    MySqlTableName staging();

    /** Creates the staging table; outside a transaction (MySQL with GTIDs refuses temporary DDL inside one). */
    void createStaging(Connection c) throws SQLException;

    /** Merges the {@code staged} rows into the target inside the caller's transaction; returns the rows written. */
    long merge(Connection c, long staged) throws SQLException;

    /** Drops the temporary tables, which need not exist. */
    void dropStaging(Connection c) throws SQLException;
}
