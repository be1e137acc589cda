package io.osiris.connector.mysql;

import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvLoad;
import static java.util.Objects.requireNonNull;

import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.SchemaDiff;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes row streams into MySQL/MariaDB tables, all or nothing.
 *
 * <ul>
 *   <li>{@code append} inserts inside one InnoDB transaction: a failure half-way rolls every
 *       row back.</li>
 *   <li>{@code upsert} matches rows on the request's key columns only, never on another unique
 *       index ({@code ON DUPLICATE KEY UPDATE} would): the rows go into a temporary staging
 *       table, then, in the same transaction, an {@code UPDATE ... JOIN} on the key and an
 *       {@code INSERT ... SELECT} of the new keys ({@link MySqlUpsert}). The last row of a key
 *       repeated in one load wins; a row that breaks another unique index fails the load and
 *       rolls it back. {@code rowsWritten} is rows updated plus rows inserted.</li>
 *   <li>{@code delete_insert} stages the rows the same way, then in the same transaction deletes
 *       the target rows whose key or partition values arrive and inserts the staged rows
 *       ({@link MySqlDeleteInsert}). {@code rowsWritten} is rows inserted.</li>
 *   <li>{@code replace} loads a staging table, then swaps it in with one
 *       {@code RENAME TABLE t TO old, staging TO t}: the rename of both is atomic, so a reader
 *       sees the old rows or the new, never an empty or half-filled table (a transaction
 *       around {@code DELETE} + {@code INSERT} would hold locks on every row for the whole
 *       load and a {@code TRUNCATE} commits at once).</li>
 *   <li>A table the load creates is dropped again when the load fails.</li>
 * </ul>
 *
 * Every mode sends the rows (into the target, or the replace or upsert staging table) with
 * {@code LOAD DATA LOCAL INFILE} fed from a stream of the rows ({@link MySqlLoadData}), MySQL's
 * bulk path: 2M rows in ~9 s against ~35 s as INSERTs (bench/run). Rows that come as CSV
 * ({@link #csvLoad}) take the same statement, converted by {@link CsvLoadDataStream}. Servers
 * with {@code local_infile} off get JDBC batches instead ({@link MySqlBatches}), into the same
 * tables.
 */
final class MySqlWriter implements ILoader, CsvImport {
    private static final String STAGING_MARK = "__osiris_";
    private final MySqlClient client;

    MySqlWriter(MySqlClient client) {
        this.client = requireNonNull(client, "client");
    }

    /** Whether a table is one of the loader's transient staging or swapped-out tables. */
    static boolean isStagingTable(String name) {
        return name.contains(STAGING_MARK);
    }

    /** Every mode, delete_insert included. */
    @Override
    public java.util.Set<WriteMode> writeModes() {
        return java.util.EnumSet.allOf(WriteMode.class);
    }

    @Override
    public LoadResult load(LoadRequest request, RowStream rows) {
        RowSchema schema = rows.schema();
        validate(request, schema);
        return write(request, schema, (c, table, step) -> client.localInfile(c)
                ? MySqlLoadData.send(c, table, schema, new LoadDataStream(rows, kinds(schema)), step)
                : MySqlBatches.send(c, insertSql(table, schema), rows));
    }

    /**
     * Any mode with the rows as CSV ({@link CsvLoadDataStream}), through the same
     * {@code LOAD DATA} statement, checks, table creation and staging as {@link #load}. Servers
     * where {@code LOAD DATA LOCAL} is off take the rows through {@link #load}.
     */
    @Override
    public java.util.Optional<CsvLoad> csvLoad(LoadRequest request, RowSchema schema) {
        validate(request, schema);
        try (Connection c = client.connection()) {
            if (!client.localInfile(c)) {
                return java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw client.failure("Loading into table " + request.table() + " failed", e);
        }
        return java.util.Optional.of(new CsvLoader(request, schema));
    }

    /** One CSV load; {@link #cancel} ends the CSV at its next read, so the load fails and rolls back. */
    private final class CsvLoader implements CsvLoad {
        private final LoadRequest request;
        private final RowSchema schema;
        private volatile CsvLoadDataStream data;
        private volatile boolean cancelled;

        CsvLoader(LoadRequest request, RowSchema schema) {
            this.request = request;
            this.schema = schema;
        }

        @Override
        public LoadResult readFrom(java.io.InputStream in) {
            CsvLoadDataStream stream = new CsvLoadDataStream(in, kinds(schema));
            data = stream;
            if (cancelled) {
                stream.cancel();
            }
            return write(request, schema, (c, table, step) -> MySqlLoadData.send(c, table, schema, stream, step));
        }

        @Override
        public void cancel() {
            cancelled = true;
            CsvLoadDataStream stream = data;
            if (stream != null) {
                stream.cancel();
            }
        }
    }

    /** Sends the rows of one load into {@code table}, inside the caller's transaction; returns how many. */
    @FunctionalInterface
    private interface Sender {
        long send(Connection c, MySqlTableName table, String step) throws SQLException;
    }

    private LoadResult write(LoadRequest request, RowSchema schema, Sender sender) {
        MySqlTableName target = MySqlTableName.parse(request.table());
        String step = request.mode().name().toLowerCase(Locale.ROOT) + " into table " + target;
        try (Connection c = client.connection()) {
            // Extractions set their sessions back to read-write; saying it again costs one round trip.
            MySqlExtractor.readOnly(c, false);
            return request.mode() == WriteMode.REPLACE
                    ? replace(c, target, request, schema, sender, step)
                    : insert(c, target, request, schema, sender, step);
        } catch (SQLException e) {
            throw client.failure("Loading (" + step + ") failed", e);
        }
    }

    static TypeKind[] kinds(RowSchema schema) {
        TypeKind[] kinds = new TypeKind[schema.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = schema.column(i).type().kind();
        }
        return kinds;
    }

    private static void validate(LoadRequest request, RowSchema schema) {
        if (schema.size() == 0) {
            throw new ValidationException("Cannot load into table " + request.table() + ": the rows have no columns");
        }
        List<String> missing = new ArrayList<>();
        for (String key : request.primaryKey()) {
            if (schema.indexOf(key) < 0) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new ValidationException("Cannot load into table " + request.table() + ": primary_key column(s) "
                    + missing + " are not among the columns " + schema.names());
        }
        List<String> partitions = request.partitionBy().stream().filter(p -> schema.indexOf(p) < 0).toList();
        if (!partitions.isEmpty()) {
            throw new ValidationException("Cannot load into table " + request.table() + ": partition_by column(s) "
                    + partitions + " are not among the columns " + schema.names());
        }
    }

    private LoadResult insert(Connection c, MySqlTableName target, LoadRequest request, RowSchema schema,
            Sender sender, String step) throws SQLException {
        boolean created = false;
        List<ColumnInfo> added = List.of();
        if (!exists(c, target)) {
            execute(c, createTable(target, schema, request.primaryKey()));
            created = true;
        } else {
            SchemaDiff diff = MySqlTargetTable.describe(c, target).diff(schema);
            diff.check(request);
            if (!diff.added().isEmpty()) {
                // DDL commits at once in MySQL, so a failed load drops these columns again below.
                added = diff.added();
                execute(c, MySqlTargetTable.addColumns(target, added));
            }
        }
        StagedWrite staged = null;
        try {
            if (request.mode() == WriteMode.UPSERT) {
                staged = MySqlUpsert.prepare(c, target, schema, request.primaryKey());
            } else if (request.mode() == WriteMode.DELETE_INSERT) {
                staged = new MySqlDeleteInsert(target, schema, request.deleteKey());
            }
            if (staged != null) {
                staged.createStaging(c);
            }
            c.setAutoCommit(false);
            long written = staged == null
                    ? sender.send(c, target, step)
                    : staged.merge(c, sender.send(c, staged.staging(), step));
            c.commit();
            return new LoadResult(written, created);
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            if (created) {
                StagingTables.dropAfterFailure(client, c, List.of(target), e);
            } else if (!added.isEmpty()) {
                dropAdded(c, target, added, e);
            }
            throw failure(step, e);
        } finally {
            c.setAutoCommit(true);
            if (staged != null) {
                dropStaging(c, staged);
            }
        }
    }

    /**
     * Drops an upsert's or delete_insert's temporary tables. The connection goes back to the pool, which keeps the
     * session: where the drop fails, the connection is discarded, and its session with them.
     */
    private void dropStaging(Connection c, StagedWrite staged) {
        try {
            staged.dropStaging(c);
        } catch (SQLException e) {
            client.discard(c);
        }
    }

    private LoadResult replace(Connection c, MySqlTableName target, LoadRequest request, RowSchema schema,
            Sender sender, String step) throws SQLException {
        StagingTables.sweep(c, target, StagingTables.STALE_SECONDS);
        boolean existed = exists(c, target);
        MySqlTableName staging = target.withTable(transientName(target.table(), "new"));
        MySqlTableName old = target.withTable(transientName(target.table(), "old"));
        MySqlTargetTable previous = existed ? MySqlTargetTable.describe(c, target) : null;
        SchemaDiff diff = existed ? previous.diff(schema) : null;
        if (existed && diff.isEmpty()) {
            // Same columns, keys and indexes as the table it replaces.
            execute(c, "CREATE TABLE " + staging.quoted() + " LIKE " + target.quoted());
        } else if (existed) {
            // Another shape: frozen, it fails; evolving, the new table takes the rows' shape.
            diff.check(request);
            execute(c, createTable(staging, schema, previous.keyFor(schema, request.primaryKey())));
        } else {
            execute(c, createTable(staging, schema, request.primaryKey()));
        }
        long written;
        try {
            c.setAutoCommit(false);
            try {
                written = sender.send(c, staging, step);
                c.commit();
            } finally {
                c.setAutoCommit(true);
            }
            if (existed) {
                execute(c, "RENAME TABLE " + target.quoted() + " TO " + old.quoted() + ", "
                        + staging.quoted() + " TO " + target.quoted());
                execute(c, "DROP TABLE " + old.quoted());
            } else {
                execute(c, "RENAME TABLE " + staging.quoted() + " TO " + target.quoted());
            }
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            StagingTables.dropAfterFailure(client, c, List.of(staging, old), e);
            throw failure(step, e);
        }
        return new LoadResult(written, !existed);
    }

    /** Drops the columns a failed load added, so the table is left as it was; what fails is suppressed. */
    private void dropAdded(Connection c, MySqlTableName target, List<ColumnInfo> added, Exception failure) {
        try {
            execute(c, MySqlTargetTable.dropColumns(target, added));
        } catch (SQLException | RuntimeException first) {
            try (Connection fresh = client.connection()) {
                execute(fresh, MySqlTargetTable.dropColumns(target, added));
            } catch (SQLException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** {@code CREATE TABLE} for a row schema: utf8mb4 with a binary collation, InnoDB, optional key. */
    static String createTable(MySqlTableName table, RowSchema schema, List<String> primaryKey) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table.quoted()).append(" (");
        for (int i = 0; i < schema.size(); i++) {
            ColumnInfo column = schema.column(i);
            boolean key = primaryKey.contains(column.name());
            boolean nullable = column.nullable() && !key;
            sql.append(i == 0 ? "" : ", ").append(SqlDialect.MYSQL.quote(column.name())).append(' ')
                    .append(MySqlTypes.ddl(column.type(), key));
            if (nullable) {
                // An explicit NULL default keeps MySQL from giving the first TIMESTAMP column an
                // automatic DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP.
                sql.append(column.type().kind() == TypeKind.TIMESTAMP_TZ ? " NULL DEFAULT NULL" : " NULL");
            } else {
                sql.append(" NOT NULL");
            }
        }
        if (!primaryKey.isEmpty()) {
            sql.append(", PRIMARY KEY (");
            for (int i = 0; i < primaryKey.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(SqlDialect.MYSQL.quote(primaryKey.get(i)));
            }
            sql.append(')');
        }
        // Binary collation: strings compare exactly, so 'a' and 'A' are different keys.
        return sql.append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin").toString();
    }

    /** The {@code INSERT} of one row, for JDBC batches. */
    static String insertSql(MySqlTableName table, RowSchema schema) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.quoted()).append(" (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < schema.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(SqlDialect.MYSQL.quote(schema.column(i).name()));
            values.append(i == 0 ? "?" : ", ?");
        }
        return sql.append(") VALUES (").append(values).append(')').toString();
    }

    /** A staging or swapped-out name, unique per load and within MySQL's 64 characters. */
    static String transientName(String table, String role) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String suffix = STAGING_MARK + role + "_" + HexFormat.of().formatHex(random);
        String base = table.length() + suffix.length() > 64 ? table.substring(0, 64 - suffix.length()) : table;
        return base + suffix;
    }

    private boolean exists(Connection c, MySqlTableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = COALESCE(NULLIF(?, ''), DATABASE()) AND TABLE_NAME = ?")) {
            ps.setString(1, table.database());
            ps.setString(2, table.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private OsirisException failure(String step, Exception e) {
        if (e instanceof SQLException sql) {
            return client.failure("Loading (" + step + ") failed; the table is left as it was", sql);
        }
        if (e instanceof ConnectionException || e instanceof ValidationException) {
            return (OsirisException) e;
        }
        return new ExecutionFailedException("Loading (" + step + ") failed; the table is left as it was: "
                + e.getMessage(), e);
    }
}
