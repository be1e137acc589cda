package io.osiris.spark;

import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.EngineSettings;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one {@link SparkSession} of the JVM, and a factory of engines on it. Spark allows one
 * SparkContext per JVM, so every engine shares it ({@code getOrCreate}); each engine works in a
 * {@linkplain SparkSession#newSession() session of its own}, so the temp views of one run are
 * invisible to another.
 */
final class SparkEngines {
    /**
     * SQL settings every engine session gets: identifiers in double quotes as the runner writes them
     * (and DuckDB reads them), java.time values, instants in UTC as Osiris hands them out, Parquet
     * timestamps as the other engines write them, and no file opened from SQL ({@code parquet.`/etc`}):
     * a run reads only what its steps declare, as on DuckDB.
     */
    static final Map<String, String> SESSION_CONF = Map.of(
            "spark.sql.runSQLOnFiles", "false",
            "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
            "spark.sql.ansi.enabled", "true",
            "spark.sql.ansi.doubleQuotedIdentifiers", "true",
            "spark.sql.datetime.java8API.enabled", "true",
            "spark.sql.session.timeZone", "UTC");

    private SparkEngines() {
    }

    static EngineFactory factory(EngineSettings settings, Path tempDirectory) {
        return sandbox -> SparkTransformEngine.open(session(settings), tempDirectory, sandbox);
    }

    /** The JVM's session, started with these settings if none runs yet (a running one keeps its own). */
    static synchronized SparkSession session(EngineSettings settings) {
        SparkConf conf = new SparkConf();
        String master = settings.get("master", "");
        if (!master.isBlank()) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            // Outside spark-submit nothing names a master: run in this JVM on every core.
            conf.setMaster("local[*]");
        }
        String appName = settings.get("app_name", "");
        if (!appName.isBlank()) {
            conf.setAppName(appName);
        } else if (!conf.contains("spark.app.name")) {
            conf.setAppName("osiris");
        }
        settings.under("conf").forEach(conf::set);
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
