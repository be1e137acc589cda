package io.osiris.core.engine;

import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.TransformEngine.LoadProgress;
import io.osiris.core.engine.TransformEngine.Loaded;
import java.util.Optional;

/**
 * An engine whose table takes rows from several threads at once, with no copy afterwards: the
 * runner reads the splits of an extraction ({@link io.osiris.api.connector.capability.SplitRead})
 * on threads of its own, each appending to the step's one table. DuckDB allows it (appends never
 * conflict, even on one table).
 */
public interface ConcurrentIngest extends EngineCapability {

    /**
     * Creates {@code table} empty with {@code schema} (as {@link TransformEngine#load} would make
     * it) for parts to be appended to; the table stays only when {@link Parts#complete()} is
     * called before {@link Parts#close()}.
     */
    Parts begin(String table, RowSchema schema);

    /** A table being filled by parts, from several threads at once. */
    interface Parts extends AutoCloseable {

        /** Appends every row of {@code rows}, all or none. Safe from several threads at once. */
        Loaded append(RowStream rows, LoadProgress progress);

        /**
         * Appends a CSV copy's rows (see {@link CsvIngest}), all or none; empty when the engine
         * declined the text (then nothing was appended, but the copy may have been read).
         * Safe from several threads at once.
         */
        Optional<Loaded> appendCsv(CsvCopy copy, LoadProgress progress);

        /** Every part is in: the table stays. */
        void complete();

        /** Drops the table unless {@link #complete()} was called; idempotent. */
        @Override
        void close();
    }
}
