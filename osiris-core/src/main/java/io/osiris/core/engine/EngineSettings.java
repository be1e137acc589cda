package io.osiris.core.engine;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code engine:} section of {@code .osiris.yaml}: the engine type and the settings beside
 * it, values as text with {@code ${VAR}} substituted. A nested mapping is flattened with its key
 * as a prefix, so {@code conf: {spark.sql.shuffle.partitions: 4}} is the setting
 * {@code conf.spark.sql.shuffle.partitions = 4}.
 *
 * @param type     {@code duckdb} (the default), {@code spark}, or another {@link EngineProvider}'s type
 * @param settings the keys beside {@code type}, flattened
 */
public record EngineSettings(String type, Map<String, String> settings) {
    /** The embedded engine's type. */
    public static final String DUCKDB = "duckdb";

    public EngineSettings {
        Objects.requireNonNull(type, "type");
        settings = Map.copyOf(settings);
    }

    /** The embedded DuckDB engine, with no settings: what a config without {@code engine:} means. */
    public static EngineSettings duckdb() {
        return new EngineSettings(DUCKDB, Map.of());
    }

    /** A setting, or {@code fallback} when the section does not have it. */
    public String get(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }

    /** The settings under {@code prefix.} (without the prefix), in key order: {@code conf} gives Spark's conf. */
    public Map<String, String> under(String prefix) {
        Map<String, String> below = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                below.put(key.substring(prefix.length() + 1), value);
            }
        });
        return below;
    }
}
