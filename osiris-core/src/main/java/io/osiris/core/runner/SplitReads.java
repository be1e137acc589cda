package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.ConcurrentIngest;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the splits of one extract step at once, one thread each, into the step's one engine
 * table ({@link ConcurrentIngest}): each split by its bulk CSV, its rows as CSV or the Appender,
 * as the plan chose; a split whose CSV the engine declines (nothing of it appended) is read
 * again as rows. Progress is the sum of the splits'. When a split fails, the others' reads are
 * cancelled, every thread is awaited, the table is dropped and the first failure is thrown.
 */
final class SplitReads {
    private static final Logger LOG = LoggerFactory.getLogger(SplitReads.class);

    private final ExtractCall call;
    private final SplitRead source;
    private final Extraction extraction;
    private final List<Split> splits;
    private final SplitRoute.Method method;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final Set<CsvCopy> copies = ConcurrentHashMap.newKeySet();
    private final Set<RowStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLongArray rowsRead;
    private final Throttle throttle;

    SplitReads(ExtractCall call, SplitRead source, Extraction extraction, List<Split> splits,
            SplitRoute.Method method) {
        this.call = call;
        this.source = source;
        this.extraction = extraction;
        this.splits = List.copyOf(splits);
        this.method = method;
        this.rowsRead = new AtomicLongArray(splits.size());
        this.throttle = call.run.throttle(call.step.id(), call.start);
    }

    /** What one split's source is before it is read: a CSV copy, or rows. */
    private record Opened(CsvCopy copy, RowStream rows) {
        RowSchema schema() {
            return copy != null ? copy.schema() : rows.schema();
        }
    }

    StepReport run() {
        Run run = call.run;
        String step = call.step.id();
        // The first split's source gives the table's columns; every split reads the same ones.
        Opened first = open(splits.get(0));
        RowSchema schema = first.schema();
        run.shapes.extracted(step, schema);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(splits.size(), r -> {
            Thread t = new Thread(r, "osiris-split-" + step + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        boolean handedOver = false;
        try (ConcurrentIngest.Parts parts = run.engine.capability(ConcurrentIngest.class).orElseThrow()
                .begin(step, schema)) {
            List<Future<Loaded>> futures = new ArrayList<>();
            for (int i = 0; i < splits.size(); i++) {
                int index = i;
                Opened opened = i == 0 ? first : null;
                futures.add(pool.submit(() -> read(index, opened, parts)));
            }
            handedOver = true;
            long rows = 0;
            long bytes = 0;
            RuntimeException failure = null;
            // Every thread is awaited, even after a failure, so none appends to a table being dropped.
            for (Future<Loaded> f : futures) {
                try {
                    Loaded loaded = f.get();
                    rows += loaded.rows();
                    bytes += loaded.bytes();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = failure(e.getCause());
                        stopAll();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopAll();
                    run.cancellation.cancel();
                    throw new ExecutionFailedException("The run was interrupted.", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
            run.cancellation.check();
            parts.complete();
            return call.report(rows, bytes, schema.names());
        } finally {
            pool.shutdownNow();
            if (!handedOver && first.rows() != null) {
                first.rows().close();
            }
        }
    }

    private RuntimeException failure(Throwable cause) {
        if (call.run.cancellation.cancelled()) {
            return new ExecutionFailedException(Cancellation.MESSAGE, cause);
        }
        if (cause instanceof OsirisException oe) {
            return oe;
        }
        return new ExecutionFailedException("Extract " + call.step.id() + " failed in a split: " + cause, cause);
    }

    private Opened open(Split split) {
        if (method == SplitRoute.Method.CSV_COPY) {
            Optional<CsvCopy> copy = source.csvCopy(extraction, split);
            if (copy.isPresent()) {
                return new Opened(copy.get(), null);
            }
        }
        return new Opened(null, source.read(extraction, split));
    }

    private Loaded read(int index, Opened given, ConcurrentIngest.Parts parts) {
        Split split = splits.get(index);
        Opened opened = given != null ? given : open(split);
        LoadProgress progress = (rows, bytes) -> progress(index, rows);
        if (opened.copy() != null) {
            copies.add(opened.copy());
            Optional<Loaded> loaded;
            try {
                loaded = parts.appendCsv(opened.copy(), progress);
            } finally {
                copies.remove(opened.copy());
            }
            if (loaded.isPresent()) {
                return loaded.get();
            }
            stopIfFailed();
            LOG.info("Extract {}: the engine declined the CSV copy of split {}; reading its rows", call.step.id(),
                    split.label());
            return rows(index, source.read(extraction, split), parts, false);
        }
        return rows(index, opened.rows(), parts, method == SplitRoute.Method.ROWS_AS_CSV);
    }

    private Loaded rows(int index, RowStream rows, ConcurrentIngest.Parts parts, boolean asCsv) {
        Split split = splits.get(index);
        String label = call.step.id() + "-" + index;
        LoadProgress progress = (n, bytes) -> progress(index, n);
        track(rows);
        try (rows) {
            stopIfFailed();
            if (asCsv && RowsAsCsv.encodes(rows.schema())) {
                Optional<Loaded> loaded;
                try (RowStream ahead = PrefetchingRowStream.start(rows, label)) {
                    loaded = parts.appendCsv(new RowsAsCsv(ahead), progress);
                }
                if (loaded.isPresent()) {
                    return loaded.get();
                }
                stopIfFailed();
                LOG.info("Extract {}: the engine declined the rows of split {} as CSV; reading them again",
                        call.step.id(), split.label());
                return rows(index, source.read(extraction, split), parts, false);
            }
            try (RowStream ahead = PrefetchingRowStream.start(rows, label)) {
                return parts.append(ahead, progress);
            }
        } finally {
            untrack(rows);
        }
    }

    private void track(RowStream rows) {
        streams.add(rows);
        call.run.cancellation.track(rows);
    }

    private void untrack(RowStream rows) {
        streams.remove(rows);
        call.run.cancellation.untrack(rows);
    }

    /** Another split failed: this one's rows would be thrown away. */
    private void stopIfFailed() {
        if (failed.get()) {
            throw new ExecutionFailedException("Extract " + call.step.id() + ": stopped, another split failed");
        }
        call.run.cancellation.check();
    }

    private void stopAll() {
        failed.set(true);
        copies.forEach(CsvCopy::cancel);
        streams.forEach(RowStream::cancel);
    }

    private void progress(int index, long rows) {
        rowsRead.set(index, rows);
        long total = 0;
        for (int i = 0; i < rowsRead.length(); i++) {
            total += rowsRead.get(i);
        }
        synchronized (throttle) {
            throttle.report(total);
        }
    }
}
