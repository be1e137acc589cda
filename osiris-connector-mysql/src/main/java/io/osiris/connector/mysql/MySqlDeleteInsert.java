package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.RowSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;

/**
 * One delete_insert: the rows go into a TEMPORARY staging table shaped like the target's columns
 * (as {@link MySqlUpsert} stages them, over the bulk {@code LOAD DATA} path), then, in the load's
 * transaction, the target rows whose key or partition values are among the staged ones are
 * deleted and the staged rows inserted. Staged, because deleting first and loading straight into
 * the target would need the keys before the rows arrive. Values match with {@code <=>}, so a
 * NULL partition value replaces the NULL partition, and the key's index still serves the lookup.
 */
final class MySqlDeleteInsert implements StagedWrite {
    private final MySqlTableName target;
    private final MySqlTableName staging;
    private final List<String> columns;
    private final List<String> key;

    MySqlDeleteInsert(MySqlTableName target, RowSchema schema, List<String> key) {
        this.target = requireNonNull(target, "target");
        this.columns = schema.names();
        this.key = List.copyOf(key);
        this.staging = target.withTable(MySqlWriter.transientName(target.table(), "delins"));
    }

    @Override
    public MySqlTableName staging() {
        return staging;
    }

    @Override
    public void createStaging(Connection c) throws SQLException {
        MySqlWriter.execute(c, "CREATE TEMPORARY TABLE " + staging.quoted() + " ENGINE=InnoDB SELECT "
                + list("", columns) + " FROM " + target.quoted() + " LIMIT 0");
    }

    @Override
    public long merge(Connection c, long staged) throws SQLException {
        if (staged == 0) {
            return 0;
        }
        try (Statement st = c.createStatement()) {
            st.executeLargeUpdate(deleteSql());
            return st.executeLargeUpdate("INSERT INTO " + target.quoted() + " (" + list("", columns) + ") SELECT "
                    + list("", columns) + " FROM " + staging.quoted());
        }
    }

    /** Deletes the target rows whose key arrives; the staging table is read once, as MySQL requires of temporary tables. */
    String deleteSql() {
        StringJoiner on = new StringJoiner(" AND ");
        key.forEach(k -> on.add("t." + q(k) + " <=> s." + q(k)));
        return "DELETE t FROM " + target.quoted() + " t JOIN (SELECT DISTINCT " + list("", key) + " FROM "
                + staging.quoted() + ") s ON " + on;
    }

    @Override
    public void dropStaging(Connection c) throws SQLException {
        MySqlWriter.execute(c, "DROP TEMPORARY TABLE IF EXISTS " + staging.quoted());
    }

    private static String list(String prefix, List<String> names) {
        StringJoiner joined = new StringJoiner(", ");
        names.forEach(n -> joined.add(prefix + q(n)));
        return joined.toString();
    }

    private static String q(String name) {
        return SqlDialect.MYSQL.quote(name);
    }
}
