package io.osiris.api.connector.capability;

import io.osiris.api.connector.LoadResult;
import java.io.InputStream;

/**
 * A load fed with bulk CSV text; see {@link CsvImport}. Single use; making one opens nothing,
 * so one that is never run needs no cleaning up.
 */
public interface CsvLoad {

    /**
     * Reads {@code in} to its end (not closing it) and loads every row. The stream ends only
     * after the last row was written; when its writer fails, a read throws an
     * {@link java.io.IOException}, and the load must then leave the target as it was.
     *
     * @throws io.osiris.api.ValidationException      when the rows do not fit the table
     * @throws io.osiris.api.ExecutionFailedException when the database rejects the load or
     *                                                {@code in} fails, with its message
     */
    LoadResult readFrom(InputStream in);

    /** Asks the database to stop, from any thread; {@link #readFrom} then fails. */
    void cancel();
}
