package io.osiris.cli;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.state.IStateStore;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.state.StateDatabase;
import io.osiris.core.template.TemplateSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one source a command works on, chosen with {@code --source}: {@code TYPE.NAME} (a
 * connection of {@code .osiris.yaml}), {@code TYPE} (its only or {@code default} connection),
 * {@code TYPE:PATH} (a database file, such as {@code duckdb:movies.duckdb}), or nothing when
 * exactly one connection is configured. Several connections and no {@code --source} is a usage
 * error that lists them.
 */
final class SourceSelection {
    private SourceSelection() {
    }

    /** The connection settings and the pipeline source they stand for. */
    record Choice(ConnectorConfig config, String type, String name, String path) {
        String label() {
            return path.isEmpty() ? type + "." + name : type + ":" + path;
        }
    }

    static Choice choose(OsirisConfig config, String source, Path workingDirectory) {
        if (source != null && !source.isBlank()) {
            String s = source.trim();
            int colon = s.indexOf(':');
            int dot = s.indexOf('.');
            if (colon > 0 && (dot < 0 || colon < dot)) {
                String type = s.substring(0, colon);
                String path = s.substring(colon + 1);
                if (path.isBlank()) {
                    throw usage("--source " + s + ": give a file after the colon, as in duckdb:movies.duckdb");
                }
                return new Choice(new ConnectorConfig(type, "path",
                        Map.of("path", workingDirectory.resolve(path).toString())), type, "", path);
            }
            if (dot > 0) {
                String type = s.substring(0, dot);
                String name = s.substring(dot + 1);
                return new Choice(config.requireConnection(type, name), type, name, "");
            }
            Map<String, ConnectorConfig> byName = config.connections().getOrDefault(s, Map.of());
            if (byName.size() == 1) {
                ConnectorConfig only = byName.values().iterator().next();
                return new Choice(only, s, only.name(), "");
            }
            if (byName.containsKey("default")) {
                return new Choice(byName.get("default"), s, "default", "");
            }
            if (byName.isEmpty()) {
                throw new ConfigurationException("No connection of type '" + s + "' is configured"
                        + config.file().map(f -> " in " + f).orElse(" (no .osiris.yaml found)")
                        + ". Add connections." + s + ".default, or pass --source TYPE:PATH for a database file."
                        + configured(config));
            }
            throw usage("several '" + s + "' connections are configured; choose one with --source TYPE.NAME:"
                    + configured(config));
        }
        List<ConnectorConfig> all = new ArrayList<>();
        config.connections().values().forEach(byName -> all.addAll(byName.values()));
        if (all.size() == 1) {
            ConnectorConfig only = all.get(0);
            return new Choice(only, only.type(), only.name(), "");
        }
        if (all.isEmpty()) {
            throw new ConfigurationException("No connection is configured"
                    + config.file().map(f -> " in " + f).orElse(" (no .osiris.yaml found; pass --config FILE)")
                    + ". Add one under connections:, or pass --source duckdb:FILE for a DuckDB file.");
        }
        throw usage("several connections are configured; choose one with --source TYPE.NAME:" + configured(config));
    }

    private static String configured(OsirisConfig config) {
        List<String> names = new ArrayList<>();
        config.connections().forEach((type, byName) -> byName.keySet().forEach(n -> names.add(type + "." + n)));
        return names.isEmpty() ? "" : " " + String.join(", ", names);
    }

    private static ValidationException usage(String message) {
        return new ValidationException(List.of(new Problem("", "--source", 0, message)));
    }

    /** Opens the chosen source with discovery (cached in the state file beside the config, if any). */
    static Opened open(OsirisConfig config, Choice choice) {
        ConnectorRegistry registry = ConnectorRegistry.load();
        Connector connector = null;
        StateDatabase state = null;
        try {
            // Discovery and template previews sample the source: they run under limits.preview_timeout.
            connector = registry.provider(choice.type()).open(config.limits().forPreview(choice.config()));
            Optional<Path> stateFile = StateDatabase.locationFor(config);
            state = stateFile.map(StateDatabase::open).orElse(null);
            DiscoveryService.Builder discovery = DiscoveryService.builder(connector.discovery(), choice.label())
                    .sampleData(DiscoveryService.sampleDataEnabled(config)).pii(PiiPolicy.of(config));
            if (state != null) {
                IStateStore cache = state.forNamespace(DiscoveryService.CACHE_NAMESPACE);
                discovery.cache(cache);
            }
            TemplateSource source = choice.path().isEmpty()
                    ? TemplateSource.connection(choice.type(), choice.name(), connector.dialect())
                    : TemplateSource.file(choice.type(), choice.path(), connector.dialect());
            return new Opened(registry, connector, state, discovery.build(), source, choice);
        } catch (RuntimeException e) {
            if (state != null) {
                state.close();
            }
            if (connector != null) {
                connector.close();
            }
            registry.close();
            throw e;
        }
    }

    /** An open source: close it to release the connector, the state file and the registry. */
    record Opened(ConnectorRegistry registry, Connector connector, StateDatabase state, DiscoveryService discovery,
            TemplateSource source, Choice choice) implements AutoCloseable {
        @Override
        public void close() {
            try {
                connector.close();
            } finally {
                try {
                    if (state != null) {
                        state.close();
                    }
                } finally {
                    registry.close();
                }
            }
        }
    }

    /** The output directory as pipelines should name it: relative to the working directory when inside it. */
    static String outputDirectory(OsirisConfig config, Path workingDirectory) {
        Path out = config.outputDirectory().toAbsolutePath().normalize();
        Path cwd = workingDirectory.toAbsolutePath().normalize();
        return out.startsWith(cwd) ? (out.equals(cwd) ? "." : cwd.relativize(out).toString()) : out.toString();
    }
}
