package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent extracts at once on a bounded pool of daemon threads and returns their
 * reports in the order given. When one fails, the others' source reads are cancelled (their
 * rows would be thrown away) and its failure is thrown.
 */
final class ParallelExtracts {
    private ParallelExtracts() {
    }

    static List<StepReport> run(List<Callable<StepReport>> extracts, int parallelism, Cancellation cancellation) {
        if (extracts.isEmpty()) {
            return List.of();
        }
        int threads = Math.max(1, Math.min(parallelism, extracts.size()));
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "osiris-extract-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<StepReport>> futures = new ArrayList<>();
            extracts.forEach(e -> futures.add(pool.submit(e)));
            List<StepReport> reports = new ArrayList<>();
            for (Future<StepReport> f : futures) {
                try {
                    reports.add(f.get());
                } catch (ExecutionException ex) {
                    cancellation.cancelStreams();
                    futures.forEach(other -> other.cancel(true));
                    Throwable cause = ex.getCause();
                    if (cause instanceof OsirisException oe) {
                        throw oe;
                    }
                    throw new ExecutionFailedException("Extract failed: " + cause, cause);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    cancellation.cancel();
                    throw new ExecutionFailedException("The run was interrupted.", ex);
                }
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }
}
