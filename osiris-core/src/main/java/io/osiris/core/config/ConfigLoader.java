package io.osiris.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.core.engine.EngineSettings;
import io.osiris.core.engine.Engines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads {@code .osiris.yaml}: {@code --config FILE} first, then the
 * {@code OSIRIS_CONFIG} variable, then {@code ./.osiris.yaml}. String values may reference
 * {@code ${VAR}} or {@code ${VAR:-default}}, read from the environment and from a {@code .env}
 * file beside the config (the environment wins). Substitution happens after YAML parsing,
 * on values only, so a variable can never change the structure of the file.
 */
public final class ConfigLoader {
    /** The file name looked for in the working directory. */
    public static final String FILE_NAME = ".osiris.yaml";
    /** The variable naming a config file. */
    public static final String ENV_VAR = "OSIRIS_CONFIG";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /**
     * Where the config is: {@code explicit} when not empty (it must exist), else
     * {@code $OSIRIS_CONFIG} (must exist), else {@code workingDirectory/.osiris.yaml} if present.
     *
     * @throws ConfigurationException when an explicitly named file does not exist
     */
    public static Optional<Path> locate(String explicit, Map<String, String> environment, Path workingDirectory) {
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(mustExist(workingDirectory.resolve(explicit), "named explicitly"));
        }
        String fromEnv = environment.get(ENV_VAR);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(mustExist(workingDirectory.resolve(fromEnv), "from " + ENV_VAR));
        }
        Path local = workingDirectory.resolve(FILE_NAME);
        return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
    }

    /**
     * The config found by {@link #locate}, or {@link OsirisConfig#empty} when there is none.
     */
    public static OsirisConfig find(String explicit, Map<String, String> environment, Path workingDirectory) {
        return locate(explicit, environment, workingDirectory)
                .map(file -> load(file, environment))
                .orElseGet(() -> OsirisConfig.empty(workingDirectory));
    }

    /** The config of the process: its environment and working directory. */
    public static OsirisConfig find(String explicit) {
        return find(explicit, System.getenv(), Path.of("").toAbsolutePath());
    }

    /**
     * Reads a config file.
     *
     * @throws ConfigurationException when it cannot be read, is malformed, or uses an unset variable
     */
    public static OsirisConfig load(Path file, Map<String, String> environment) {
        Path absolute = file.toAbsolutePath();
        JsonNode root;
        try {
            root = YAML.readTree(TextFiles.read(absolute, "Config file"));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read " + absolute + ": " + e.getMessage(), e);
        }
        Path directory = absolute.getParent();
        Map<String, String> variables = new LinkedHashMap<>(DotEnv.read(directory.resolve(".env")));
        variables.putAll(environment);
        Substitution substitution = new Substitution(variables, absolute);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new OsirisConfig(Optional.of(absolute), 1, Map.of(), Map.of(), Map.of(), directory.resolve("output"));
        }
        if (!root.isObject()) {
            throw new ConfigurationException(absolute + ": expected a mapping with version, connections, llm, output");
        }
        checkKeys(root, absolute);
        int version = root.path("version").asInt(1);
        Map<String, Map<String, ConnectorConfig>> connections = new LinkedHashMap<>();
        JsonNode types = root.path("connections");
        for (Iterator<Map.Entry<String, JsonNode>> t = types.fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> type = t.next();
            Map<String, ConnectorConfig> byName = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> n = type.getValue().fields(); n.hasNext(); ) {
                Map.Entry<String, JsonNode> named = n.next();
                String location = "connections." + type.getKey() + "." + named.getKey();
                byName.put(named.getKey(), new ConnectorConfig(type.getKey(), named.getKey(),
                        flatten(named.getValue(), location, substitution)));
            }
            connections.put(type.getKey(), byName);
        }
        Map<String, String> llm = flatten(root.path("llm"), "llm", substitution);
        Map<String, String> discovery = flatten(root.path("discovery"), "discovery", substitution);
        String output = substitution.apply(root.path("output").path("directory").asText("output"),
                "output.directory");
        List<Path> allowedOutside = new ArrayList<>();
        List<java.net.URI> allowedUris = new ArrayList<>();
        JsonNode outside = root.path("output").path("allow_outside");
        if (!outside.isMissingNode() && !outside.isNull()) {
            if (!outside.isArray()) {
                throw new ConfigurationException(absolute + ": output.allow_outside: expected a list of directories");
            }
            for (JsonNode dir : outside) {
                String value = substitution.apply(dir.asText(), "output.allow_outside");
                if (value.isBlank()) {
                    throw new ConfigurationException(absolute + ": output.allow_outside: an entry is empty");
                }
                if (io.osiris.core.write.FileUris.isUri(value)) {
                    allowedUris.add(OsirisConfig.uriPrefix(value, absolute + ": output.allow_outside"));
                } else {
                    allowedOutside.add(directory.resolve(value).normalize());
                }
            }
        }
        if (!root.path("limits").isMissingNode() && !root.path("limits").isObject() && !root.path("limits").isNull()) {
            throw new ConfigurationException(absolute + ": limits: expected a mapping like"
                    + " { statement_timeout: 10m, preview_timeout: 30s }");
        }
        Limits limits = Limits.parse(flatten(root.path("limits"), "limits", substitution), absolute);
        EngineSettings engine = engine(root.path("engine"), absolute, substitution);
        return new OsirisConfig(Optional.of(absolute), version, connections, llm, discovery,
                directory.resolve(output).normalize(), allowedOutside, limits, engine, allowedUris);
    }

    /**
     * The variables a config's {@code ${VAR}} references read: the {@code .env} beside its file,
     * overridden by the environment; the environment alone when there is no config file.
     */
    public static Map<String, String> variables(OsirisConfig config, Map<String, String> environment) {
        Map<String, String> variables = new LinkedHashMap<>();
        config.file().ifPresent(f -> variables.putAll(DotEnv.read(f.toAbsolutePath().getParent().resolve(".env"))));
        variables.putAll(environment);
        return Map.copyOf(variables);
    }

    /** Refuses keys no section takes, and an engine this build does not run, naming them all at once. */
    private static void checkKeys(JsonNode root, Path file) {
        String where = file + ": ";
        List<String> problems = new ArrayList<>(ConfigKeys.unknown("", names(root), ConfigKeys.TOP));
        for (String section : List.of("llm", "discovery", "output", "engine")) {
            JsonNode node = root.path(section);
            if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
                problems.add(section + ": expected a mapping of settings");
            }
        }
        problems.addAll(ConfigKeys.unknown("llm", names(root.path("llm")), ConfigKeys.LLM));
        problems.addAll(ConfigKeys.unknown("discovery", names(root.path("discovery")), ConfigKeys.DISCOVERY));
        problems.addAll(ConfigKeys.unknown("output", names(root.path("output")), ConfigKeys.OUTPUT));
        JsonNode connections = root.path("connections");
        if (!connections.isMissingNode() && !connections.isNull() && !connections.isObject()) {
            problems.add("connections: expected a mapping of connector types, each a mapping of named connections");
        }
        for (Iterator<Map.Entry<String, JsonNode>> t = connections.fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> type = t.next();
            if (!type.getValue().isObject()) {
                problems.add("connections." + type.getKey() + ": expected named connections, such as default:");
            }
        }
        ConfigKeys.throwIfAny(where, problems);
    }

    /**
     * The {@code engine} section, its nested mappings ({@code conf:}) flattened into dotted keys,
     * refused with every problem at once when its type is unknown or a key is not the engine's.
     */
    private static EngineSettings engine(JsonNode section, Path file, Substitution substitution) {
        if (section.isMissingNode() || section.isNull()) {
            return EngineSettings.duckdb();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> f = section.fields(); f.hasNext(); ) {
            Map.Entry<String, JsonNode> field = f.next();
            if (field.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> n = field.getValue().fields(); n.hasNext(); ) {
                    Map.Entry<String, JsonNode> nested = n.next();
                    String key = field.getKey() + "." + nested.getKey();
                    if (!nested.getValue().isValueNode()) {
                        problems.add("engine." + key + ": expected a value");
                    } else {
                        settings.put(key, substitution.apply(nested.getValue().asText(), "engine." + key));
                    }
                }
            } else if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                settings.put(field.getKey(), substitution.apply(field.getValue().asText(), "engine." + field.getKey()));
            } else if (!field.getValue().isNull()) {
                problems.add("engine." + field.getKey() + ": expected a value or a mapping");
            }
        }
        String type = settings.getOrDefault("type", EngineSettings.DUCKDB);
        settings.remove("type");
        EngineSettings engine = new EngineSettings(type.isBlank() ? EngineSettings.DUCKDB : type, settings);
        problems.addAll(Engines.problems(engine));
        ConfigKeys.throwIfAny(file + ": ", problems);
        return engine;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> flatten(JsonNode section, String location, Substitution substitution) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> f = section.fields(); f.hasNext(); ) {
            Map.Entry<String, JsonNode> field = f.next();
            String where = location + "." + field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                values.put(field.getKey(), "");
            } else if (value.isValueNode()) {
                values.put(field.getKey(), substitution.apply(value.asText(), where));
            } else if (value.isArray()) {
                StringBuilder joined = new StringBuilder();
                for (JsonNode item : value) {
                    if (joined.length() > 0) {
                        joined.append(',');
                    }
                    joined.append(substitution.apply(item.asText(), where));
                }
                values.put(field.getKey(), joined.toString());
            } else {
                throw new ConfigurationException(location + "." + field.getKey() + ": expected a value or a list");
            }
        }
        return values;
    }

    private static Path mustExist(Path file, String via) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigurationException("Config file " + file + " (" + via + ") does not exist.");
        }
        return file;
    }
}
