package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.Engines;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.pipeline.Variables;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.state.StateDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs pipelines: plans the run ({@link RunPlan}) from what the connectors and the engine
 * declare they can do, then executes the plan: extracts into the transform engine (independent
 * ones in parallel), transforms in order as SQL, loads to files or connectors. File outputs are
 * renamed into place only when every load succeeded, so a failed or cancelled run leaves no
 * partial file; the engine opens only the files the run declares ({@link Sandbox}).
 *
 * <pre>{@code
 * Pipeline pipeline = Pipelines.parse(yaml);
 * try (PipelineRunner runner = PipelineRunner.builder().build()) {
 *     RunReport report = runner.run(pipeline);
 * }
 * }</pre>
 *
 * <p>A runner runs one pipeline at a time; {@link #cancel()} stops the current run from any
 * thread (a JVM shutdown hook on Ctrl-C, say). A runner built without a registry loads its own
 * (with the plugin jars' class loader) and releases it on {@link #close()}; a registry given to
 * the builder stays the caller's to close.
 */
public final class PipelineRunner implements AutoCloseable {
    private final ConnectorRegistry registry;
    private final boolean ownsRegistry;
    private final int parallelism;
    private final Cancellation cancellation = new Cancellation();
    private final RunPreparation preparation;
    private final RunRecorder recorder;

    private PipelineRunner(Builder b) {
        Path workingDirectory = b.workingDirectory.toAbsolutePath().normalize();
        OsirisConfig config = b.config != null ? b.config : OsirisConfig.empty(workingDirectory);
        // An engine given to the builder wins; else the config's engine section chooses (DuckDB by default).
        // Chosen before the registry is loaded, so an engine that is not on the class path leaks nothing.
        // The builder's engine threads win over the config's.
        int threads = b.engineThreads > 0 ? b.engineThreads : Engines.duckdbThreads(config.engine());
        EngineFactory engines = b.engines != null ? b.engines : Engines.factory(config.engine(), b.tempDirectory,
                () -> DuckDbTransformEngine.factory(b.tempDirectory, b.memoryLimit, threads));
        this.ownsRegistry = b.registry == null;
        this.registry = ownsRegistry ? ConnectorRegistry.load() : b.registry;
        this.parallelism = b.parallelism;
        this.recorder = b.recorder;
        RunListener listener = recorder == RunRecorder.NONE ? b.listener : both(b.listener, recorder);
        this.preparation = new RunPreparation(registry, config, workingDirectory, engines, listener,
                b.progressInterval, b.rowsAsCsv, b.environment, cancellation,
                b.state != null ? WatermarkStore.of(b.state) : WatermarkStore.inMemory(),
                // parallelism: auto reads no more splits at once than half the cores (each split keeps a reader
                // thread here and a parser in the engine busy: on 2 cores 2 splits ran at 0.94 of one stream),
                // nor more than extracts may run.
                Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() / 2, b.parallelism)));
    }

    /** A builder with defaults: class-path connectors, no config, the working directory of the process. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs a pipeline.
     *
     * @throws io.osiris.api.ConfigurationException when a connection is not configured
     * @throws io.osiris.api.ConnectionException    when a source or target cannot be reached
     * @throws ExecutionFailedException             when a step fails or the run is cancelled
     * @throws io.osiris.api.ValidationException     when the pipeline breaks a rule a pipeline file is
     *                                              checked by ({@link io.osiris.core.pipeline.PipelineParser#check}), or a load
     *                                              would write where the config does not allow
     */
    public RunReport run(Pipeline pipeline) {
        return execute(pipeline, Map.of(), false, false);
    }

    /**
     * Runs a pipeline with values for its variables ({@code vars:}): {@code Map.of("min_year", "2000")}.
     * A variable not given takes the environment's {@code OSIRIS_VAR_NAME} (see
     * {@link Builder#environment}), else its default. Each value is checked against the
     * variable's type and bound as a literal, never as text; the report lists the values used.
     *
     * @throws io.osiris.api.ValidationException when a name is not declared or a value does not fit its type
     */
    public RunReport run(Pipeline pipeline, Map<String, String> values) {
        return execute(pipeline, requireNonNull(values, "values"), false, false);
    }

    /**
     * Runs a pipeline as {@link #run(Pipeline, Map)} does, its incremental extracts starting over:
     * each ignores its stored watermark and reads from its {@code initial} value (every row when it
     * has none); once the run commits, the watermarks it read replace the stored ones.
     */
    public RunReport fullRefresh(Pipeline pipeline, Map<String, String> values) {
        return execute(pipeline, requireNonNull(values, "values"), false, true);
    }

    /**
     * Checks a pipeline against the live sources without moving data: every extraction is
     * described by its source, transforms are bound against empty tables of those shapes,
     * and load targets are resolved. Nothing is written. The report's plan is the one a run
     * would follow.
     */
    public RunReport dryRun(Pipeline pipeline) {
        return execute(pipeline, Map.of(), true, false);
    }

    /** A {@link #dryRun(Pipeline) dry run} with values for the pipeline's variables, as {@link #run(Pipeline, Map)}. */
    public RunReport dryRun(Pipeline pipeline, Map<String, String> values) {
        return execute(pipeline, requireNonNull(values, "values"), true, false);
    }

    /** The plan a run of this pipeline would follow (connectors and engine opened; nothing read or written). */
    public synchronized RunPlan plan(Pipeline pipeline) {
        return preparation.apply(pipeline, Map.of(), false, false, (run, plan) -> plan);
    }

    /** Cancels the running pipeline: stops source reads and engine statements; the run then fails. */
    public void cancel() {
        cancellation.cancel();
    }

    /** Releases the registry this runner loaded itself, if any. */
    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }

    private synchronized RunReport execute(Pipeline pipeline, Map<String, String> values, boolean dry,
            boolean fullRefresh) {
        long start = System.nanoTime();
        RunRecorder recording = dry ? RunRecorder.NONE : recorder;
        recording.started(pipeline, values);
        try {
            RunReport report = preparation.apply(pipeline, values, dry, fullRefresh, (run, plan) -> {
                run.listener.planned(plan);
                PlanExecutor executor = new PlanExecutor(run, parallelism, PiiPolicy.of(preparation.config()));
                List<StepReport> reports = executor.execute(dry ? RunPlanner.dry(plan) : plan);
                cancellation.check();
                Map<String, String> watermarks = dry ? Map.of() : run.incremental.advance(run.engine);
                run.pending.commitAll();
                // Every load has committed (database loads as they ran, files just now): only now may the
                // next run start after these rows. A run that failed before here kept the old watermarks.
                if (!dry) {
                    run.incremental.commit();
                }
                return new RunReport(pipeline.name(), dry, reports, Run.seconds(start), plan,
                        Variables.values(run.pipeline.vars()), executor.checks(), watermarks);
            });
            recording.succeeded(report);
            return report;
        } catch (RuntimeException failure) {
            // Whichever step was running when the run was cancelled, say so once, the same way.
            RuntimeException thrown = cancellation.cancelled() && !Cancellation.MESSAGE.equals(failure.getMessage())
                    ? new ExecutionFailedException(Cancellation.MESSAGE, failure) : failure;
            recording.failed(thrown, cancellation.cancelled());
            throw thrown;
        }
    }

    /** The builder's listener, and the recorder that keeps the steps a failed run finished. */
    private static RunListener both(RunListener first, RunListener second) {
        return new RunListener() {
            @Override
            public void planned(RunPlan plan) {
                first.planned(plan);
                second.planned(plan);
            }

            @Override
            public void stepStarted(String stepId, String kind) {
                first.stepStarted(stepId, kind);
                second.stepStarted(stepId, kind);
            }

            @Override
            public void progress(String stepId, long rows, double rowsPerSecond) {
                first.progress(stepId, rows, rowsPerSecond);
                second.progress(stepId, rows, rowsPerSecond);
            }

            @Override
            public void stepFinished(StepReport report) {
                first.stepFinished(report);
                second.stepFinished(report);
            }
        };
    }

    /** Configures a {@link PipelineRunner}. */
    public static final class Builder {
        private ConnectorRegistry registry;
        private OsirisConfig config;
        private Path workingDirectory = Path.of("");
        private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private EngineFactory engines;
        private int parallelism = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private String memoryLimit = "512MB";
        private int engineThreads;
        private Duration progressInterval = Duration.ofSeconds(5);
        private RunListener listener = RunListener.NONE;
        private boolean rowsAsCsv = true;
        private Map<String, String> environment = Map.of();
        private Supplier<StateDatabase> state;
        private RunRecorder recorder = RunRecorder.NONE;

        private Builder() {
        }

        /**
         * The state file that keeps the watermarks of incremental extracts between runs (namespace
         * {@code watermarks}); without one they live in memory for this runner's lifetime. The file
         * stays the caller's to close.
         */
        public Builder state(StateDatabase database) {
            requireNonNull(database, "database");
            this.state = () -> database;
            return this;
        }

        /**
         * As {@link #state(StateDatabase)}, the file opened by {@code database} only when a pipeline
         * with an incremental extract first runs.
         */
        public Builder state(Supplier<StateDatabase> database) {
            this.state = requireNonNull(database, "database");
            return this;
        }

        /** The connector types to use; by default those on the class path and in the plugin directory. */
        public Builder registry(ConnectorRegistry registry) {
            this.registry = requireNonNull(registry, "registry");
            return this;
        }

        /** The connections; by default none (enough for files and DuckDB files named by path). */
        public Builder config(OsirisConfig config) {
            this.config = requireNonNull(config, "config");
            return this;
        }

        /** The directory relative paths in a pipeline resolve against; the process's by default. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = requireNonNull(directory, "directory");
            return this;
        }

        /** Where the engine keeps its database and spill files during a run; the system temp by default. */
        public Builder tempDirectory(Path directory) {
            this.tempDirectory = requireNonNull(directory, "directory");
            return this;
        }

        /** How many extracts run at once (at least 1). */
        public Builder parallelism(int extracts) {
            if (extracts < 1) {
                throw new IllegalArgumentException("parallelism must be >= 1");
            }
            this.parallelism = extracts;
            return this;
        }

        /**
         * The engine each run opens; by default the config's {@code engine:} section chooses it
         * (DuckDB with the memory limit, threads and temp directory here when it names none).
         */
        public Builder engine(EngineFactory factory) {
            this.engines = requireNonNull(factory, "factory");
            return this;
        }

        /** The engine's memory limit ({@code 512MB} by default); beyond it DuckDB spills to disk. */
        public Builder memoryLimit(String limit) {
            this.memoryLimit = requireNonNull(limit, "limit");
            return this;
        }

        /**
         * DuckDB's worker threads, and so the most splits a step reads at once; 0 (the default)
         * takes {@code engine.threads} from the config, else DuckDB's choice: one per core.
         */
        public Builder engineThreads(int threads) {
            this.engineThreads = threads;
            return this;
        }

        /** Whether the {@code rows-as-csv} route may be planned (default); off to measure or rule it out. */
        public Builder rowsAsCsv(boolean on) {
            this.rowsAsCsv = on;
            return this;
        }

        /** Follows the run. */
        public Builder listener(RunListener listener) {
            this.listener = requireNonNull(listener, "listener");
            return this;
        }

        /** How often progress is reported on a long step (5 seconds by default). */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = requireNonNull(interval, "interval");
            return this;
        }

        /**
         * The environment a pipeline variable not given to {@code run} is read from, as
         * {@code OSIRIS_VAR_NAME} (declared names only); none by default, so a library run
         * depends on the process only when its host says so.
         */
        public Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /** Hears every run (not dry runs) start and end: the run history; none by default. */
        public Builder recorder(RunRecorder recorder) {
            this.recorder = requireNonNull(recorder, "recorder");
            return this;
        }

        /** The runner. */
        public PipelineRunner build() {
            return new PipelineRunner(this);
        }
    }
}
