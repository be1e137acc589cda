package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.CsvIngest;
import io.osiris.core.engine.TransformEngine.FileFormat;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB's {@link CsvIngest}: a source's CSV copy piped through a named pipe into DuckDB's CSV
 * reader. The text is parsed in C++ instead of every value crossing JNI through the Appender,
 * which flushes every 2,048 rows. Linux and macOS only ({@code mkfifo}); elsewhere this
 * declines.
 *
 * <p>The reader is told every column's type (no sniffing), that an unquoted empty field is
 * NULL and a quoted one an empty string; binary columns are read as their {@code \x...} text
 * and turned into bytes with {@code from_hex}. A failure on either side (the source, the
 * parse: a line above the reader's 2MB limit, say) drops the table and declines, and the
 * runner streams the rows instead, so the copy is never partial.
 *
 * <p>Opening a pipe waits for the other side: the writer's open returns when DuckDB opens it
 * to read, and the reader's open when the writer is there (so the writer never finishes, and
 * its bytes are never dropped, before the reader came). When the statement fails before
 * DuckDB opened the pipe, a drain opens it instead, so the (cancelled) writer can end; a side
 * left waiting in open is released by opening the pipe read-write for a moment, which on
 * Linux and macOS never blocks.
 */
final class PipedCsvIngest implements CsvIngest {
    private static final Logger LOG = LoggerFactory.getLogger(PipedCsvIngest.class);

    private final EngineSession session;

    PipedCsvIngest(EngineSession session) {
        this.session = session;
    }

    @Override
    public Optional<Loaded> loadCsv(String table, CsvCopy copy, LoadProgress progress) {
        RowSchema schema = EngineSql.notNullFree(copy.schema());
        return throughPipe(copy, progress, "Staging step " + table, c -> {
            session.execute(c, "CREATE TABLE " + Sql.quote(table) + " " + AppenderWriter.columnsDdl(schema, List.of()));
            return fifo -> "INSERT INTO " + Sql.quote(table) + " " + EngineSql.csvSelect(schema, fifo);
        }, c -> dropTable(c, table));
    }

    /**
     * Appends a source's CSV copy to the existing {@code table} in one {@code INSERT}, all or
     * nothing: a failed statement appended no row, so there is nothing to undo. Several may run
     * at once on one table.
     */
    Optional<Loaded> appendCsv(String table, CsvCopy copy, LoadProgress progress) {
        RowSchema schema = EngineSql.notNullFree(copy.schema());
        return throughPipe(copy, progress, "Staging a split of step " + table, c -> {
            // Committed only when the source wrote every row and the engine read as many; a copy
            // cancelled half way ends the pipe early, and the rows before must not stay.
            c.setAutoCommit(false);
            return fifo -> "INSERT INTO " + Sql.quote(table) + " " + EngineSql.csvSelect(schema, fifo);
        }, c -> c.rollback());
    }

    /**
     * Writes a source's CSV copy straight into a file through the same pipe as {@link #loadCsv},
     * with no table in between: one pass, and the rows are never held by the engine. The file
     * has the columns and values an export of the table {@link #loadCsv} makes would have. On
     * failure the file is removed and this declines.
     */
    @Override
    public Optional<Loaded> writeCsvCopy(CsvCopy copy, FileFormat format, Path file, LoadProgress progress) {
        RowSchema schema = EngineSql.notNullFree(copy.schema());
        return throughPipe(copy, progress, "Writing " + file.getFileName(),
                c -> fifo -> "COPY (" + FileColumns.select(EngineSql.csvSelect(schema, fifo), schema, format)
                        + ") TO " + Sql.literal(file.toString()) + " (" + FileExport.options(format) + ")",
                c -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        LOG.debug("Cannot remove {}: {}", file, e.getMessage());
                    }
                });
    }

    /**
     * Writes several CSV copies (the splits of one extraction) straight into one file, read by one
     * statement from a pipe each: DuckDB's CSV reader takes several files at once (checked: two
     * pipes read side by side with 2 threads, one after the other with 1, which still ends, since
     * a source begins writing only once its pipe is opened). All or nothing, as {@link #writeCsvCopy}.
     */
    @Override
    public Optional<Loaded> writeCsvCopies(List<CsvCopy> copies, FileFormat format, Path file,
            List<LoadProgress> progress) {
        RowSchema schema = EngineSql.notNullFree(copies.get(0).schema());
        return throughPipes(copies, progress, "Writing " + file.getFileName(),
                c -> fifos -> "COPY (" + FileColumns.select(EngineSql.csvSelect(schema, fifos), schema, format)
                        + ") TO " + Sql.literal(file.toString()) + " (" + FileExport.options(format)
                        // Splits have no order among them, so the writer need not keep one: 10-16% faster
                        // for 2M rows into Parquet from two files.
                        + ", PRESERVE_ORDER false)",
                c -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        LOG.debug("Cannot remove {}: {}", file, e.getMessage());
                    }
                });
    }

    /** Prepares a statement that reads the pipe: runs DDL first, then returns the statement for a pipe path. */
    @FunctionalInterface
    private interface PipeStatement {
        java.util.function.Function<Path, String> prepare(DuckDBConnection c) throws SQLException;
    }

    /** Undoes what a failed {@link PipeStatement} left behind. */
    @FunctionalInterface
    private interface Undo {
        void run(DuckDBConnection c) throws SQLException;
    }

    private Optional<Loaded> throughPipe(CsvCopy copy, LoadProgress progress, String what,
            PipeStatement statement, Undo undo) {
        return throughPipes(List.of(copy), List.of(progress), what, c -> {
            java.util.function.Function<Path, String> one = statement.prepare(c);
            return fifos -> one.apply(fifos.get(0));
        }, undo);
    }

    /** Prepares a statement that reads several pipes at once. */
    @FunctionalInterface
    private interface PipesStatement {
        java.util.function.Function<List<Path>, String> prepare(DuckDBConnection c) throws SQLException;
    }

    /**
     * Runs one statement that reads sources' CSV copies from named pipes, one each, every copy
     * writing on a thread of its own; declines (after {@code undo}) when a pipe cannot be made,
     * any side fails, or the row counts differ, so the caller can stream the rows instead.
     */
    private Optional<Loaded> throughPipes(List<CsvCopy> copies, List<LoadProgress> progress, String what,
            PipesStatement statement, Undo undo) {
        Optional<List<Path>> made = Fifo.create(session.directory(), "extract", copies.size());
        if (made.isEmpty()) {
            return Optional.empty();
        }
        try {
            return throughPipes(copies, progress, what, statement, undo, made.get());
        } finally {
            made.get().forEach(Fifo::delete);
        }
    }

    private Optional<Loaded> throughPipes(List<CsvCopy> copies, List<LoadProgress> progress, String what,
            PipesStatement statement, Undo undo, List<Path> fifos) {
        try (DuckDBConnection c = session.connection()) {
            String sql = statement.prepare(c).apply(fifos);
            List<Fifo.SourceWriter> writers = new java.util.ArrayList<>();
            for (int i = 0; i < copies.size(); i++) {
                writers.add(new Fifo.SourceWriter(copies.get(i), fifos.get(i),
                        copies.size() == 1 ? what : what + " " + i, progress.get(i)::rows));
            }
            writers.forEach(Fifo.SourceWriter::start);
            long rows;
            try (Statement s = c.createStatement()) {
                rows = session.update(s, sql);
            } catch (SQLException e) {
                copies.forEach(CsvCopy::cancel);
                writers.forEach(Fifo.SourceWriter::drain);
                for (Fifo.SourceWriter w : writers) {
                    failIfFinal(c, w.failure(), undo);
                }
                return declined(c, what, "the engine could not read the CSV: " + e.getMessage(), e, undo);
            }
            writers.forEach(Fifo.SourceWriter::await);
            long written = 0;
            long bytes = 0;
            for (Fifo.SourceWriter w : writers) {
                if (w.failure() != null) {
                    failIfFinal(c, w.failure(), undo);
                    return declined(c, what, w.failure().getMessage(), w.failure(), undo);
                }
                written += w.rows();
                bytes += w.bytes();
            }
            if (written != rows) {
                return declined(c, what, "the source wrote " + written + " rows and the engine read " + rows,
                        null, undo);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return Optional.of(new Loaded(rows, bytes));
        } catch (SQLException e) {
            throw session.failure(what, e);
        }
    }

    /**
     * A source that lost its connection or ran past its statement timeout fails the step: streaming
     * the rows instead would run the query again, for as long, or on a server that just went away.
     */
    private static void failIfFinal(DuckDBConnection c, RuntimeException sourceFailure, Undo undo)
            throws SQLException {
        if (sourceFailure instanceof io.osiris.api.StatementTimeoutException
                || sourceFailure instanceof io.osiris.api.ConnectionException) {
            undo.run(c);
            throw sourceFailure;
        }
    }

    private Optional<Loaded> declined(DuckDBConnection c, String what, String why, Throwable cause,
            Undo undo) throws SQLException {
        if (session.cancelled()) {
            undo.run(c);
            throw new ExecutionFailedException(what + " was cancelled.", cause);
        }
        String firstLine = why == null ? "" : why.strip().lines().findFirst().orElse("");
        LOG.info("{}: copying as CSV failed ({}); streaming the rows instead", what, firstLine);
        undo.run(c);
        return Optional.empty();
    }

    private static void dropTable(DuckDBConnection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + Sql.quote(table));
        }
    }
}
