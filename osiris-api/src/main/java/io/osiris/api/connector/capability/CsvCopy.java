package io.osiris.api.connector.capability;

import io.osiris.api.data.RowSchema;
import java.io.OutputStream;

/** The rows of one extraction as bulk CSV text; see {@link CsvExport}. Single use. */
public interface CsvCopy {

    /** The columns of every row, as {@link io.osiris.api.connector.IExtractor#extract} would report them. */
    RowSchema schema();

    /**
     * Writes every row to {@code out} (not closing it) and returns how many were written.
     *
     * @throws io.osiris.api.ExecutionFailedException when the source fails or {@code out} does
     */
    long writeTo(OutputStream out);

    /** Asks the source to stop, from any thread; {@link #writeTo} then fails or ends. */
    void cancel();
}
