package io.osiris.api.connector.capability;

import io.osiris.api.connector.LoadRequest;
import io.osiris.api.data.RowSchema;
import java.util.Optional;

/**
 * A loader that takes its rows as the bulk CSV text (see the
 * {@linkplain io.osiris.api.connector.capability package}) written by the transform engine, into
 * the database's own bulk path (PostgreSQL's {@code COPY FROM STDIN}, MySQL's
 * {@code LOAD DATA LOCAL}), far faster than rows decoded into Java values and encoded again.
 * Same contract as {@link io.osiris.api.connector.ILoader#load}: all or nothing, the same table
 * creation, modes and keys.
 */
public interface CsvImport extends ConnectorCapability {

    /**
     * A load to run, or empty when this loader cannot take this request as CSV (the caller then
     * calls {@link io.osiris.api.connector.ILoader#load}).
     *
     * @param schema the columns of every row, in order
     */
    Optional<CsvLoad> csvLoad(LoadRequest request, RowSchema schema);
}
