package io.osiris.api.connector;

import io.osiris.api.data.RowStream;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes a stream of rows into a table. A load is all or nothing: when it fails, half-way or
 * at the end, the target is left as it was (a transaction or a staging table).
 *
 * <p>A loader that can also take bulk CSV text offers
 * {@link io.osiris.api.connector.capability.CsvImport} from its connector.
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
     * The modes this loader takes; core refuses a pipeline whose load asks for another before
     * anything runs. By default append, replace and upsert: a loader written before
     * {@link WriteMode#DELETE_INSERT} existed must not be handed it, and one that supports it
     * says so here.
     */
    default Set<WriteMode> writeModes() {
        return EnumSet.of(WriteMode.APPEND, WriteMode.REPLACE, WriteMode.UPSERT);
    }
}
