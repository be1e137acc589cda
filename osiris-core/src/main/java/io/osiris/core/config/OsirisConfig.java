package io.osiris.core.config;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The settings of {@code .osiris.yaml}, with {@code ${VAR}} references already substituted.
 * Read it with {@link ConfigLoader}; {@link #empty(Path)} stands for "no config file", which
 * is enough for pipelines that use only files and DuckDB files.
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
 */
public record OsirisConfig(Optional<Path> file, int version, Map<String, Map<String, ConnectorConfig>> connections,
        Map<String, String> llm, Map<String, String> discovery, Path outputDirectory, List<Path> allowedOutside,
        Limits limits) {

    public OsirisConfig {
        requireNonNull(file, "file");
        requireNonNull(outputDirectory, "outputDirectory");
        requireNonNull(limits, "limits");
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
    }


    /**
     * The project: the directory of the config file, or {@code workingDirectory} when there is none.
     * File loads stay inside it unless {@link #allowedOutside()} names another directory.
     */
    public Path projectDirectory(Path workingDirectory) {
        return file.map(f -> f.toAbsolutePath().getParent()).orElse(workingDirectory.toAbsolutePath()).normalize();
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
                        + file.map(f -> " in " + f).orElse(" (no .osiris.yaml found; pass --config FILE or set OSIRIS_CONFIG)")
                        + ". Add connections." + type + "." + name + " to .osiris.yaml"
                        + (connections.containsKey(type) ? "; configured: "
                        + new TreeSet<>(connections.get(type).keySet()) : "") + "."));
    }
}
