package io.osiris.core.duckdb;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.core.engine.CsvEgress;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB's {@link CsvEgress}: a table written as CSV (the text
 * {@link io.osiris.api.connector.capability.CsvImport} takes) into a named pipe that the loader
 * reads while DuckDB writes, so no row becomes a Java object: the database's bulk path parses
 * DuckDB's text. Binary columns are written as {@code \x} and hex. Declines for column types
 * without an exact portable form and where pipes cannot be made.
 *
 * <p>The loader's stream ends only once DuckDB finished the whole table: when DuckDB fails,
 * the last read throws instead, so the loader rolls back rather than commit a part. When the
 * loader fails first, DuckDB's statement is cancelled and the pipe drained so it can end.
 */
final class PipedCsvEgress implements CsvEgress {
    private static final Logger LOG = LoggerFactory.getLogger(PipedCsvEgress.class);

    private final EngineSession session;

    PipedCsvEgress(EngineSession session) {
        this.session = session;
    }

    @Override
    public Optional<LoadResult> exportCsv(String table, CsvLoad load) {
        String select;
        try (DuckDBConnection c = session.connection()) {
            select = EngineSql.csvExportSelect(c, table);
        } catch (SQLException e) {
            throw session.failure("Reading table " + table, e);
        }
        if (select == null) {
            return Optional.empty();
        }
        return throughLoader(table, null, select, load);
    }

    /**
     * Runs {@code COPY (select) TO} a pipe that the loader reads, after {@code setup} (a
     * statement on the same connection, or null); see {@link #exportCsv}. Empty where pipes
     * cannot be made (the loader was not called).
     */
    Optional<LoadResult> throughLoader(String what, String setup, String select, CsvLoad load) {
        Optional<Path> made = Fifo.create(session.directory(), "load");
        if (made.isEmpty()) {
            return Optional.empty();
        }
        Path fifo = made.get();
        EngineWriter writer = new EngineWriter(what, setup, "COPY (" + select + ") TO " + Sql.literal(fifo.toString())
                + " (FORMAT csv, HEADER false, NULLSTR '', USE_TMP_FILE false)", fifo, load);
        try {
            writer.start();
            try (java.io.InputStream in = writer.open()) {
                try {
                    return Optional.of(load.readFrom(in));
                } catch (RuntimeException e) {
                    writer.cancel();
                    Fifo.drain(in);
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new ExecutionFailedException("Reading " + what + " failed: " + e.getMessage(), e);
        } finally {
            writer.await();
            Fifo.delete(fifo);
        }
    }

    /** Runs DuckDB's {@code COPY ... TO} a pipe on a thread of its own, for {@link #throughLoader}. */
    private final class EngineWriter {
        private final String setup;
        private final String sql;
        private final Path fifo;
        private final CsvLoad load;
        private final Thread thread;
        private volatile Statement statement;
        private volatile Exception failure;
        private volatile boolean done;
        private volatile boolean readerOpened;

        EngineWriter(String table, String setup, String sql, Path fifo, CsvLoad load) {
            this.setup = setup;
            this.sql = sql;
            this.fifo = fifo;
            this.load = load;
            this.thread = new Thread(this::run, "osiris-csv-" + table);
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try (DuckDBConnection c = session.connection(); Statement s = c.createStatement()) {
                if (setup != null) {
                    s.execute(setup);
                }
                statement = s;
                session.update(s, sql);
            } catch (SQLException | RuntimeException e) {
                failure = e;
                if (session.cancelled()) {
                    load.cancel();
                }
            } finally {
                done = true;
                // When DuckDB failed before it opened the pipe, the reader waits (or is about to
                // wait) for a writer in open: give it one until it is through.
                for (int i = 0; !readerOpened && i < 3_000; i++) {
                    Fifo.poke(fifo);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
        }

        /** The pipe's read side; its end throws when DuckDB failed. */
        java.io.InputStream open() throws IOException {
            java.io.InputStream pipe;
            try {
                pipe = new java.io.BufferedInputStream(new java.io.FileInputStream(fifo.toFile()), 1 << 16);
            } finally {
                readerOpened = true;
            }
            return new java.io.FilterInputStream(pipe) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    return b < 0 ? end() : b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    return n < 0 ? end() : n;
                }
            };
        }

        private int end() throws IOException {
            await();
            if (failure != null || !done) {
                throw new IOException("the engine stopped writing the rows: "
                        + (failure == null ? "interrupted" : failure.getMessage()), failure);
            }
            return -1;
        }

        void cancel() {
            Statement s = statement;
            if (s != null) {
                try {
                    s.cancel();
                } catch (SQLException e) {
                    LOG.debug("Cancelling the CSV copy failed: {}", e.getMessage());
                }
            }
        }

        void await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel();
            }
        }
    }
}
