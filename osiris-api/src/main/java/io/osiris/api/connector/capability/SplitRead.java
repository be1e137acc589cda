package io.osiris.api.connector.capability;

import io.osiris.api.connector.Extraction;
import io.osiris.api.data.RowStream;
import java.util.Optional;

/**
 * A source that reads one extraction as several disjoint {@linkplain Split splits} (key or
 * physical ranges) at once, ideally in one snapshot of the database, as DuckDB's postgres
 * scanner and ConnectorX do. Core plans the splits, reads them on several threads (or hands them
 * to a distributed engine's tasks) and puts the rows together; the rows of all splits are exactly
 * the rows of the unsplit extraction.
 *
 * <p>A split is plain data: {@link #read} and {@link #csvCopy} work on any connector opened from
 * the same configuration, in this JVM or another.
 */
public interface SplitRead extends ConnectorCapability {

    /**
     * Plans the splits of {@code extraction}. A plan of one split means it cannot be split
     * safely (a query the source cannot narrow, a table without a usable key, too few rows for
     * {@link SplitRequest#automatic()}); the caller then reads it as one stream. The plan may hold
     * a connection that keeps a snapshot open: close it after every split has been read.
     *
     * @throws io.osiris.api.ExecutionFailedException when the source rejects the extraction
     */
    SplitPlan plan(Extraction extraction, SplitRequest request);

    /**
     * Streams the rows of one split of {@code extraction}, with the schema the unsplit
     * extraction would have. Safe to call from several threads at once.
     */
    RowStream read(Extraction extraction, Split split);

    /**
     * The rows of one split as bulk CSV text (see {@link CsvExport#csvCopy}), or empty when this
     * source offers none for these columns; the caller then uses {@link #read}.
     */
    default Optional<CsvCopy> csvCopy(Extraction extraction, Split split) {
        return Optional.empty();
    }
}
