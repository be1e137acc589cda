package io.osiris.core.engine;

import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvLoad;
import java.util.Optional;

/** An engine that writes a table as the bulk CSV text of {@link io.osiris.api.connector.capability}. */
public interface CsvEgress extends EngineCapability {

    /**
     * Hands a table's rows to a loader as CSV text and returns what the loader did. Empty when
     * the engine cannot write this table so (the loader was not called).
     */
    Optional<LoadResult> exportCsv(String table, CsvLoad load);
}
