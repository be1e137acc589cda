package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.TransformEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What every run, dry run and plan of a {@link PipelineRunner} does first, and undoes last:
 * checks the pipeline and binds its variables, opens its connectors and an engine confined to
 * the files it declares, and plans it; afterwards removes uncommitted files and closes all.
 */
final class RunPreparation {
    private final ConnectorRegistry registry;
    private final OsirisConfig config;
    private final Path workingDirectory;
    private final EngineFactory engines;
    private final RunListener listener;
    private final Duration progressInterval;
    private final boolean rowsAsCsv;
    private final Map<String, String> environment;
    private final Cancellation cancellation;
    private final RunChecks checks;
    private final WatermarkStore watermarks;
    private final int splitsAtOnce;

    RunPreparation(ConnectorRegistry registry, OsirisConfig config, Path workingDirectory, EngineFactory engines,
            RunListener listener, Duration progressInterval, boolean rowsAsCsv, Map<String, String> environment,
            Cancellation cancellation, WatermarkStore watermarks, int splitsAtOnce) {
        this.watermarks = watermarks;
        this.splitsAtOnce = splitsAtOnce;
        this.registry = registry;
        this.config = config;
        this.workingDirectory = workingDirectory;
        this.engines = engines;
        this.listener = listener;
        this.progressInterval = progressInterval;
        this.rowsAsCsv = rowsAsCsv;
        this.environment = environment;
        this.cancellation = cancellation;
        this.checks = new RunChecks(registry, config, workingDirectory);
    }

    OsirisConfig config() {
        return config;
    }

    /**
     * Prepares {@code given} bound to {@code values}, its incremental extracts narrowed from their
     * watermarks (or from their start, on a {@code fullRefresh}), runs {@code body} on it, and cleans up.
     */
    <T> T apply(Pipeline given, Map<String, String> values, boolean dry, boolean fullRefresh,
            BiFunction<Run, RunPlan, T> body) {
        Pipeline bound = checks.check(requireNonNull(given, "pipeline"), values, environment);
        cancellation.reset();
        try (ConnectorCache connectors = new ConnectorCache(registry, config, this::resolve)) {
            IncrementalRun incremental = IncrementalRun.prepare(bound, connectors, watermarks, fullRefresh);
            Pipeline pipeline = incremental.pipeline();
            StepReads reads = StepReads.check(pipeline);
            RunPlanner.checkSql(pipeline, connectors);
            DeclaredFiles files = DeclaredFiles.of(pipeline, p -> resolve(p.toString()), dry,
                    e -> connectors.databaseFileOf(e).isPresent());
            try (PendingFiles pending = new PendingFiles(); TransformEngine engine = engines.open(files.sandbox())) {
                cancellation.begin(engine);
                RunPlan plan = new RunPlanner(pipeline, connectors, engine, reads, rowsAsCsv).plan();
                Run run = new Run(pipeline, engine, connectors, files, pending, listener, cancellation,
                        progressInterval, this::resolve, incremental, splitsAtOnce);
                return body.apply(run, plan);
            } finally {
                cancellation.end();
            }
        }
    }

    private Path resolve(String path) {
        return workingDirectory.resolve(path).normalize();
    }
}
