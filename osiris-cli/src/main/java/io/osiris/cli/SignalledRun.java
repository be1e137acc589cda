package io.osiris.cli;

import io.osiris.api.OsirisException;
import io.osiris.core.runner.PipelineRunner;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a pipeline so that a Ctrl-C or SIGTERM that ends the JVM first cancels it: the runner
 * stops its queries and removes its temporary files, the command says the run was cancelled,
 * and only then does the JVM exit (a shutdown hook that waits, at most 10 s, for the run).
 */
final class SignalledRun {
    /** The exit code of a run a signal cancelled, as a shell reports Ctrl-C. */
    static final int EXIT_CODE = 130;

    /** Thrown once a signal's cancellation was reported: the JVM is exiting; nothing more to say. */
    static final class Exiting extends RuntimeException {
        Exiting() {
            super("the JVM is exiting on a signal", null, false, false);
        }
    }

    private SignalledRun() {
    }

    /**
     * The result of {@code run}; when a signal cancelled it, its failure is printed on {@code err}
     * and {@link Exiting} thrown (exit code 130).
     */
    static <T> T run(PipelineRunner runner, PrintWriter err, Supplier<T> run) {
        return run(runner, err, null, run);
    }

    /**
     * As {@link #run(PipelineRunner, PrintWriter, Supplier)}; when a signal cancelled it and
     * {@code json} is not null, the {@code cancelled} error object ({@link JsonOutput}) is printed
     * there too, before the JVM may exit (the handler of {@link OsirisCli} would come too late).
     */
    static <T> T run(PipelineRunner runner, PrintWriter err, PrintWriter json, Supplier<T> run) {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean signalled = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            signalled.set(true);
            runner.cancel();
            try {
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "osiris-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.get();
        } catch (OsirisException e) {
            if (!signalled.get()) {
                throw e;
            }
            err.println("osiris: " + e.getMessage());
            err.flush();
            if (json != null) {
                JsonOutput.print(json, JsonOutput.error(JsonOutput.CANCELLED, e.getMessage(), EXIT_CODE,
                        java.util.List.of(), java.util.Map.of(), io.osiris.core.config.SecretMask.NONE));
                json.flush();
            }
            throw new Exiting();
        } finally {
            // The hook returning lets a signalled JVM exit: only after the run has cleaned up and said so.
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook is running.
            }
        }
    }
}
