package io.osiris.connector.supabase;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import io.osiris.testkit.TestDatabases;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream against 2 and 4 splits on a 2M-row, nine-column table (created once as
 * {@code spg_bench_2m}), rows and CSV copies read and discarded. Not a test: run it by hand
 * (as {@link PostgresBenchmark}) and read the figures; bench/run measures whole pipelines.
 */
public final class PgSplitBenchmark {
    private static final long ROWS = 2_000_000;
    private static final String TABLE = "spg_bench_2m";

    private PgSplitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            long count = -1;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + TABLE)) {
                rs.next();
                count = rs.getLong(1);
            } catch (java.sql.SQLException missing) {
                // created below
            }
            if (count != ROWS) {
                s.execute("DROP TABLE IF EXISTS " + TABLE);
                s.execute("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, qty integer NOT NULL,"
                        + " created_at timestamp NOT NULL, amount numeric(12,2) NOT NULL, name varchar(40) NOT NULL,"
                        + " country char(2) NOT NULL, note text, score double precision, active boolean NOT NULL)");
                s.execute("INSERT INTO " + TABLE + " SELECT g, g % 1000, timestamp '2024-01-01' + g * interval '1 second',"
                        + " (g % 100000) / 100.0, 'name ' || g, chr(65 + g % 26) || chr(65 + g % 7),"
                        + " CASE WHEN g % 5 = 0 THEN NULL ELSE 'note ' || g END, g / 7.0, g % 2 = 0"
                        + " FROM generate_series(1, " + ROWS + ") g");
                s.execute("VACUUM ANALYZE " + TABLE);
            }
        }
        ConnectorConfig config = PostgresTestDatabase.config("postgres", Map.of());
        Extraction table = new Extraction.Table(TABLE);
        try (Connector connector = new SupabaseConnectorProvider().open(config)) {
            SplitRead split = connector.capability(SplitRead.class).orElseThrow();
            CsvExport export = connector.capability(CsvExport.class).orElseThrow();
            for (int round = 0; round < 2; round++) {
                for (int n : new int[] {1, 2, 4}) {
                    long t0 = System.nanoTime();
                    long rows = n == 1 ? drain(connector.extractor().extract(table)) : splitRows(split, table, n);
                    long t1 = System.nanoTime();
                    long csv = n == 1 ? export.csvCopy(table).orElseThrow().writeTo(OutputStream.nullOutputStream())
                            : splitCsv(split, table, n);
                    long t2 = System.nanoTime();
                    System.out.printf("round %d, %d stream(s): rows %d in %.2f s, csv %d in %.2f s%n", round, n, rows,
                            (t1 - t0) / 1e9, csv, (t2 - t1) / 1e9);
                }
            }
        }
    }

    private static long drain(RowStream rows) {
        try (rows) {
            long n = 0;
            int columns = rows.schema().size();
            while (rows.next()) {
                for (int i = 0; i < columns; i++) {
                    rows.get(i);
                }
                n++;
            }
            return n;
        }
    }

    private static long splitRows(SplitRead read, Extraction table, int n) throws Exception {
        return inParallel(read, table, n, split -> drain(read.read(table, split)));
    }

    private static long splitCsv(SplitRead read, Extraction table, int n) throws Exception {
        return inParallel(read, table, n,
                split -> read.csvCopy(table, split).orElseThrow().writeTo(OutputStream.nullOutputStream()));
    }

    private interface Part {
        long read(Split split) throws Exception;
    }

    private static long inParallel(SplitRead read, Extraction table, int n, Part part) throws Exception {
        try (SplitPlan plan = read.plan(table, SplitRequest.exactly(n))) {
            ExecutorService pool = Executors.newFixedThreadPool(plan.splits().size());
            try {
                List<Future<Long>> futures = new ArrayList<>();
                for (Split split : plan.splits()) {
                    futures.add(pool.submit(() -> part.read(split)));
                }
                AtomicLong total = new AtomicLong();
                for (Future<Long> f : futures) {
                    total.addAndGet(f.get());
                }
                return total.get();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
