package io.osiris.spark;

import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.TransformEngineContractTest;
import java.nio.file.Path;

/**
 * The Spark engine passes the engine seam's contract on {@code local[2]}. It offers
 * {@link io.osiris.core.engine.SplitExtract} only, so the CSV and DuckDB-file capabilities are
 * skipped; its SQL cannot open files ({@code spark.sql.runSQLOnFiles=false}), so the Parquet files
 * it writes are checked by their framing.
 */
class SparkTransformEngineContractTest extends TransformEngineContractTest {
    @Override
    protected EngineFactory factory(Path workDirectory) {
        return SparkTests.factory(workDirectory);
    }
}
