package io.osiris.core.config;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.HostResources;
import io.osiris.core.engine.EngineSettings;
import io.osiris.core.engine.Engines;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The settings of {@code .osiris.yaml}, with {@code ${VAR}} references already substituted.
 * Read it with {@link ConfigLoader}, or build it in code with {@link #builder()};
 * {@link #empty(Path)} stands for "no config file", which is enough for pipelines that use only
 * files and DuckDB files.
 *
 * @param file            the config file, or empty when there is none
 * @param version         the format version (1)
 * @param connections     connector type to connection name to its settings
 * @param llm             the {@code llm} section, values as text
 * @param discovery       the {@code discovery} section, values as text
 * @param outputDirectory where outputs and generated pipelines go by default
 * @param allowedOutside  directories outside the project that file loads may write into
 *                        ({@code output.allow_outside}), absolute and normalised
 * @param limits          the {@code limits} section; every connection's {@code statement_timeout}
 *                        defaults to its {@link Limits#statementTimeout}
 * @param engine          the {@code engine} section: the engine every run uses ({@code duckdb} by default)
 * @param allowedUris     file system URI prefixes ({@code hdfs://nn/out}) that file loads may write
 *                        under, the {@code output.allow_outside} entries with a scheme
 */
public record OsirisConfig(Optional<Path> file, int version, Map<String, Map<String, ConnectorConfig>> connections,
        Map<String, String> llm, Map<String, String> discovery, Path outputDirectory, List<Path> allowedOutside,
        Limits limits, EngineSettings engine, List<URI> allowedUris) {

    /**
     * What a message says when no config file was read (a config built in code, or none found):
     * a command line may recognise it and add how to name a file.
     */
    public static final String NO_FILE = "no config file was read";

    public OsirisConfig {
        requireNonNull(file, "file");
        requireNonNull(outputDirectory, "outputDirectory");
        requireNonNull(limits, "limits");
        requireNonNull(engine, "engine");
        Map<String, Map<String, ConnectorConfig>> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, ConnectorConfig>> type : connections.entrySet()) {
            Map<String, ConnectorConfig> byName = new LinkedHashMap<>();
            type.getValue().forEach((name, connection) -> byName.put(name, limits.applyTo(connection)));
            copy.put(type.getKey(), Collections.unmodifiableMap(byName));
        }
        connections = Collections.unmodifiableMap(copy);
        llm = Map.copyOf(llm);
        discovery = Map.copyOf(discovery);
        allowedOutside = List.copyOf(allowedOutside);
        allowedUris = List.copyOf(allowedUris);
    }

    /** A config whose file loads write no file system URI. */
    public OsirisConfig(Optional<Path> file, int version, Map<String, Map<String, ConnectorConfig>> connections,
            Map<String, String> llm, Map<String, String> discovery, Path outputDirectory, List<Path> allowedOutside,
            Limits limits, EngineSettings engine) {
        this(file, version, connections, llm, discovery, outputDirectory, allowedOutside, limits, engine, List.of());
    }


    /**
     * The project: the directory of the config file, or {@code workingDirectory} when there is none.
     * File loads stay inside it unless {@link #allowedOutside()} names another directory.
     */
    public Path projectDirectory(Path workingDirectory) {
        return file.map(f -> f.toAbsolutePath().getParent()).orElse(workingDirectory.toAbsolutePath()).normalize();
    }

    /**
     * An {@code output.allow_outside} entry that is a URI: a scheme and an absolute path
     * ({@code s3a://bucket/out}, {@code file:///data}; {@code s3a://bucket} for all of it), {@code .}
     * and {@code ..} folded.
     *
     * @throws ConfigurationException naming {@code where} when it is not
     */
    static URI uriPrefix(String value, String where) {
        try {
            URI uri = new URI(value).normalize();
            if (uri.getScheme() != null && uri.getRawAuthority() != null && uri.getRawPath().isEmpty()
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return new URI(uri.getScheme(), uri.getAuthority(), "/", null, null); // s3a://bucket: all of it
            }
            if (uri.getScheme() != null && !uri.isOpaque() && uri.getPath() != null && uri.getPath().startsWith("/")
                    && !uri.getPath().startsWith("/..") && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // Said below.
        }
        throw new ConfigurationException(where + ": '" + value + "' is not a file system URI; write"
                + " scheme://authority/absolute/path (hdfs://namenode/out, file:///data/out)");
    }

    /** A config on the embedded DuckDB engine. */
    public OsirisConfig(Optional<Path> file, int version, Map<String, Map<String, ConnectorConfig>> connections,
            Map<String, String> llm, Map<String, String> discovery, Path outputDirectory, List<Path> allowedOutside,
            Limits limits) {
        this(file, version, connections, llm, discovery, outputDirectory, allowedOutside, limits,
                EngineSettings.duckdb());
    }

    /** A config with the default {@link Limits}, whose file loads stay inside the project. */
    public OsirisConfig(Optional<Path> file, int version, Map<String, Map<String, ConnectorConfig>> connections,
            Map<String, String> llm, Map<String, String> discovery, Path outputDirectory) {
        this(file, version, connections, llm, discovery, outputDirectory, List.of(), Limits.defaults());
    }

    /** No config file: no connections, outputs in {@code output/} under {@code workingDirectory}. */
    public static OsirisConfig empty(Path workingDirectory) {
        return new OsirisConfig(Optional.empty(), 1, Map.of(), Map.of(), Map.of(), workingDirectory.resolve("output"));
    }

    /** A named connection of a connector type, if configured. */
    public Optional<ConnectorConfig> connection(String type, String name) {
        return Optional.ofNullable(connections.getOrDefault(type, Map.of()).get(name));
    }

    /**
     * A named connection that must exist.
     *
     * @throws ConfigurationException saying where to add it
     */
    public ConnectorConfig requireConnection(String type, String name) {
        return connection(type, name).orElseThrow(() -> new ConfigurationException(
                "No connection '" + name + "' for '" + type + "'"
                        + file.map(f -> " in " + f).orElse(" (" + NO_FILE + ")")
                        + ". Add connections." + type + "." + name + " to " + file.map(f -> "the config file")
                        .orElse(".osiris.yaml, or build it with OsirisConfig.builder().connection(\"" + type
                                + "\", \"" + name + "\", c -> ...)")
                        + (connections.containsKey(type) ? "; configured: "
                        + new TreeSet<>(connections.get(type).keySet()) : "") + "."));
    }

    /**
     * A configuration built in code, with no file:
     *
     * <pre>{@code
     * OsirisConfig config = OsirisConfig.builder()
     *         .projectDirectory(dir)
     *         .connection("mysql", "default", c -> c.set("host", "db.internal").set("database", "movies")
     *                 .set("user", "etl").password(() -> vault.read("mysql/etl")))
     *         .connection("supabase", "default", c -> c.dataSource(hostPool))
     *         .limits(Limits.defaults().withStatementTimeout(Duration.ofMinutes(2)))
     *         .build();
     * }</pre>
     *
     * Section keys are checked as the config file's are: an unknown one is refused with the
     * closest known key. Connection settings are checked against their connector's keys when
     * Osiris loads its connectors.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link OsirisConfig}; see {@link OsirisConfig#builder()}. */
    public static final class Builder {
        private Path projectDirectory = Path.of("").toAbsolutePath().normalize();
        private final Map<String, Map<String, ConnectorConfig>> connections = new LinkedHashMap<>();
        private final Map<String, String> llm = new LinkedHashMap<>();
        private final Map<String, String> discovery = new LinkedHashMap<>();
        private Path outputDirectory;
        private final List<Path> allowedOutside = new java.util.ArrayList<>();
        private final List<URI> allowedUris = new java.util.ArrayList<>();
        private Limits limits = Limits.defaults();
        private EngineSettings engine = EngineSettings.duckdb();

        private Builder() {
        }

        /** The directory relative paths of this builder resolve against; the process's by default. */
        public Builder projectDirectory(Path directory) {
            this.projectDirectory = directory.toAbsolutePath().normalize();
            return this;
        }

        /** Adds (or replaces) connection {@code name} of connector {@code type}, configured by {@code settings}. */
        public Builder connection(String type, String name, Consumer<Connection> settings) {
            Connection c = new Connection(requireNonNull(type, "type"), requireNonNull(name, "name"));
            settings.accept(c);
            return connection(c.build());
        }

        /** Adds (or replaces) a connection. */
        public Builder connection(ConnectorConfig connection) {
            connections.computeIfAbsent(connection.type(), t -> new LinkedHashMap<>()).put(connection.name(), connection);
            return this;
        }

        /** An {@code llm} setting ({@code provider}, {@code model}, {@code api_key}, ...). */
        public Builder llm(String key, String value) {
            return put(llm, "llm", ConfigKeys.LLM, key, value);
        }

        /** A {@code discovery} setting ({@code sample_data}, {@code pii}). */
        public Builder discovery(String key, String value) {
            return put(discovery, "discovery", ConfigKeys.DISCOVERY, key, value);
        }

        /** Whether discovery may read sample rows (true by default); false sends only the schema to a model. */
        public Builder sampleData(boolean on) {
            return discovery("sample_data", String.valueOf(on));
        }

        /** Where outputs go by default; relative to the project directory. {@code output/} unless set. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = requireNonNull(directory, "directory");
            return this;
        }

        /** A directory outside the project that file loads may write into (relative to the project directory). */
        public Builder allowOutside(Path directory) {
            allowedOutside.add(requireNonNull(directory, "directory"));
            return this;
        }

        /**
         * A file system URI prefix ({@code hdfs://namenode/out}, {@code file:///data/out}) that file
         * loads may write under, on an engine that writes URIs.
         *
         * @throws ConfigurationException when it is not a URI with a scheme and an absolute path
         */
        public Builder allowOutside(URI prefix) {
            allowedUris.add(uriPrefix(requireNonNull(prefix, "prefix").toString(), "allowOutside"));
            return this;
        }

        /** How long things may run; {@link Limits#defaults()} unless set. */
        public Builder limits(Limits value) {
            this.limits = requireNonNull(value, "value");
            return this;
        }

        /**
         * The engine every run uses: {@code new EngineSettings("spark", Map.of("master", "local[2]"))};
         * DuckDB unless set. Its keys are checked as the config file's are.
         */
        public Builder engine(EngineSettings settings) {
            ConfigKeys.throwIfAny("", Engines.problems(requireNonNull(settings, "settings")));
            this.engine = settings;
            return this;
        }

        private Builder put(Map<String, String> section, String name, java.util.Set<String> known, String key,
                String value) {
            requireNonNull(value, "value");
            ConfigKeys.throwIfAny("", ConfigKeys.unknown(name, List.of(requireNonNull(key, "key")), known));
            section.put(key, value);
            return this;
        }

        /** The configuration. */
        public OsirisConfig build() {
            Path out = projectDirectory.resolve(outputDirectory != null ? outputDirectory : Path.of("output"))
                    .normalize();
            return new OsirisConfig(Optional.empty(), 1, connections, llm, discovery, out,
                    allowedOutside.stream().map(d -> projectDirectory.resolve(d).normalize()).toList(), limits, engine, allowedUris);
        }
    }

    /**
     * The settings of one connection built in code: keys as a config file writes them, and
     * what only a host application can give, its own {@link DataSource} or a password supplier.
     */
    public static final class Connection {
        private final String type;
        private final String name;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private HostResources host = HostResources.none();

        private Connection(String type, String name) {
            this.type = type;
            this.name = name;
        }

        /** A setting, as {@code .osiris.yaml} would write it ({@code host}, {@code port}, {@code database}). */
        public Connection set(String key, String value) {
            settings.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
            return this;
        }

        /** The password, read from {@code supplier} each time a connection is made; never stored or shown. */
        public Connection password(Supplier<String> supplier) {
            requireHostUnset();
            this.host = HostResources.ofPassword(supplier);
            return this;
        }

        /**
         * The host's own data source: the connector takes its connections from it instead of
         * building a pool, and leaves it open (the host owns it).
         */
        public Connection dataSource(DataSource dataSource) {
            requireHostUnset();
            this.host = HostResources.ofDataSource(dataSource);
            return this;
        }

        private void requireHostUnset() {
            if (!host.isEmpty()) {
                throw new IllegalStateException("connections." + type + "." + name + ": give either a data source"
                        + " or a password supplier, not both (a data source carries its own credentials)");
            }
        }

        private ConnectorConfig build() {
            return new ConnectorConfig(type, name, settings, host);
        }
    }
}
