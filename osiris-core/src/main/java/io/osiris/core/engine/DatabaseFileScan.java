package io.osiris.core.engine;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * An engine that opens a database file itself (read-only, see
 * {@link io.osiris.api.connector.capability.DatabaseFile}) and runs an extraction on it in its
 * own SQL, without streaming the rows through Java.
 */
public interface DatabaseFileScan extends EngineCapability {

    /** Whether this engine opens files of this format ({@code duckdb}). */
    boolean opens(String format);

    /**
     * Creates {@code table} from an extraction on the file, with the columns
     * {@link TransformEngine#load} would give it. Empty when the engine cannot (a type it would
     * not copy exactly, the file in use): the rows are then streamed.
     */
    Optional<Loaded> loadFromFile(String table, Path file, Extraction extraction);

    /**
     * Hands an extraction's rows straight to a loader as CSV text, with no table in between;
     * {@code loader} is given the rows' schema and may decline. The rows are those
     * {@link #loadFromFile} would stage. Empty when the engine or the loader cannot.
     */
    Optional<LoadResult> loadFileInto(Path file, Extraction extraction,
            Function<RowSchema, Optional<CsvLoad>> loader);
}
