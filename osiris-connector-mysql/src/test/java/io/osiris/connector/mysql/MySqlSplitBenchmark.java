package io.osiris.connector.mysql;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

/**
 * Not a test: reads {@code smy_bench_2m} (2M rows, the nine columns of
 * {@link MySqlExtractBenchmark}) as one stream and as 2 and 4 splits, each split on a thread of
 * its own, through {@code read} (every value decoded) and {@code csvCopy} (the bytes discarded),
 * and prints rows/s. Two passes; the first warms up. Run as {@link MySqlExtractBenchmark} is.
 */
public final class MySqlSplitBenchmark {
    private static final String TABLE = "smy_bench_2m";
    private static final long ROWS = 2_000_000;

    private MySqlSplitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (MySqlTestDatabase db = new MySqlTestDatabase()) {
            MySqlExtractBenchmark.ensureTable(db.connection(), TABLE);
            db.execute("ANALYZE TABLE " + TABLE);
            try (Connector connector = new MySqlConnectorProvider().open(db.config("bench"))) {
                SplitRead splits = connector.capability(SplitRead.class).orElseThrow();
                CsvExport export = connector.capability(CsvExport.class).orElseThrow();
                Extraction table = new Extraction.Table(TABLE);
                for (int pass = 1; pass <= 2; pass++) {
                    String label = pass == 1 ? "warm-up " : "measured";
                    measure(label, "read  1 stream ", () -> consume(connector.extractor().extract(table)));
                    measure(label, "copy  1 stream ", () -> export.csvCopy(table).orElseThrow().writeTo(DISCARD));
                    for (int n : new int[] {2, 4}) {
                        measure(label, "read  " + n + " splits", () -> split(splits, table, n,
                                s -> consume(splits.read(table, s))));
                        measure(label, "copy  " + n + " splits", () -> split(splits, table, n,
                                s -> splits.csvCopy(table, s).orElseThrow().writeTo(DISCARD)));
                    }
                }
            }
        }
    }

    private interface Run {
        long rows() throws Exception;
    }

    private static void measure(String label, String what, Run run) throws Exception {
        long start = System.nanoTime();
        long rows = run.rows();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rows != ROWS) {
            throw new IllegalStateException(what + ": read " + rows + " rows, expected " + ROWS);
        }
        System.out.printf(Locale.ROOT, "%s %s: %,10.0f rows/s (%.2f s)%n", label, what, rows / seconds, seconds);
    }

    /** Plans {@code n} splits and reads each on its own thread; planning is part of the time. */
    private static long split(SplitRead splits, Extraction table, int n, ToLongFunction<Split> read) {
        long planStart = System.nanoTime();
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(n))) {
            System.out.printf(Locale.ROOT, "    plan %.3f s: %s%n", (System.nanoTime() - planStart) / 1e9,
                    plan.description());
            List<CompletableFuture<Long>> reads = new ArrayList<>();
            for (Split s : plan.splits()) {
                reads.add(CompletableFuture.supplyAsync(() -> read.applyAsLong(s)));
            }
            List<Long> sizes = reads.stream().map(CompletableFuture::join).toList();
            System.out.println("    split rows: " + sizes);
            return sizes.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Reads every value, as a load into the engine would. */
    private static long consume(RowStream stream) {
        long rows = 0;
        long checksum = 0;
        try (stream) {
            int n = stream.schema().size();
            while (stream.next()) {
                rows++;
                for (int i = 0; i < n; i++) {
                    Object v = stream.get(i);
                    checksum += v == null ? 0 : 1;
                }
            }
        }
        return checksum >= 0 ? rows : -1;
    }

    private static final OutputStream DISCARD = OutputStream.nullOutputStream();
}
