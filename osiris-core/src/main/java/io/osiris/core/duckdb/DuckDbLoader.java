package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.SchemaDiff;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.RowStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * Writes rows into a table of a DuckDB file in one transaction: a failure anywhere, in the
 * source stream or in DuckDB, rolls back to the table as it was. Upserts and delete_inserts stage
 * the rows in a scratch table, then delete the matching keys (or partitions) and insert, inside
 * the same transaction.
 */
final class DuckDbLoader implements ILoader {
    private final DuckDbConnector connector;

    DuckDbLoader(DuckDbConnector connector) {
        this.connector = connector;
    }

    /** Every mode, delete_insert included. */
    @Override
    public java.util.Set<WriteMode> writeModes() {
        return java.util.EnumSet.allOf(WriteMode.class);
    }

    @Override
    public LoadResult load(LoadRequest request, RowStream rows) {
        for (String key : keyColumns(request)) {
            if (rows.schema().indexOf(key) < 0) {
                throw new ValidationException("Key column '" + key + "' of the load into " + request.table()
                        + " is not among the rows' columns " + rows.schema().names() + ".");
            }
        }
        String[] name = DuckDbConnector.split(request.table());
        String target = Sql.quote(name[0]) + "." + Sql.quote(name[1]);
        try (DuckDBConnection c = connector.connect(true)) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                boolean exists = exists(c, name);
                boolean byName = false;
                if (!exists) {
                    s.execute("CREATE TABLE " + target + " "
                            + AppenderWriter.columnsDdl(rows.schema(), request.primaryKey()));
                } else {
                    // All in this transaction: a failed load takes back what the schema policy changed.
                    DuckDbTargetTable table = DuckDbTargetTable.describe(c, name);
                    SchemaDiff diff = table.diff(rows.schema());
                    if (request.mode() == WriteMode.REPLACE && !diff.isEmpty()) {
                        diff.check(request);
                        s.execute("DROP TABLE " + target);
                        s.execute("CREATE TABLE " + target + " " + AppenderWriter.columnsDdl(rows.schema(),
                                table.keyFor(rows.schema(), request.primaryKey())));
                    } else {
                        diff.check(request);
                        for (var column : diff.added()) {
                            s.execute("ALTER TABLE " + target + " ADD COLUMN " + Sql.quote(column.name()) + " "
                                    + DuckDbTypes.toDuckDb(column.type()));
                        }
                        byName = !table.columns().names().equals(rows.schema().names());
                    }
                }
                long written;
                if (request.mode() == WriteMode.UPSERT) {
                    // Staged even into a new table, so a key repeated in one load keeps its last row
                    // (the stage's rowid is arrival order), as a sequence of upserts would; a row with
                    // a NULL key matches nothing and is kept.
                    String stage = "osiris_stage_" + UUID.randomUUID().toString().replace("-", "");
                    s.execute("CREATE TABLE main." + Sql.quote(stage) + " "
                            + AppenderWriter.columnsDdl(rows.schema(), List.of()));
                    AppenderWriter.append(c, "main", stage, rows, (r, b) -> { }, () -> false);
                    String keys = request.primaryKey().stream().map(Sql::quote).collect(Collectors.joining(", "));
                    String nullKey = request.primaryKey().stream().map(k -> Sql.quote(k) + " IS NULL")
                            .collect(Collectors.joining(" OR "));
                    s.execute("DELETE FROM " + target + " WHERE (" + keys + ") IN (SELECT " + keys + " FROM main."
                            + Sql.quote(stage) + ")");
                    written = s.executeLargeUpdate("INSERT INTO " + target + " BY NAME SELECT * FROM main."
                            + Sql.quote(stage) + " QUALIFY row_number() OVER (PARTITION BY " + keys
                            + " ORDER BY rowid DESC) = 1 OR " + nullKey);
                    s.execute("DROP TABLE main." + Sql.quote(stage));
                } else if (request.mode() == WriteMode.DELETE_INSERT) {
                    written = deleteInsert(c, s, target, request, rows);
                } else {
                    if (request.mode() == WriteMode.REPLACE && exists) {
                        s.execute("DELETE FROM " + target);
                    }
                    written = byName ? appendByName(c, s, target, rows)
                            : AppenderWriter.append(c, name[0], name[1], rows, (r, b) -> { }, () -> false).rows();
                }
                c.commit();
                return new LoadResult(written, !exists);
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                String cause = e.getMessage();
                if (e instanceof OsirisException oe && !(e instanceof ExecutionFailedException)) {
                    throw oe;
                }
                throw new ExecutionFailedException("Loading into " + request.table() + " of DuckDB file "
                        + connector.path() + " failed; the table is unchanged: " + cause, e);
            }
        } catch (SQLException e) {
            throw new ExecutionFailedException("Loading into " + request.table() + " of DuckDB file "
                    + connector.path() + " failed: " + e.getMessage(), e);
        }
    }

    private static List<String> keyColumns(LoadRequest request) {
        List<String> all = new java.util.ArrayList<>(request.primaryKey());
        request.partitionBy().stream().filter(c -> !all.contains(c)).forEach(all::add);
        return all;
    }

    /**
     * Stages the rows, deletes the target rows whose delete key arrives (NULL matching NULL), and
     * inserts the staged rows, all in the caller's transaction; returns the rows inserted.
     */
    private static long deleteInsert(DuckDBConnection c, Statement s, String target, LoadRequest request,
            RowStream rows) throws SQLException {
        String stage = "osiris_stage_" + UUID.randomUUID().toString().replace("-", "");
        String staged = "main." + Sql.quote(stage);
        s.execute("CREATE TABLE " + staged + " " + AppenderWriter.columnsDdl(rows.schema(), List.of()));
        AppenderWriter.append(c, "main", stage, rows, (r, b) -> { }, () -> false);
        String matches = request.deleteKey().stream()
                .map(k -> target + "." + Sql.quote(k) + " IS NOT DISTINCT FROM s." + Sql.quote(k))
                .collect(Collectors.joining(" AND "));
        s.execute("DELETE FROM " + target + " USING (SELECT DISTINCT " + request.deleteKey().stream()
                .map(Sql::quote).collect(Collectors.joining(", ")) + " FROM " + staged + ") s WHERE " + matches);
        long written = s.executeLargeUpdate("INSERT INTO " + target + " BY NAME SELECT * FROM " + staged);
        s.execute("DROP TABLE " + staged);
        return written;
    }

    /**
     * Appends rows whose columns are not the table's, in number or order: the Appender writes
     * by position, so they go to a scratch table and over by name; a column the rows lack gets
     * its default or NULL.
     */
    private static long appendByName(DuckDBConnection c, Statement s, String target, RowStream rows)
            throws SQLException {
        String stage = "osiris_stage_" + UUID.randomUUID().toString().replace("-", "");
        s.execute("CREATE TABLE main." + Sql.quote(stage) + " " + AppenderWriter.columnsDdl(rows.schema(), List.of()));
        AppenderWriter.append(c, "main", stage, rows, (r, b) -> { }, () -> false);
        long written = s.executeLargeUpdate("INSERT INTO " + target + " BY NAME SELECT * FROM main." + Sql.quote(stage));
        s.execute("DROP TABLE main." + Sql.quote(stage));
        return written;
    }

    private static boolean exists(DuckDBConnection c, String[] name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM duckdb_tables() WHERE database_name = "
                + "current_database() AND schema_name = ? AND table_name = ?")) {
            ps.setString(1, name[0]);
            ps.setString(2, name[1]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void rollback(DuckDBConnection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The transaction is already gone; DuckDB discards it with the connection.
        }
    }
}
