package io.osiris.core.runner;

import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.engine.TransformEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the routes of one run share: the engine, the connectors, the declared and pending
 * files, the listener, cancellation, the incremental extracts' watermarks, and the load reports
 * written while their extracts ran.
 */
final class Run {
    final Pipeline pipeline;
    final TransformEngine engine;
    final ConnectorCache connectors;
    final DeclaredFiles files;
    final PendingFiles pending;
    final RunListener listener;
    final Cancellation cancellation;
    final IncrementalRun incremental;
    /** The most splits of one extraction an automatic plan reads at once. */
    final int splitsAtOnce;
    /** What the extracts' sources said of their columns, for the tables database loads create. */
    final SourceShapes shapes = new SourceShapes();
    private final Duration progressInterval;
    private final Function<String, Path> resolve;
    private final Map<String, StepReport> writtenLoads = new ConcurrentHashMap<>();

    Run(Pipeline pipeline, TransformEngine engine, ConnectorCache connectors, DeclaredFiles files,
            PendingFiles pending, RunListener listener, Cancellation cancellation, Duration progressInterval,
            Function<String, Path> resolve, IncrementalRun incremental, int splitsAtOnce) {
        this.incremental = incremental;
        this.splitsAtOnce = splitsAtOnce;
        this.pipeline = pipeline;
        this.engine = engine;
        this.connectors = connectors;
        this.files = files;
        this.pending = pending;
        this.listener = listener;
        this.cancellation = cancellation;
        this.progressInterval = progressInterval;
        this.resolve = resolve;
    }

    /** A pipeline path as the absolute file it names. */
    Path resolve(String path) {
        return resolve.apply(path);
    }

    Throttle throttle(String step, long start) {
        return new Throttle(listener, progressInterval, step, start);
    }

    /** The one load that reads an extract (the plan routes an extract into its load only then). */
    LoadStep onlyLoadOf(ExtractStep extract) {
        return pipeline.loads().stream().filter(l -> l.from().equals(extract.id())).reduce((a, b) -> {
            throw new IllegalStateException("extract " + extract.id() + " has more than one load");
        }).orElseThrow(() -> new IllegalStateException("extract " + extract.id() + " has no load"));
    }

    /** Keeps the report of a load written while its extract ran, for the load's turn. */
    void written(StepReport load) {
        writtenLoads.put(load.id(), load);
    }

    Optional<StepReport> written(String load) {
        return Optional.ofNullable(writtenLoads.get(load));
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
