package io.osiris.cli;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /** A connection of the config ({@code path} empty) or a database file ({@code name} empty). */
    record Choice(String type, String name, String path) {
        String label() {
            return path.isEmpty() ? type + "." + name : type + ":" + path;
        }
    }

    static Choice choose(OsirisConfig config, String source) {
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
                return new Choice(type, "", path);
            }
            if (dot > 0) {
                String type = s.substring(0, dot);
                String name = s.substring(dot + 1);
                config.requireConnection(type, name);
                return new Choice(type, name, "");
            }
            Map<String, ConnectorConfig> byName = config.connections().getOrDefault(s, Map.of());
            if (byName.size() == 1) {
                ConnectorConfig only = byName.values().iterator().next();
                return new Choice(s, only.name(), "");
            }
            if (byName.containsKey("default")) {
                return new Choice(s, "default", "");
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
            return new Choice(only.type(), only.name(), "");
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

    /** Opens the chosen source with its discovery and templates; closing it closes the connector. */
    static Osiris.Source open(Osiris osiris, Choice choice) {
        return choice.path().isEmpty() ? osiris.source(choice.type(), choice.name())
                : osiris.sourceFile(choice.type(), choice.path());
    }
}
