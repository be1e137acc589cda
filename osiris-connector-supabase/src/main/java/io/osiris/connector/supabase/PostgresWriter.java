package io.osiris.connector.supabase;

import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvLoad;
import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.SchemaDiff;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads rows with {@code COPY ... FROM STDIN}: rows of a {@link RowStream} encoded here in COPY
 * text (see {@link CopyTextEncoder}), or the transform engine's CSV passed through as it comes
 * ({@link #csvLoad}, see {@link PostgresCsvLoad}), which spares decoding and encoding every value.
 * Both take the same path below: each load in one transaction, so a failure half-way (the
 * source dies, a key is duplicated) leaves the target as it was, and a table the failed load
 * created is gone with the rollback. COPY must report as many rows as were sent.
 *
 * <ul>
 *   <li>append: COPY into the target (created from the row schema when missing).</li>
 *   <li>replace: COPY into a staging table shaped like the target, then swap names and drop the
 *       old table in the same transaction: readers see the old rows until commit, never an empty
 *       table, and are blocked only for the swap and index build, not for the load. A swap would
 *       lose what hangs on the old table (RLS policies, triggers, foreign keys pointing at it, views,
 *       publications such as Supabase Realtime, identity/serial sequences); for such a table replace
 *       is {@code DELETE} + COPY in the same transaction instead, which keeps them and under MVCC
 *       equally never shows an empty table.</li>
 *   <li>upsert: COPY into a temporary staging table, then {@code INSERT ... SELECT ... ON CONFLICT
 *       (key) DO UPDATE}. The key needs a unique index: created when Osiris created the table (it
 *       marks its tables with a comment), otherwise the load fails naming table and columns. A key
 *       may come more than once in one load: the last row for it wins, as a sequence of upserts (or
 *       MySQL's {@code ON DUPLICATE KEY UPDATE}) would have it, where PostgreSQL would refuse to
 *       update one row twice in a command. A missing table is created and then upserted into the
 *       same way, so the first load takes repeated keys as the later ones do. The count is of rows
 *       inserted or updated in the target, one per distinct key (rows with a NULL key column, which
 *       a unique index but not a primary key allows, are each their own); where every column is
 *       key there is nothing to update, and it counts only the keys that were new.</li>
 *   <li>delete_insert: see {@link PostgresDeleteInsert}; into a table this load creates, a plain COPY.</li>
 * </ul>
 */
final class PostgresWriter implements ILoader, CsvImport {
    /** Comment Osiris puts on the tables it creates, so later loads know they may add an index. */
    static final String CREATED_MARK = "Created by Osiris";
    private static final int MAX_IDENTIFIER_BYTES = 63;

    private final PostgresClient client;

    PostgresWriter(PostgresClient client) {
        this.client = requireNonNull(client, "client");
    }

    /** Every mode, delete_insert included. */
    @Override
    public java.util.Set<WriteMode> writeModes() {
        return java.util.EnumSet.allOf(WriteMode.class);
    }

    @Override
    public LoadResult load(LoadRequest request, RowStream rows) {
        return run(request, rows.schema(), encoded(rows), new RunningConnection());
    }

    /**
     * Every schema but one: a lone {@code \.} line ends COPY's CSV data before PostgreSQL 18, and
     * only a one-column string row can be such a line unquoted, so that load goes through {@link #load}.
     */
    @Override
    public Optional<CsvLoad> csvLoad(LoadRequest request, RowSchema schema) {
        if (schema.size() == 1 && schema.column(0).type().kind() == TypeKind.STRING) {
            return Optional.empty();
        }
        return Optional.of(new PostgresCsvLoad(this, request, schema));
    }

    /** One load in one transaction, whatever feeds its COPY; {@code running} can cancel it. */
    LoadResult run(LoadRequest request, RowSchema schema, CopySource source, RunningConnection running) {
        validate(request, schema);
        PgTableName table = PgTableName.resolve(request.table(), client.settings().defaultSchema());
        String context = "loading into table " + request.table();
        try (Connection c = client.connection()) {
            c.setAutoCommit(false);
            try {
                running.start(c, context);
                LoadResult result = load(c, table, request, schema, source);
                running.check(context);
                c.commit();
                return result;
            } catch (Exception e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                running.stop();
            }
        } catch (SQLException e) {
            throw client.failure(running.cancelled() ? context + " (cancelled)" : context, e);
        }
    }

    private LoadResult load(Connection c, PgTableName table, LoadRequest request, RowSchema schema,
            CopySource rows) throws SQLException {
        Optional<PgCatalog.Target> existing = PgCatalog.find(c, table);
        if (existing.isPresent() && existing.get().kind() != 'r' && existing.get().kind() != 'p') {
            throw new ExecutionFailedException("cannot load into " + request.table() + ": it is not a table ("
                    + (existing.get().kind() == 'v' ? "a view" : "relkind " + existing.get().kind()) + ")");
        }
        if (existing.isEmpty()) {
            // A new table is simply filled, all in this transaction; but an upsert still goes through
            // staging, where a key repeated in the rows is one row and not a primary key violation.
            PgCatalog.createTable(c, table, schema, request.primaryKey());
            long n = request.mode() == WriteMode.UPSERT ? upsertRows(c, table, schema, rows, request)
                    : copy(c, table, schema, rows, request.table());
            return new LoadResult(n, true);
        }
        PgCatalog.Target target = existing.get();
        PgTargetTable shape = PgTargetTable.describe(c, target.oid());
        SchemaDiff diff = shape.diff(schema);
        if (request.mode() != WriteMode.REPLACE || !diff.isEmpty() && PgCatalog.hasAttachments(c, target.oid())) {
            // Within this transaction: a failed load takes the added columns back. A replace here
            // keeps the table (what hangs on it), so its rows must fit it as an append's would.
            diff.check(request.mode() == WriteMode.REPLACE ? new LoadRequest(request.table(), WriteMode.APPEND,
                    request.primaryKey(), request.schemaPolicy()) : request);
            PgTargetTable.addColumns(c, table, diff.added());
        } else {
            // A replace that evolves takes the rows' shape, whatever it is; a frozen one refuses any change.
            diff.check(request);
        }
        return switch (request.mode()) {
            case APPEND -> new LoadResult(copy(c, table, schema, rows, request.table()), false);
            case REPLACE -> new LoadResult(replace(c, table, target, schema, rows, request,
                    diff.isEmpty() ? List.of() : shape.keyFor(schema, request.primaryKey()), diff.isEmpty()), false);
            case UPSERT -> new LoadResult(upsert(c, table, target, schema, rows, request), false);
            case DELETE_INSERT -> new LoadResult(PostgresDeleteInsert.run(c, table, schema, request.deleteKey(),
                    staging -> copy(c, staging, schema, rows, request.table())), false);
        };
    }

    private static void validate(LoadRequest request, RowSchema schema) {
        if (schema.size() == 0) {
            throw new ValidationException("cannot load into " + request.table() + ": the rows have no columns");
        }
        List<String> missing = request.primaryKey().stream().filter(k -> schema.indexOf(k) < 0).toList();
        if (!missing.isEmpty()) {
            throw new ValidationException("primary_key " + missing + " of the load into " + request.table()
                    + " is not among the columns " + schema.names());
        }
        List<String> partitions = request.partitionBy().stream().filter(k -> schema.indexOf(k) < 0).toList();
        if (!partitions.isEmpty()) {
            throw new ValidationException("partition_by " + partitions + " of the load into " + request.table()
                    + " is not among the columns " + schema.names());
        }
    }

    // ------------------------------------------------------------------ modes

    private long replace(Connection c, PgTableName table, PgCatalog.Target target, RowSchema schema, CopySource rows,
            LoadRequest request, List<String> newKey, boolean sameShape) throws SQLException {
        String display = request.table();
        if (PgCatalog.hasAttachments(c, target.oid())) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + table.sql());
            }
            return copy(c, table, schema, rows, display);
        }
        List<String> rebuild = PgCatalog.indexAndKeyDefinitions(c, target.oid(), table);
        List<String> grants = PgCatalog.grants(c, target.oid(), table);
        PgTableName staging = table.sibling(shortName(table.table(), "_osiris_new"));
        PgTableName old = table.sibling(shortName(table.table(), "_osiris_old"));
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + staging.sql());
        }
        if (sameShape) {
            try (Statement s = c.createStatement()) {
                // Columns, defaults, CHECK constraints and comments; indexes come after the load
                // (faster, and with their original names).
                s.execute("CREATE TABLE " + staging.sql() + " (LIKE " + table.sql()
                        + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING COMMENTS"
                        + " INCLUDING STORAGE)");
            }
        } else {
            // Another shape (schema: evolve): the new table takes the rows' columns and the key
            // that still applies; the old indexes follow where their columns remain.
            PgCatalog.createTable(c, staging, schema, newKey);
            rebuild = rebuild.stream().filter(ddl -> !ddl.contains(" PRIMARY KEY ")).toList();
        }
        long n = copy(c, staging, schema, rows, display);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table.sql() + " RENAME TO " + SqlDialect.POSTGRES.quote(old.table()));
            s.execute("ALTER TABLE " + staging.sql() + " RENAME TO " + SqlDialect.POSTGRES.quote(table.table()));
            s.execute("DROP TABLE " + old.sql());
            if (sameShape) {
                for (String ddl : rebuild) {
                    s.execute(ddl);
                }
            } else {
                PgTargetTable.rebuildWhatFits(c, rebuild, display);
            }
            for (String grant : grants) {
                s.execute(grant);
            }
            if (!target.comment().isEmpty()) {
                s.execute("COMMENT ON TABLE " + table.sql() + " IS " + literal(target.comment()));
            }
        }
        return n;
    }

    private long upsert(Connection c, PgTableName table, PgCatalog.Target target, RowSchema schema, CopySource rows,
            LoadRequest request) throws SQLException {
        List<String> key = request.primaryKey();
        if (!PgCatalog.hasUniqueIndex(c, target.oid(), key)) {
            String columns = key.stream().map(SqlDialect.POSTGRES::quote).collect(Collectors.joining(", "));
            if (target.comment().startsWith(CREATED_MARK)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE UNIQUE INDEX " + SqlDialect.POSTGRES.quote(shortName(table.table(), "_osiris_key"))
                            + " ON " + table.sql() + " (" + columns + ")");
                }
            } else {
                throw new ExecutionFailedException("upsert into table " + request.table() + " needs a primary key or "
                        + "unique index on " + key + ", and the table has none. Add one (CREATE UNIQUE INDEX ON "
                        + table.sql() + " (" + columns + ")) or load with mode append or replace.");
            }
        }
        return upsertRows(c, table, schema, rows, request);
    }

    /**
     * The upsert proper, into a table whose key has a unique index: the rows are staged, then
     * merged with one {@code INSERT ... ON CONFLICT}, the last row for each key only. Returns the
     * rows inserted or updated.
     */
    private long upsertRows(Connection c, PgTableName table, RowSchema schema, CopySource rows, LoadRequest request)
            throws SQLException {
        List<String> key = request.primaryKey();
        PgTableName staging = new PgTableName("pg_temp", "osiris_upsert_stage", false);
        String columns = schema.names().stream().map(SqlDialect.POSTGRES::quote).collect(Collectors.joining(", "));
        // Numbers the staged rows in the order COPY reads them (COPY does not name it, so it takes
        // its default), which is how the last row for a key is known.
        String seq = SqlDialect.POSTGRES.quote(unusedName("osiris_seq", schema.names()));
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + staging.sql());
            // ON COMMIT DROP: also right behind a transaction pooler, where a session outlives us.
            s.execute("CREATE TEMPORARY TABLE osiris_upsert_stage ON COMMIT DROP AS SELECT " + columns + " FROM "
                    + table.sql() + " WITH NO DATA");
            s.execute("ALTER TABLE " + staging.sql() + " ADD COLUMN " + seq + " bigint GENERATED ALWAYS AS IDENTITY");
        }
        copy(c, staging, schema, rows, request.table());
        List<String> updates = schema.names().stream().filter(n -> !key.contains(n))
                .map(n -> SqlDialect.POSTGRES.quote(n) + " = EXCLUDED." + SqlDialect.POSTGRES.quote(n)).toList();
        String conflict = key.stream().map(SqlDialect.POSTGRES::quote).collect(Collectors.joining(", "));
        // DISTINCT ON takes NULLs as equal, a unique index does not: a row with a NULL key column
        // never conflicts and is inserted as it was before, so each such row is its own group.
        String anyNull = key.stream().map(k -> SqlDialect.POSTGRES.quote(k) + " IS NULL")
                .collect(Collectors.joining(" OR "));
        String groups = conflict + ", CASE WHEN " + anyNull + " THEN " + seq + " END";
        // One row per key, the last: ON CONFLICT DO UPDATE refuses to touch a row twice in a command.
        String sql = "INSERT INTO " + table.sql() + " (" + columns + ") SELECT DISTINCT ON (" + groups + ") "
                + columns + " FROM " + staging.sql() + " ORDER BY " + groups + ", " + seq + " DESC"
                + " ON CONFLICT (" + conflict + ") DO "
                + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates));
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(sql);
        }
    }

    // ------------------------------------------------------------------ COPY

    /**
     * Where a COPY's rows come from: rows encoded here (COPY text), or CSV text written by the
     * transform engine ({@link PostgresCsvLoad}).
     */
    interface CopySource {
        /** The COPY options the text needs, after {@code FROM STDIN}. */
        String options();

        /**
         * Sends every row into {@code copy}; returns how many it sent, which COPY must confirm.
         *
         * @throws ExecutionFailedException when the rows fail, naming {@code display} and how far they came
         */
        long sendTo(CopyIn copy, String display) throws SQLException;
    }

    private long copy(Connection c, PgTableName table, RowSchema schema, CopySource rows, String display)
            throws SQLException {
        String columns = schema.names().stream().map(SqlDialect.POSTGRES::quote).collect(Collectors.joining(", "));
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table.sql() + " (" + columns + ") FROM STDIN" + rows.options());
        try {
            long sent = rows.sendTo(copy, display);
            long copied = copy.endCopy();
            if (copied != sent) {
                throw new ExecutionFailedException("loading into table " + display + " failed: " + sent
                        + " rows were sent but COPY read " + copied + ". Nothing was written.");
            }
            return copied;
        } finally {
            if (copy.isActive()) {
                try {
                    copy.cancelCopy();
                } catch (SQLException ignored) {
                    // The load already failed; the rollback that follows discards everything.
                }
            }
        }
    }

    /** The rows of a stream, encoded here in COPY text. */
    private static CopySource encoded(RowStream rows) {
        TypeKind[] kinds = rows.schema().columns().stream().map(col -> col.type().kind()).toArray(TypeKind[]::new);
        return new CopySource() {
            @Override
            public String options() {
                return "";
            }

            @Override
            public long sendTo(CopyIn copy, String display) throws SQLException {
                CopyTextEncoder encoder = new CopyTextEncoder(copy::writeToCopy);
                long read = 0;
                try {
                    while (nextRow(rows, display, read)) {
                        read++;
                        encoder.writeRow(rows, kinds);
                    }
                    encoder.flush();
                    return read;
                } catch (SQLException | OsirisException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ExecutionFailedException("loading into table " + display + " failed at row " + read
                            + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private static boolean nextRow(RowStream rows, String display, long read) {
        try {
            return rows.next();
        } catch (RuntimeException e) {
            throw new ExecutionFailedException("loading into table " + display + " failed after " + read
                    + " rows: the source failed: " + e.getMessage() + ". Nothing was written.", e);
        }
    }

    /** {@code table + suffix}, shortened to PostgreSQL's 63-byte identifier limit. */
    static String shortName(String table, String suffix) {
        String name = table;
        while ((name + suffix).getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
            name = name.substring(0, name.length() - 1);
        }
        return name + suffix;
    }

    /** {@code name}, lengthened with underscores until it is none of {@code taken}. */
    private static String unusedName(String name, List<String> taken) {
        String unused = name;
        while (taken.contains(unused)) {
            unused += "_";
        }
        return unused;
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The load's own failure is the one to report.
        }
    }
}
