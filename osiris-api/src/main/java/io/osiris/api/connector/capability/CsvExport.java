package io.osiris.api.connector.capability;

import io.osiris.api.connector.Extraction;
import java.util.Optional;

/**
 * A source that writes an extraction's rows as the bulk CSV text (see the
 * {@linkplain io.osiris.api.connector.capability package}) itself, such as PostgreSQL's
 * {@code COPY (query) TO STDOUT}; a transform engine parses it far faster than it takes rows
 * one value at a time.
 */
public interface CsvExport extends ConnectorCapability {

    /**
     * A copy of this extraction's rows, or empty when a column has no exact text form (the
     * caller then streams the rows with {@link io.osiris.api.connector.IExtractor#extract}).
     * Making a copy may prepare the statement but moves no rows.
     *
     * @throws io.osiris.api.ExecutionFailedException when the source rejects the query
     */
    Optional<CsvCopy> csvCopy(Extraction extraction);
}
