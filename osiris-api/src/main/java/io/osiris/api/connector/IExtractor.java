package io.osiris.api.connector;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;

/**
 * Streams rows out of a source in constant memory, whatever the row count. Extraction is
 * read-only by construction: implementations run in a read-only session or transaction,
 * as a second line of defence behind core's SQL safety check.
 *
 * <p>A source that can also write rows as bulk CSV text offers
 * {@link io.osiris.api.connector.capability.CsvExport} from its connector.
 */
public interface IExtractor {

    /**
     * Starts reading. The returned stream holds a connection until closed.
     *
     * @throws io.osiris.api.ExecutionFailedException when the source rejects the query, with its message
     * @throws io.osiris.api.ConnectionException      when the source cannot be reached
     */
    RowStream extract(Extraction extraction);

    /**
     * The schema {@link #extract} would produce, found by preparing the statement on the live
     * source without reading rows. Used by dry runs and to check proposed pipelines.
     *
     * @throws io.osiris.api.ExecutionFailedException when the source rejects the query, with its message
     */
    RowSchema describe(Extraction extraction);
}
