package io.osiris.connector.supabase;

import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.RowSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * delete_insert into an existing table, inside the load's transaction: the rows are copied into a
 * temporary staging table, the target rows whose key or partition values arrive are deleted, and
 * the staged rows inserted. Staged, because the keys must be known before the target is touched.
 * Values match as {@code IS NOT DISTINCT FROM} (a NULL partition value replaces the NULL
 * partition), in two statements: {@code =} for keys without NULLs, which a hash join or the key's
 * index serves, and the rare keys with a NULL apart.
 */
final class PostgresDeleteInsert {
    private static final String STAGE = "osiris_delete_insert_stage";

    /** Copies the rows into {@code staging}; returns how many. */
    @FunctionalInterface
    interface Copy {
        long into(PgTableName staging) throws SQLException;
    }

    private PostgresDeleteInsert() {
    }

    /** Runs the delete_insert; returns the rows inserted. */
    static long run(Connection c, PgTableName table, RowSchema schema, List<String> key, Copy copy)
            throws SQLException {
        PgTableName staging = new PgTableName("pg_temp", STAGE, false);
        String columns = list(schema.names());
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + staging.sql());
            // ON COMMIT DROP: also right behind a transaction pooler, where a session outlives us.
            s.execute("CREATE TEMPORARY TABLE " + STAGE + " ON COMMIT DROP AS SELECT " + columns + " FROM "
                    + table.sql() + " WITH NO DATA");
        }
        if (copy.into(staging) == 0) {
            return 0;
        }
        String keys = list(key);
        String noNull = key.stream().map(k -> q(k) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        String equal = key.stream().map(k -> "t." + q(k) + " = s." + q(k)).collect(Collectors.joining(" AND "));
        String notDistinct = key.stream().map(k -> "t." + q(k) + " IS NOT DISTINCT FROM s." + q(k))
                .collect(Collectors.joining(" AND "));
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE " + staging.sql());
            s.executeLargeUpdate("DELETE FROM " + table.sql() + " t USING (SELECT DISTINCT " + keys + " FROM "
                    + staging.sql() + " WHERE " + noNull + ") s WHERE " + equal);
            s.executeLargeUpdate("DELETE FROM " + table.sql() + " t USING (SELECT DISTINCT " + keys + " FROM "
                    + staging.sql() + " WHERE NOT (" + noNull + ")) s WHERE " + notDistinct);
            return s.executeLargeUpdate("INSERT INTO " + table.sql() + " (" + columns + ") SELECT " + columns
                    + " FROM " + staging.sql());
        }
    }

    private static String list(List<String> names) {
        return names.stream().map(PostgresDeleteInsert::q).collect(Collectors.joining(", "));
    }

    private static String q(String name) {
        return SqlDialect.POSTGRES.quote(name);
    }
}
