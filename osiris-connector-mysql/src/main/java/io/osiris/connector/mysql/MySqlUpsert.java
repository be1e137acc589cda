package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ValidationException;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.RowSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * One upsert that matches rows on the pipeline's key columns only, through a staging table.
 *
 * <p>Why not {@code INSERT ... ON DUPLICATE KEY UPDATE}: it fires on any unique index of the
 * target, so a row with a new id but the email of another row would update that other row. And
 * it needs row-by-row INSERTs, where a staging table takes the bulk {@code LOAD DATA} path.
 *
 * <p>The steps, on one connection:
 * <ol>
 *   <li>{@link #createStaging}, before the transaction: a TEMPORARY table with the target's
 *       types for the rows' columns ({@code CREATE ... SELECT ... LIMIT 0}: no indexes, so no
 *       row is refused as a duplicate) plus an auto-increment {@code __osiris_seq} that
 *       {@code LOAD DATA} leaves to the server, which numbers the rows in the order sent. It
 *       is temporary so nobody else sees it and it dies with the session; it is made outside
 *       the transaction because MySQL with GTIDs refuses temporary-table DDL inside one.</li>
 *   <li>The writer sends the rows into it, inside the transaction.</li>
 *   <li>{@link #merge}: where keys repeat, all but the last row per key are deleted (the
 *       outcome of upserting the rows one by one); then {@code UPDATE staging JOIN target} on
 *       the key sets the target's columns and marks the staging rows it matched, and
 *       {@code INSERT ... SELECT} adds the unmarked ones (no second lookup of the target). A
 *       row that breaks another unique index fails the statement with the database's message,
 *       and the caller rolls everything back.</li>
 *   <li>{@link #dropStaging}, whatever happened: the session goes back to the pool.</li>
 * </ol>
 *
 * Keys compare with {@code =} and the columns' collations, as the target's own index would: a
 * NULL key matches nothing, so such a row is inserted, like any number of NULLs in a unique
 * index. Every temporary table is referenced once per statement, as MySQL requires.
 */
final class MySqlUpsert implements StagedWrite {
    /** The staging table's ordering column; loads never name it. */
    static final String SEQ = "__osiris_seq";
    /** Set on the staging rows the UPDATE matched; the others are inserted. */
    static final String MATCHED = "__osiris_matched";
    /**
     * Room for the multi-table UPDATE's buffer of target rows to change (MariaDB/MySQL change
     * a joined table other than the first afterwards, from an internal temporary table). At
     * the default 16 MB it goes to disk at ~50k rows, and 100k updates took 1.2 s instead of 0.7.
     */
    private static final long UPDATE_BUFFER_BYTES = 64L << 20;

    private final MySqlTableName target;
    private final MySqlTableName staging;
    private final MySqlTableName last;
    private final List<String> columns;
    private final List<String> key;
    private final String keyIndex;

    /**
     * @param keyIndex the target's index over the key columns, empty when it has none: the
     *                 target is read through it (see {@link #targetByKey})
     */
    MySqlUpsert(MySqlTableName target, RowSchema schema, List<String> key, String keyIndex) {
        this.target = requireNonNull(target, "target");
        this.columns = schema.names();
        this.key = List.copyOf(key);
        this.keyIndex = requireNonNull(keyIndex, "keyIndex");
        this.staging = target.withTable(MySqlWriter.transientName(target.table(), "upsert"));
        this.last = target.withTable(MySqlWriter.transientName(target.table(), "last"));
    }

    /**
     * The upsert into an existing {@code target}: checks that the key columns are the table's
     * and finds the index over them, the primary key when it is one.
     */
    static MySqlUpsert prepare(Connection c, MySqlTableName target, RowSchema schema, List<String> key)
            throws SQLException {
        List<String> missing = new ArrayList<>(key);
        for (String column : tableInfo(c, target, "COLUMN_NAME FROM information_schema.COLUMNS", "")) {
            missing.removeIf(column::equalsIgnoreCase);
        }
        if (!missing.isEmpty()) {
            throw new ValidationException("Cannot upsert into table " + target + ": primary_key column(s) " + missing
                    + " are not columns of the table; name the table's key columns in primary_key");
        }
        // Every index with its columns in order, the primary key first.
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        // NUL between the names: no identifier contains it.
        for (String entry : tableInfo(c, target, "CONCAT(INDEX_NAME, CHAR(0), LOWER(COLUMN_NAME))"
                + " FROM information_schema.STATISTICS", " ORDER BY INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX")) {
            int nul = entry.indexOf('\0');
            indexes.computeIfAbsent(entry.substring(0, nul), n -> new ArrayList<>()).add(entry.substring(nul + 1));
        }
        Set<String> keyColumns = new HashSet<>();
        key.forEach(k -> keyColumns.add(k.toLowerCase(Locale.ROOT)));
        String keyIndex = "";
        for (Map.Entry<String, List<String>> index : indexes.entrySet()) {
            List<String> indexed = index.getValue();
            if (indexed.size() >= key.size() && keyColumns.equals(new HashSet<>(indexed.subList(0, key.size())))) {
                keyIndex = index.getKey();
                break;
            }
        }
        return new MySqlUpsert(target, schema, key, keyIndex);
    }

    private static List<String> tableInfo(Connection c, MySqlTableName table, String select, String orderBy)
            throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + select
                + " WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?" + orderBy)) {
            ps.setString(1, table.database());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /** The table the rows are loaded into. */
    @Override
    public MySqlTableName staging() {
        return staging;
    }

    /** Creates the staging table; outside a transaction. */
    @Override
    public void createStaging(Connection c) throws SQLException {
        MySqlWriter.execute(c, stagingSql());
    }

    /**
     * Merges the {@code staged} rows into the target, inside the caller's transaction, and
     * returns the rows updated (matched, changed or not) plus the rows inserted.
     */
    @Override
    public long merge(Connection c, long staged) throws SQLException {
        if (staged == 0) {
            return 0;
        }
        try (Statement st = c.createStatement()) {
            long rows = staged;
            if (repeatsKeys(st)) {
                st.executeLargeUpdate(lastSql());
                rows -= st.executeLargeUpdate(dropEarlierSql());
            }
            long touched = update(st);
            long inserted = st.executeLargeUpdate(insertSql());
            // The UPDATE counted the staging rows it marked too: every one not inserted.
            return touched - (rows - inserted) + inserted;
        }
    }

    /** Whether two staging rows have the same key (without NULLs, which match nothing). */
    private boolean repeatsKeys(Statement st) throws SQLException {
        StringJoiner notNull = new StringJoiner(" AND ");
        key.forEach(k -> notNull.add(q(k) + " IS NOT NULL"));
        try (ResultSet rs = st.executeQuery("SELECT COUNT(DISTINCT " + list("", key) + ") < SUM(" + notNull + ")"
                + " FROM " + staging.quoted())) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** Runs {@link #updateSql} with room for its buffer, and sets the session back. */
    private long update(Statement st) throws SQLException {
        long tmpTable;
        long heapTable;
        try (ResultSet rs = st.executeQuery("SELECT @@session.tmp_table_size, @@session.max_heap_table_size")) {
            rs.next();
            tmpTable = rs.getLong(1);
            heapTable = rs.getLong(2);
        }
        String room = "SET SESSION tmp_table_size = " + Math.max(tmpTable, UPDATE_BUFFER_BYTES)
                + ", max_heap_table_size = " + Math.max(heapTable, UPDATE_BUFFER_BYTES);
        st.execute(room);
        try {
            return st.executeLargeUpdate(updateSql());
        } finally {
            st.execute("SET SESSION tmp_table_size = " + tmpTable + ", max_heap_table_size = " + heapTable);
        }
    }

    /** Drops the temporary tables, which need not exist. */
    @Override
    public void dropStaging(Connection c) throws SQLException {
        MySqlWriter.execute(c, "DROP TEMPORARY TABLE IF EXISTS " + staging.quoted() + ", " + last.quoted());
    }

    String stagingSql() {
        return "CREATE TEMPORARY TABLE " + staging.quoted() + " (" + q(SEQ) + " BIGINT NOT NULL AUTO_INCREMENT"
                + " PRIMARY KEY, " + q(MATCHED) + " BOOLEAN NOT NULL DEFAULT FALSE) ENGINE=InnoDB SELECT "
                + list("", columns) + " FROM " + target.quoted() + " LIMIT 0";
    }

    /** The last row of every key (NULLs group together here; {@link #dropEarlierSql} keeps those rows). */
    String lastSql() {
        return "CREATE TEMPORARY TABLE " + last.quoted() + " (PRIMARY KEY (" + q(SEQ) + ")) ENGINE=InnoDB SELECT MAX("
                + q(SEQ) + ") AS " + q(SEQ) + " FROM " + staging.quoted() + " GROUP BY " + list("", key);
    }

    /** Deletes the rows another row of the same key comes after. */
    String dropEarlierSql() {
        StringJoiner sql = new StringJoiner(" AND ", "DELETE s FROM " + staging.quoted() + " s LEFT JOIN "
                + last.quoted() + " l ON l." + q(SEQ) + " = s." + q(SEQ) + " WHERE l." + q(SEQ) + " IS NULL AND ", "");
        key.forEach(k -> sql.add("s." + q(k) + " IS NOT NULL"));
        return sql.toString();
    }

    String updateSql() {
        List<String> values = columns.stream().filter(c -> !key.contains(c)).toList();
        StringJoiner set = new StringJoiner(", ");
        // Every column a key: still an assignment (a no-op), so the statement counts the matched rows.
        (values.isEmpty() ? key.subList(0, 1) : values).forEach(c -> set.add("t." + q(c) + " = s." + q(c)));
        set.add("s." + q(MATCHED) + " = TRUE");
        // STRAIGHT_JOIN: staging first, each of its rows looking the target up by the key.
        return "UPDATE " + staging.quoted() + " s STRAIGHT_JOIN " + targetByKey() + " ON " + keysMatch() + " SET "
                + set;
    }

    String insertSql() {
        return "INSERT INTO " + target.quoted() + " (" + list("", columns) + ") SELECT " + list("s.", columns)
                + " FROM " + staging.quoted() + " s WHERE NOT s." + q(MATCHED) + " ORDER BY s." + q(SEQ);
    }

    /**
     * The target as {@code t}, read through the key's index. Forced: the statistics of a table
     * just filled (a target a replace has just swapped in) can say it holds a row or none, and
     * the optimizer then scans the whole target once per staging row (seen: 200k rows into
     * 200k, minutes instead of seconds).
     */
    private String targetByKey() {
        return target.quoted() + " t" + (keyIndex.isEmpty() ? "" : " FORCE INDEX (" + q(keyIndex) + ")");
    }

    private String keysMatch() {
        StringJoiner on = new StringJoiner(" AND ");
        key.forEach(k -> on.add("t." + q(k) + " = s." + q(k)));
        return on.toString();
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
