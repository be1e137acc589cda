package io.osiris.core.duckdb;

import io.osiris.core.engine.EngineFactory;
import io.osiris.core.engine.TransformEngineContractTest;
import java.nio.file.Path;
import java.util.Optional;

/** The embedded DuckDB engine passes the engine seam's contract, every capability included. */
class DuckDbTransformEngineContractTest extends TransformEngineContractTest {

    @Override
    protected EngineFactory factory(Path workDirectory) {
        return DuckDbTransformEngine.factory(workDirectory, "256MB", 0);
    }

    @Override
    protected Optional<String> parquetSelect(Path file) {
        return Optional.of("SELECT * FROM read_parquet(" + Sql.literal(file.toString()) + ")");
    }
}
