package io.osiris.core.duckdb;

import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.ConcurrentIngest;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB's {@link ConcurrentIngest}: each part on a connection of its own, in a transaction of
 * its own (an Appender's rows or one {@code INSERT ... FROM read_csv(pipe)}), so a part that
 * fails leaves no row, and parts never wait for each other: DuckDB's appends do not conflict.
 */
final class DuckDbConcurrentIngest implements ConcurrentIngest {
    private final EngineSession session;
    private final EngineTables tables;
    private final PipedCsvIngest csv;

    DuckDbConcurrentIngest(EngineSession session, EngineTables tables, PipedCsvIngest csv) {
        this.session = session;
        this.tables = tables;
        this.csv = csv;
    }

    @Override
    public Parts begin(String table, RowSchema schema) {
        tables.createEmpty(table, schema);
        return new Parts() {
            private volatile boolean complete;
            private volatile boolean closed;

            @Override
            public Loaded append(RowStream rows, LoadProgress progress) {
                try (DuckDBConnection c = session.connection()) {
                    return tables.append(c, table, rows, progress);
                } catch (SQLException e) {
                    throw session.failure("Staging a split of step " + table, e);
                }
            }

            @Override
            public Optional<Loaded> appendCsv(CsvCopy copy, LoadProgress progress) {
                return csv.appendCsv(table, copy, progress);
            }

            @Override
            public void complete() {
                complete = true;
            }

            @Override
            public void close() {
                if (closed || complete) {
                    return;
                }
                closed = true;
                try (DuckDBConnection c = session.cleanupConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + Sql.quote(table));
                } catch (SQLException e) {
                    throw session.failure("Dropping the table of step " + table, e);
                }
            }
        };
    }
}
