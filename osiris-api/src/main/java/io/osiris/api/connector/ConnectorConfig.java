package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Suggestions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * One named connection's settings, with environment variables already substituted.
 * {@link #toString()} shows the keys only, never a value, so a config can be logged safely.
 *
 * <p>A host application may also hand a connection its own {@link DataSource} or a password
 * supplier ({@link HostResources}): they travel beside the settings, never inside them.
 *
 * @param type       the connector type ({@code mysql})
 * @param name       the connection name ({@code default})
 * @param properties the settings, keys as written in {@code .osiris.yaml}
 * @param host       what the host application supplied; {@link HostResources#none()} for a config file's
 */
public record ConnectorConfig(String type, String name, Map<String, String> properties, HostResources host) {
    public ConnectorConfig {
        requireNonNull(type, "type");
        requireNonNull(name, "name");
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
        requireNonNull(host, "host");
    }

    /** Settings alone, as read from {@code .osiris.yaml}. */
    public ConnectorConfig(String type, String name, Map<String, String> properties) {
        this(type, name, properties, HostResources.none());
    }

    /**
     * The host application's own data source, if it gave one: a connector uses it for every
     * connection instead of building a pool, and never closes it.
     */
    public Optional<DataSource> dataSource() {
        return host.dataSource();
    }

    /** The host application's password supplier, if it gave one: read each time a connection is made. */
    public Optional<Supplier<String>> password() {
        return host.password();
    }

    /** Where this connection lives in {@code .osiris.yaml}, for messages: {@code connections.mysql.default}. */
    public String location() {
        return "connections." + type + "." + name;
    }

    /**
     * Refuses settings no key in {@code keys} names, and required keys left unset: a typo is
     * an error with the closest known key, never a silently ignored setting.
     *
     * @throws ConfigurationException naming the first unknown or missing key and where it is
     */
    public ConnectorConfig requireKnownKeys(List<ConfigKey> keys) {
        List<String> names = keys.stream().map(ConfigKey::name).toList();
        for (String key : properties.keySet()) {
            if (!names.contains(key)) {
                throw new ConfigurationException(location() + ": unknown key '" + key + "'"
                        + Suggestions.didYouMean(key, names) + ". Known keys: "
                        + String.join(", ", new TreeSet<>(names)) + ".");
            }
        }
        for (ConfigKey key : keys) {
            // A password the host supplies, or a data source that carries its own credentials, satisfies the key.
            if (key.required() && !(key.secret() && !host.isEmpty())) {
                require(key.name());
            }
        }
        return this;
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
     * A duration setting ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}; a bare number is
     * seconds; {@code 0} means none), or the default when absent.
     */
    public Duration getDuration(String key, Duration defaultValue) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return defaultValue;
        }
        return parseDuration(value.get()).orElseThrow(() -> new ConfigurationException(location() + "." + key
                + ": expected a duration like 500ms, 30s, 10m or 1h, got '" + value.get() + "'"));
    }

    /** This connection with one setting added or replaced, e.g. a shorter {@code statement_timeout}. */
    public ConnectorConfig with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(properties);
        copy.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
        return new ConnectorConfig(type, name, copy, host);
    }

    /**
     * Reads {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h} or a bare number of seconds;
     * empty when the text is none of these.
     */
    public static Optional<Duration> parseDuration(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?")
                .matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return Optional.of(switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        });
    }

    /** A duration as it is written in {@code .osiris.yaml}: {@code 10m}, {@code 30s}, {@code 1500ms}. */
    public static String formatDuration(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * The location and the keys set, never a value: which keys are secrets is for the connector to
     * declare ({@link ConfigKey#secret()}), and a URL may carry a password inside a key that is not.
     */
    @Override
    public String toString() {
        return "ConnectorConfig[" + location() + " keys=" + properties.keySet()
                + (host.isEmpty() ? "" : " " + host) + "]";
    }
}
