package io.osiris.api.connector;

import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;

/**
 * Writes a stream of rows into a table. A load is all or nothing: when it fails, half-way or
 * at the end, the target is left as it was (a transaction or a staging table).
 */
public interface ILoader {

    /**
     * Consumes {@code rows} (without closing it) into {@code request.table()}.
     *
     * @throws io.osiris.api.ValidationException      when the rows do not fit the table (missing key column)
     * @throws io.osiris.api.ExecutionFailedException when the database rejects the load, with its message
     */
    LoadResult load(LoadRequest request, RowStream rows);

    /**
     * Optional capability (added for speed; the default has none): a load that takes its rows
     * as CSV text written by the transform engine itself, in the format of
     * {@link IExtractor#csvCopy} (RFC 4180, no header; NULL an unquoted empty field, an empty
     * string {@code ""}; booleans {@code true}/{@code false}; binary {@code \x} and hex;
     * TIMESTAMP_TZ in UTC with {@code +00}). A database's own bulk path (PostgreSQL's
     * {@code COPY FROM STDIN}, MySQL's {@code LOAD DATA LOCAL}) takes such text far faster
     * than rows decoded into Java values and encoded again. The runner uses it only where its
     * engine can write CSV, and otherwise, or when this is empty, calls {@link #load}.
     *
     * <p>Same contract as {@link #load}: all or nothing, same table creation, modes and keys.
     *
     * @param schema the columns of every row, in order
     * @return a load to run, or empty when this loader cannot take this request as CSV
     */
    default java.util.Optional<CsvLoad> csvLoad(LoadRequest request, RowSchema schema) {
        return java.util.Optional.empty();
    }

    /**
     * A load fed with CSV text; see {@link ILoader#csvLoad}. Single use; making one opens
     * nothing, so one that is never run needs no cleaning up.
     */
    interface CsvLoad {

        /**
         * Reads {@code in} to its end (not closing it) and loads every row. The stream ends
         * only after the last row was written; when its writer fails, a read throws an
         * {@link java.io.IOException}, and the load must then leave the target as it was.
         *
         * @throws io.osiris.api.ValidationException      when the rows do not fit the table
         * @throws io.osiris.api.ExecutionFailedException when the database rejects the load or
         *                                                {@code in} fails, with its message
         */
        LoadResult readFrom(java.io.InputStream in);

        /** Asks the database to stop, from any thread; {@link #readFrom} then fails. */
        void cancel();
    }
}
