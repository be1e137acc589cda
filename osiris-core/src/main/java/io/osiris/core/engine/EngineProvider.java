package io.osiris.core.engine;

import java.nio.file.Path;
import java.util.Set;

/**
 * A transform engine other than the embedded DuckDB, found on the class path with
 * {@link java.util.ServiceLoader} (registered in
 * {@code META-INF/services/io.osiris.core.engine.EngineProvider}) and chosen in
 * {@code .osiris.yaml} by {@code engine: { type: ... }}. Osiris's own is
 * {@code io.osiris:osiris-engine-spark} ({@code type: spark}).
 */
public interface EngineProvider {

    /** The {@code engine.type} this provider answers to ({@code spark}). */
    String type();

    /**
     * The keys its section takes beside {@code type} ({@code master}, {@code app_name}); a key
     * that names a mapping ({@code conf}) takes any key below it. Any other key is refused.
     */
    Set<String> keys();

    /**
     * The engine factory the runs of one runner use: opened once per runner, each run's engine
     * opened from it. May start nothing until the first run.
     *
     * @param settings      the {@code engine:} section, its keys already checked against {@link #keys()}
     * @param tempDirectory where the engine may keep temporary files
     * @throws io.osiris.api.ConfigurationException when a setting's value is wrong
     */
    EngineFactory open(EngineSettings settings, Path tempDirectory);
}
