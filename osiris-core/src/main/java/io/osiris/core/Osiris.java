package io.osiris.core;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.config.SecretMask;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.history.RunHistory;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.pipeline.Variables;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunListener;
import io.osiris.core.runner.RunReport;
import io.osiris.core.state.StateDatabase;
import io.osiris.core.template.TemplateEngine;
import io.osiris.core.template.TemplateSource;
import io.osiris.core.write.PlannedWrite;
import io.osiris.core.write.PlannedWrites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Osiris configured once: the config, the connector types (loaded once), the state file
 * (opened when first needed) and the engine settings of the runs. Commands and host
 * applications ask it for what they need instead of assembling parsers, runners and
 * connectors themselves; closing it closes what it opened.
 *
 * <pre>{@code
 * try (Osiris osiris = Osiris.configure().workingDirectory(project).load()) {
 *     Pipeline pipeline = osiris.validate(project.resolve("pipelines/top_movies.yaml"));
 *     RunReport report = osiris.run(pipeline);
 *     List<TableSummary> tables = osiris.withSource("mysql", "default", src -> src.discovery().listTables());
 * }
 * }</pre>
 *
 * <p>Not thread-safe while it opens things (the runner, the state file); what it hands out
 * follows its own rules.
 */
public final class Osiris implements AutoCloseable {
    private final Path workingDirectory;
    private final OsirisConfig config;
    private final Map<String, String> environment;
    private final Path pluginDirectory;
    private final boolean ownsRegistry;
    private ConnectorRegistry registry;
    private boolean connectionsChecked;
    private final List<Consumer<PipelineRunner.Builder>> runnerSettings;
    private final Resources opened = new Resources();
    private PipelineParser parser;
    private PipelineRunner runner;
    private StateDatabase state;
    private final RunRecording recording;

    private Osiris(Builder b, OsirisConfig config) {
        this.workingDirectory = b.workingDirectory;
        this.config = config;
        this.environment = b.environment;
        this.registry = b.registry;
        this.pluginDirectory = b.pluginDirectory;
        this.ownsRegistry = b.registry == null;
        this.runnerSettings = List.copyOf(b.runnerSettings);
        this.recording = new RunRecording(workingDirectory, b.keepRuns);
    }

    /** A builder: the process's working directory, its {@code .osiris.yaml}, connectors on the class path. */
    public static Builder configure() {
        return new Builder();
    }

    /** The directory relative paths resolve against. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** The configuration in use. */
    public OsirisConfig config() {
        return config;
    }

    /**
     * The connector types, loaded once when first needed; the config's connections are then
     * checked against them (each type known, each setting a key its connector declares).
     *
     * @throws io.osiris.api.ConfigurationException if a connector cannot load, or a connection
     *                                              names an unknown type or key
     */
    public ConnectorRegistry registry() {
        if (!connectionsChecked) {
            ConfiguredConnections.check(config, loadedRegistry());
            connectionsChecked = true;
        }
        return registry;
    }

    private ConnectorRegistry loadedRegistry() {
        return registry != null ? registry : (registry = Resources.loadRegistry(pluginDirectory));
    }

    /** The secrets of the config (the keys its connectors declare secret, and the LLM keys), to mask in output. */
    public SecretMask secrets() {
        // Not registry(): the secrets of a config with a mistyped key must still be masked in the error it gets.
        return SecretMask.of(config, loadedRegistry().providers(), environment);
    }

    /** The pipeline parser for the connector types of {@link #registry()}. */
    public PipelineParser parser() {
        if (parser == null) {
            parser = PipelineParser.of(registry());
        }
        return parser;
    }

    /** Parses and checks pipeline YAML: format, SQL, where loads write; {@link ValidationException} lists problems. */
    public Pipeline validate(String yaml, String source) {
        return Sources.checked(this, yaml, source, Optional.empty());
    }

    /**
     * Reads and validates a pipeline file as {@link #validate(String, String)} does, and refuses
     * a load that would overwrite the file itself.
     *
     * @throws io.osiris.api.ConfigurationException when it is missing, unreadable, too large or not UTF-8
     * @throws ValidationException                  with every problem, each with its line
     */
    public Pipeline validate(Path file) {
        Path resolved = workingDirectory.resolve(file);
        return recording.remember(Sources.checked(this, Pipelines.readText(resolved), file.toString(),
                Optional.of(resolved)), resolved);
    }

    /**
     * Checks a pipeline built in code ({@link Pipeline#builder}) by exactly the rules a pipeline
     * file is checked by, and where its loads write; {@link #run} checks it too.
     *
     * @return the pipeline as its file would read (defaults filled in)
     * @throws ValidationException with every problem, each with its step path
     */
    public Pipeline validate(Pipeline pipeline) {
        return Sources.checked(this, pipeline);
    }

    /**
     * The runner of this configuration, built when first asked for and closed with this object. Its
     * watermarks and run history live in the state file, opened only when a run needs it.
     */
    public PipelineRunner runner() {
        if (runner == null) {
            PipelineRunner.Builder b = PipelineRunner.builder().registry(registry()).config(config)
                    .workingDirectory(workingDirectory).environment(environment).state(this::state);
            runnerSettings.forEach(setting -> setting.accept(b));
            recording.install(b, this::state, this::secrets);
            runner = opened.add(b.build());
        }
        return runner;
    }

    /** The run history: each run through {@link #runner()} but dry runs, newest first (opens the state file). */
    public RunHistory runs() {
        return RunHistory.of(state());
    }

    /** Runs a pipeline through {@link #runner()}, after the checks of {@link #validate(Pipeline)}; kept in {@link #runs()}. */
    public RunReport run(Pipeline pipeline) {
        return runner().run(pipeline);
    }

    /**
     * Runs a pipeline with values for its variables:
     * {@code osiris.run(pipeline, Map.of("min_year", "2000"))}. A variable not given takes the
     * environment variable {@code OSIRIS_VAR_MIN_YEAR} (declared names only), else its default;
     * every value is checked against its variable's type and bound as a literal or a checked
     * path segment, never pasted. {@link RunReport#variables()} lists the values used.
     *
     * @throws ValidationException when a name is not declared, or a value does not fit its type or its place
     */
    public RunReport run(Pipeline pipeline, Map<String, String> values) {
        return runner().run(pipeline, values);
    }

    /** Checks a pipeline against the live sources and targets, moving no data. */
    public RunReport dryRun(Pipeline pipeline) {
        return runner().dryRun(pipeline);
    }

    /** A dry run with values for the pipeline's variables, bound as {@link #run(Pipeline, Map)} binds them. */
    public RunReport dryRun(Pipeline pipeline, Map<String, String> values) {
        return runner().dryRun(pipeline, values);
    }

    /**
     * The pipeline bound to the values a run would use (given, else the environment's
     * {@code OSIRIS_VAR_NAME}, else the defaults): what to show a person before a run.
     * Its {@link Pipeline#vars()} hold those values.
     *
     * @throws ValidationException when a name is not declared, or a value does not fit its type or its place
     */
    public Pipeline bind(Pipeline pipeline, Map<String, String> values) {
        Pipeline checked = validate(pipeline);
        return parser().bind(checked, Variables.resolve(checked, values, environment));
    }

    /** Every write a pipeline would make, looked up on its targets: what a person sees before approving. */
    public List<PlannedWrite> writes(Pipeline pipeline) {
        // Where a run without --var writes: the paths with the values bound (defaults, or OSIRIS_VAR_NAME).
        Pipeline bound = pipeline.vars().isEmpty() ? pipeline
                : parser().bind(pipeline, Variables.resolve(pipeline, Map.of(), environment));
        return new PlannedWrites(registry(), config, workingDirectory).of(bound);
    }

    /**
     * Opens a connection of the config for discovery and templates, under the config's preview
     * timeout (they sample the source). Close the source; {@link #withSource} does it for you.
     *
     * @throws io.osiris.api.ConfigurationException when the connection or its type is unknown
     */
    public Source source(String type, String connection) {
        ConnectorConfig settings = config.requireConnection(type, connection);
        return Sources.open(this, settings, type + "." + connection,
                dialect -> TemplateSource.connection(type, connection, dialect));
    }

    /** Opens a database file (such as {@code movies.duckdb}) of connector {@code type} as a source. */
    public Source sourceFile(String type, String path) {
        ConnectorConfig settings = new ConnectorConfig(type, "path", Map.of("path", workingDirectory.resolve(path)
                .toString()));
        return Sources.open(this, settings, type + ":" + path, dialect -> TemplateSource.file(type, path, dialect));
    }

    /** Runs {@code work} with a connection of the config open, and closes it. */
    public <T> T withSource(String type, String connection, Function<Source, T> work) {
        try (Source source = source(type, connection)) {
            return work.apply(source);
        }
    }

    /** The output directory as pipelines name it: relative to the working directory when inside it. */
    public String outputDirectoryName() {
        Path out = config.outputDirectory().toAbsolutePath().normalize();
        return !out.startsWith(workingDirectory) ? out.toString()
                : out.equals(workingDirectory) ? "." : workingDirectory.relativize(out).toString();
    }

    /** Where the state file is: {@code .osiris/state.db} beside the config, or under the working directory. */
    public Path stateFile() {
        return StateDatabase.locationFor(config, workingDirectory);
    }

    /** Whether the state file exists (so asking for {@link #state()} would not create it). */
    public boolean hasState() {
        return state != null || Files.exists(stateFile());
    }

    /** The state database (sessions, schema cache, run history), opened, or created, when first asked for. */
    public StateDatabase state() {
        if (state == null) {
            state = opened.add(StateDatabase.open(stateFile()));
        }
        return state;
    }

    /** Closes the runner and the state file, then the registry if this object loaded it. */
    @Override
    public void close() {
        opened.close(ownsRegistry ? registry : null);
    }

    /**
     * An open source: its connector, its discovery (cached in the project's state file) and the
     * templates written against it. Closing it closes the connector.
     */
    public interface Source extends AutoCloseable {
        /** {@code type.name} for a connection, {@code type:path} for a file. */
        String label();

        /** The open connector. */
        Connector connector();

        /** Discovery of the source, with sampling, the cache and the config's privacy policy. */
        DiscoveryService discovery();

        /** The templates, matched and applied against this source. */
        TemplateEngine templates();

        @Override
        void close();
    }

    /** Configures an {@link Osiris}; {@link #load()} reads what was not given. */
    public static final class Builder {
        private Path workingDirectory = Path.of("").toAbsolutePath().normalize();
        private OsirisConfig config;
        private String configFile;
        private Map<String, String> environment = System.getenv();
        private ConnectorRegistry registry;
        private Path pluginDirectory;
        private final List<Consumer<PipelineRunner.Builder>> runnerSettings = new ArrayList<>();
        private int keepRuns = RunHistory.DEFAULT_KEEP;

        private Builder() {
        }

        /** Runs of each pipeline the run history keeps ({@value RunHistory#DEFAULT_KEEP} by default); 0: none. */
        public Builder keepRuns(int runs) {
            this.keepRuns = RunRecording.checkedKeep(runs);
            return this;
        }

        /** The directory relative paths (and {@code .osiris.yaml}) resolve against; the process's by default. */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = directory.toAbsolutePath().normalize();
            return this;
        }

        /** This configuration, instead of one read from a file. */
        public Builder config(OsirisConfig value) {
            this.config = requireNonNull(value, "config");
            return this;
        }

        /** The config file to read; else {@code $OSIRIS_CONFIG}, else the working directory's {@code .osiris.yaml}. */
        public Builder configFile(String file) {
            this.configFile = file;
            return this;
        }

        /** The variables {@code ${VAR}} in the config reads; the process's by default. */
        public Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /** These connector types (left open on close: the caller owns them), instead of loading them. */
        public Builder registry(ConnectorRegistry value) {
            this.registry = requireNonNull(value, "registry");
            return this;
        }

        /**
         * Also load the connector plugins of this directory, each jar (or sub-directory of jars)
         * in its own isolated class loader ({@link ConnectorRegistry#load(ClassLoader, Path)}).
         * Without this call only the class path's connectors are known: no plugin directory is
         * read unless asked.
         */
        public Builder plugins(Path directory) {
            this.pluginDirectory = requireNonNull(directory, "directory");
            return this;
        }

        /** Follows every run, dry runs included, reporting long steps every {@code interval}. */
        public Builder listener(RunListener listener, Duration interval) {
            return runner(b -> b.listener(listener).progressInterval(interval));
        }

        /** Where the engine keeps its database and spill files during a run. */
        public Builder tempDirectory(Path directory) {
            return runner(b -> b.tempDirectory(directory));
        }

        /** The engine's memory limit, such as {@code 2GB}; beyond it the engine spills to disk. */
        public Builder memoryLimit(String limit) {
            return runner(b -> b.memoryLimit(limit));
        }

        /** DuckDB's worker threads, and so the most splits a step reads at once; 0 lets the config or DuckDB choose. */
        public Builder engineThreads(int threads) {
            return runner(b -> b.engineThreads(threads));
        }

        /** How many extracts run at once. */
        public Builder parallelism(int extracts) {
            return runner(b -> b.parallelism(extracts));
        }

        private Builder runner(Consumer<PipelineRunner.Builder> setting) {
            setting.accept(PipelineRunner.builder()); // refuses a bad value now, not at the first run
            runnerSettings.add(setting);
            return this;
        }

        /** Reads the config unless given ({@code ConfigurationException} if it cannot); connectors load later. */
        public Osiris load() {
            return new Osiris(this, config != null ? config
                    : ConfigLoader.find(configFile, environment, workingDirectory));
        }
    }
}
