package io.osiris.core.duckdb;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBConnection;

/**
 * The engine's basic operations on its tables: rows copied in through the Appender, tables
 * created empty or from SQL, described and read back.
 */
final class EngineTables {
    private final EngineSession session;

    EngineTables(EngineSession session) {
        this.session = session;
    }

    Loaded load(String table, RowStream rows, LoadProgress progress) {
        try (DuckDBConnection c = session.connection()) {
            session.execute(c, "CREATE TABLE " + Sql.quote(table) + " "
                    + AppenderWriter.columnsDdl(EngineSql.notNullFree(rows.schema()), List.of()));
            return append(c, table, rows, progress);
        } catch (SQLException e) {
            throw session.failure("Staging step " + table, e);
        }
    }

    /** Appends {@code rows} to {@code table} on {@code c} in one transaction: all of them or none. */
    Loaded append(DuckDBConnection c, String table, RowStream rows, LoadProgress progress) throws SQLException {
        // One transaction for the whole copy: the Appender hands DuckDB a chunk every 2,048 rows
        // (its vector size), and in auto-commit mode every chunk is a commit of its own.
        c.setAutoCommit(false);
        AppenderWriter.Appended appended = AppenderWriter.append(c, "main", table, rows, progress::rows,
                session::cancelled);
        c.commit();
        return new Loaded(appended.rows(), appended.bytes());
    }

    void createEmpty(String table, RowSchema schema) {
        try (DuckDBConnection c = session.connection()) {
            session.execute(c, "CREATE TABLE " + Sql.quote(table) + " "
                    + AppenderWriter.columnsDdl(EngineSql.notNullFree(schema), List.of()));
        } catch (SQLException e) {
            throw session.failure("Creating table " + table, e);
        }
    }

    long createTable(String table, String selectSql) {
        try (DuckDBConnection c = session.connection()) {
            session.execute(c, "CREATE TABLE " + Sql.quote(table) + " AS " + selectSql);
            return session.count(c, table);
        } catch (SQLException e) {
            throw session.failure("Transform " + table, e);
        }
    }

    long deleteRows(String table, String condition) {
        try (DuckDBConnection c = session.connection(); Statement s = c.createStatement()) {
            return s.executeLargeUpdate("DELETE FROM " + Sql.quote(table) + " WHERE " + condition);
        } catch (SQLException e) {
            throw session.failure("Deleting rows of " + table, e);
        }
    }

    RowSchema schemaOf(String table) {
        try (DuckDBConnection c = session.connection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.quote(table) + " LIMIT 0")) {
            return ResultSetRowStream.schemaOf(rs.getMetaData());
        } catch (SQLException e) {
            throw session.failure("Describing table " + table, e);
        }
    }

    RowStream read(String table) {
        DuckDBConnection c = null;
        Statement s = null;
        try {
            c = session.connection();
            s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT * FROM " + Sql.quote(table));
            return new ResultSetRowStream(c, true, s, rs, "table " + table);
        } catch (SQLException e) {
            EngineSession.closeQuietly(s);
            EngineSession.closeQuietly(c);
            throw session.failure("Reading table " + table, e);
        }
    }
}
