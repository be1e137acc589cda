package io.osiris.spark;

import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.EngineSettings;
import io.osiris.core.engine.Engines;
import java.nio.file.Path;
import java.util.Map;

/** The engine settings every Spark test uses: two local cores, no UI, few shuffle partitions. */
final class SparkTests {
    static final EngineSettings LOCAL = new EngineSettings("spark", Map.of(
            "master", "local[2]",
            "app_name", "osiris-tests",
            "conf.spark.ui.enabled", "false",
            "conf.spark.sql.shuffle.partitions", "2",
            "conf.spark.driver.host", "127.0.0.1",
            "conf.spark.driver.bindAddress", "127.0.0.1"));

    private SparkTests() {
    }

    /** The factory the config's {@code engine:} section picks, through the provider on the class path. */
    static EngineFactory factory(Path temp) {
        return Engines.factory(LOCAL, temp, () -> {
            throw new AssertionError("DuckDB was picked for spark");
        });
    }
}
