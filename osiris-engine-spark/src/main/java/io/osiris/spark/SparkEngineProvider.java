package io.osiris.spark;

import io.osiris.api.ConfigurationException;
import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.EngineProvider;
import io.osiris.core.engine.EngineSettings;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code engine: { type: spark, master: local[2], app_name: osiris, conf: {spark.sql.shuffle.partitions: 4} }}:
 * every run on Apache Spark SQL. {@code master} is {@code local[N]}, {@code spark://HOST:PORT},
 * {@code k8s://...} or {@code yarn}; without it the master {@code spark-submit} was given is used
 * (or {@code local[*]} outside spark-submit). {@code conf} holds any Spark setting.
 *
 * <p>This class names no Spark type, so it loads on a class path without Spark and says what to add.
 */
public final class SparkEngineProvider implements EngineProvider {
    /** The keys the section takes beside {@code type}. */
    static final Set<String> KEYS = Set.of("master", "app_name", "conf");

    /** Found by {@link java.util.ServiceLoader}. */
    public SparkEngineProvider() {
    }

    @Override
    public String type() {
        return "spark";
    }

    @Override
    public Set<String> keys() {
        return KEYS;
    }

    @Override
    public EngineFactory open(EngineSettings settings, Path tempDirectory) {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkEngineProvider.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigurationException("engine.type: 'spark' needs Apache Spark on the class path"
                    + " (org.apache.spark:spark-sql_2.13 4.x, which io.osiris:osiris-engine-spark leaves to the host):"
                    + " add it as a dependency, or submit the pipeline with spark-submit", e);
        }
        return SparkEngines.factory(settings, tempDirectory);
    }
}
