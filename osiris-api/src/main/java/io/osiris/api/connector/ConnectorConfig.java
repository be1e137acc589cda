package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One named connection's settings, with environment variables already substituted.
 * {@link #toString()} shows the keys only, never a value, so a config can be logged safely.
 *
 * @param type       the connector type ({@code mysql})
 * @param name       the connection name ({@code default})
 * @param properties the settings, keys as written in {@code .osiris.yaml}
 */
public record ConnectorConfig(String type, String name, Map<String, String> properties) {
    public ConnectorConfig {
        requireNonNull(type, "type");
        requireNonNull(name, "name");
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Where this connection lives in {@code .osiris.yaml}, for messages: {@code connections.mysql.default}. */
    public String location() {
        return "connections." + type + "." + name;
    }

    /** A setting, if present and not blank. */
    public Optional<String> get(String key) {
        String value = properties.get(key);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    /** A setting that must be present. */
    public String require(String key) {
        return get(key).orElseThrow(() -> new ConfigurationException(
                location() + ": missing '" + key + "'. Add it to the connection in .osiris.yaml."));
    }

    /** An integer setting, or the default when absent. */
    public int getInt(String key, int defaultValue) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(
                    location() + "." + key + ": expected an integer, got '" + value.get() + "'");
        }
    }

    /** A boolean setting ({@code true}/{@code false}), or the default when absent. */
    public boolean getBoolean(String key, boolean defaultValue) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new ConfigurationException(
                    location() + "." + key + ": expected true or false, got '" + value.get() + "'");
        };
    }

    /**
     * The location and the keys set, never a value: which keys are secrets is for the connector to
     * declare ({@link ConfigKey#secret()}), and a URL may carry a password inside a key that is not.
     */
    @Override
    public String toString() {
        return "ConnectorConfig[" + location() + " keys=" + properties.keySet() + "]";
    }
}
