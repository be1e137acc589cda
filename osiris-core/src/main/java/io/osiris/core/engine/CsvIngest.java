package io.osiris.core.engine;

import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.core.engine.TransformEngine.FileFormat;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * An engine that reads the bulk CSV text of {@link io.osiris.api.connector.capability} itself:
 * into a table, or straight into a file with no table in between.
 */
public interface CsvIngest extends EngineCapability {

    /**
     * Creates {@code table} from a source's CSV copy, with the columns
     * {@link TransformEngine#load} would give it. Empty when the engine cannot take these
     * columns, or the copy failed before the table was complete (the table is then gone).
     */
    Optional<Loaded> loadCsv(String table, CsvCopy copy, LoadProgress progress);

    /**
     * Writes a source's CSV copy straight into a file of {@code format}; the file holds what
     * {@link TransformEngine#export} of the table {@link #loadCsv} creates would. Empty when
     * the engine cannot, or the copy failed (no file is left).
     */
    Optional<Loaded> writeCsvCopy(CsvCopy copy, FileFormat format, Path file, LoadProgress progress);

    /**
     * Writes several CSV copies of the same columns (the splits of one extraction, each with its
     * own progress) into one file, read at once; the file holds their rows together, as
     * {@link #writeCsvCopy} would hold one's. Empty when the engine cannot, or any copy failed
     * (no file is left); none by default.
     */
    default Optional<Loaded> writeCsvCopies(List<CsvCopy> copies, FileFormat format, Path file,
            List<LoadProgress> progress) {
        return Optional.empty();
    }
}
