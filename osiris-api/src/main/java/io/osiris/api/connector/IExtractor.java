package io.osiris.api.connector;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;

/**
 * Streams rows out of a source in constant memory, whatever the row count. Extraction is
 * read-only by construction: implementations run in a read-only session or transaction,
 * as a second line of defence behind core's SQL safety check.
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

    /**
     * Optional capability (added for speed; the default has none): the rows of an extraction as
     * CSV text produced by the source itself, such as PostgreSQL's {@code COPY (query) TO STDOUT},
     * which a transform engine parses far faster than it takes rows one value at a time. The
     * runner uses it only where its engine can read CSV, and otherwise, or when this is empty,
     * streams the rows with {@link #extract}.
     *
     * <p>An implementation offers a copy only when every column of {@link CsvCopy#schema()} has
     * the text form below, so the rows read back exactly as {@link #extract} would give them;
     * for anything else (arrays, types read as other text) it returns empty.
     *
     * <p>The format: RFC 4180 (comma separated, fields quoted with {@code "} when needed, a
     * quote doubled inside), no header, one row a line; SQL NULL is an unquoted empty field and
     * an empty string a quoted one ({@code ""}). Values: booleans {@code t}/{@code f} (or
     * {@code true}/{@code false}); numbers and decimals in plain decimal text (floats may use an
     * exponent); dates {@code yyyy-MM-dd}; times {@code HH:mm:ss[.ffffff]}; timestamps
     * {@code yyyy-MM-dd HH:mm:ss[.ffffff]}, with a UTC offset ({@code +00}) for TIMESTAMP_TZ;
     * binary {@code \x} and lower- or upper-case hex; UUID, JSON and strings as their text.
     *
     * @return a copy to run, or empty when this extractor cannot copy this extraction as CSV
     */
    default java.util.Optional<CsvCopy> csvCopy(Extraction extraction) {
        return java.util.Optional.empty();
    }

    /** The rows of one extraction as CSV text; see {@link IExtractor#csvCopy}. Single use. */
    interface CsvCopy {

        /** The columns of every row, as {@link IExtractor#extract} would report them. */
        RowSchema schema();

        /**
         * Writes every row to {@code out} (not closing it) and returns how many were written.
         *
         * @throws io.osiris.api.ExecutionFailedException when the source fails or {@code out} does
         */
        long writeTo(java.io.OutputStream out);

        /** Asks the source to stop, from any thread; {@link #writeTo} then fails or ends. */
        void cancel();
    }
}
