package io.osiris.core.duckdb;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.DatabaseFileScan;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB's {@link DatabaseFileScan}: a DuckDB file attached read-only to the engine's
 * database, its extraction run in SQL there, so DuckDB reads its own file (or the Parquet a
 * query names) in C++, in parallel, instead of handing every value to Java and back.
 */
final class AttachedFileScan implements DatabaseFileScan {
    private static final Logger LOG = LoggerFactory.getLogger(AttachedFileScan.class);

    /** Keeps the names of attached source files apart. */
    private static final AtomicLong NAMES = new AtomicLong();

    private final EngineSession session;
    private final PipedCsvEgress egress;

    AttachedFileScan(EngineSession session, PipedCsvEgress egress) {
        this.session = session;
        this.egress = egress;
    }

    @Override
    public boolean opens(String format) {
        return DuckDbConnectorProvider.TYPE.equals(format);
    }

    /**
     * Copies the extraction in SQL: a 2M-row {@code read_parquet} extract took 4.2s streamed
     * (bench/run, the load cases). The table gets the portable column types a streamed load
     * would give it (the INSERT casts), and only when every column's DuckDB type maps to one
     * exactly; otherwise, or when the file cannot be attached (missing, locked, already
     * attached), this declines and the runner streams the rows as before.
     */
    @Override
    public Optional<Loaded> loadFromFile(String table, Path file, Extraction extraction) {
        return withAttached(file, extraction, "Staging step " + table, (c, engineCatalog, sql, schema) -> {
            String target = Sql.quote(engineCatalog) + ".main." + Sql.quote(table);
            session.execute(c, "CREATE TABLE " + target + " "
                    + AppenderWriter.columnsDdl(EngineSql.notNullFree(schema), List.of()));
            try (Statement s = c.createStatement()) {
                return Optional.of(new Loaded(session.update(s, "INSERT INTO " + target
                        + " SELECT * FROM (" + sql + "\n) AS osiris_q"), -1));
            } catch (SQLException e) {
                try {
                    session.execute(c, "DROP TABLE IF EXISTS " + target);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
    }

    /**
     * Hands the rows of an extraction from a DuckDB file straight to a loader as CSV text (see
     * {@link PipedCsvEgress}), with no table in between: the file is read while the database
     * takes the rows. The values are those {@link #loadFromFile} would stage.
     */
    @Override
    public Optional<LoadResult> loadFileInto(Path file, Extraction extraction,
            Function<RowSchema, Optional<CsvLoad>> loader) {
        return withAttached(file, extraction, "Reading " + file.getFileName(), (c, engineCatalog, sql, schema) -> {
            // The columns cast to the types a staged table would have, described as such.
            StringBuilder casts = new StringBuilder("SELECT ");
            for (int i = 0; i < schema.size(); i++) {
                var column = schema.column(i);
                casts.append(i > 0 ? ", " : "").append("CAST(").append(Sql.quote(column.name())).append(" AS ")
                        .append(DuckDbTypes.toDuckDb(column.type())).append(") AS ").append(Sql.quote(column.name()));
            }
            String staged = casts.append(" FROM (").append(sql).append("\n) AS osiris_q").toString();
            RowSchema stagedSchema;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(staged + " LIMIT 0")) {
                stagedSchema = ResultSetRowStream.schemaOf(rs.getMetaData());
            }
            var load = loader.apply(stagedSchema);
            if (load.isEmpty()) {
                return Optional.empty();
            }
            // The copy runs on a connection of its own: names resolve in the file there too.
            return egress.throughLoader(file.getFileName().toString(), "USE " + Sql.quote(currentCatalog(c)),
                    EngineSql.csvText(stagedSchema, "(" + staged + ") AS osiris_staged"), load.get());
        });
    }

    /** The catalog a connection uses now (the attached file's, inside {@link #withAttached}). */
    private static String currentCatalog(DuckDBConnection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** What runs on a DuckDB file attached read-only, its extraction's SQL and schema at hand. */
    @FunctionalInterface
    private interface OnAttached<T> {
        Optional<T> run(DuckDBConnection c, String engineCatalog, String sql, RowSchema schema)
                throws SQLException;
    }

    /**
     * Attaches a DuckDB file read-only, with unqualified names in the extraction resolving in it
     * as they would through the duckdb connector, and runs {@code action}; detaches again after.
     * Declines when the file cannot be attached (missing, locked, already attached), a column's
     * type has no exact portable form, or the SQL fails other than by cancellation: the
     * connector then runs the query and reports its errors in its own words.
     */
    private <T> Optional<T> withAttached(Path file, Extraction extraction, String what, OnAttached<T> action) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String alias = "osiris_src_" + NAMES.incrementAndGet();
        String sql = DuckDbExtractor.sqlOf(extraction);
        try (DuckDBConnection c = session.connection()) {
            String engineCatalog = currentCatalog(c);
            try {
                session.execute(c, "ATTACH " + Sql.literal(file.toString()) + " AS " + Sql.quote(alias)
                        + " (READ_ONLY)");
            } catch (SQLException e) {
                LOG.debug("Cannot attach {} ({}); streaming its rows instead", file, e.getMessage());
                return Optional.empty();
            }
            try {
                session.execute(c, "USE " + Sql.quote(alias));
                RowSchema schema;
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + "\n) AS osiris_q LIMIT 0")) {
                    var md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        if (!DuckDbTypes.mapsExactly(md.getColumnTypeName(i))) {
                            LOG.debug("Column {} of {} has type {}; streaming its rows instead", md.getColumnLabel(i),
                                    file, md.getColumnTypeName(i));
                            return Optional.empty();
                        }
                    }
                    schema = ResultSetRowStream.schemaOf(md);
                }
                return action.run(c, engineCatalog, sql, schema);
            } catch (SQLException e) {
                if (session.cancelled()) {
                    throw session.failure(what, e);
                }
                LOG.debug("Copying from {} in SQL failed ({}); streaming its rows instead", file, e.getMessage());
                return Optional.empty();
            } finally {
                try {
                    session.execute(c, "USE " + Sql.quote(engineCatalog));
                    session.execute(c, "DETACH " + Sql.quote(alias));
                } catch (SQLException e) {
                    LOG.warn("Cannot detach {} from the engine: {}", file, e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw session.failure(what, e);
        }
    }
}
