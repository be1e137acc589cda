package io.osiris.core.runner;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.TransformEngine;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an incremental step that one run loaded and the next reads again (those at the
 * watermark, in the lookback window, with a NULL cursor), told apart by a hash of the whole row
 * as the engine holds it. The next run drops those rows from its staged table before any
 * transform or load sees them, so an {@code append} loads each row once, and again only when
 * it changed; a row that changed hashes differently and is loaded as new.
 */
final class SeenRows {
    private static final RowSchema HASHES = RowSchema.of(new ColumnInfo("h", ColumnType.STRING, false));

    private SeenRows() {
    }

    /** The hashes of the rows of {@code table} for which {@code condition} holds, sorted. */
    static List<String> of(TransformEngine engine, String table, String condition) {
        String result = "osiris_seen_next_" + table;
        engine.createTable(result, "SELECT DISTINCT " + engine.rowHash(table) + " AS h FROM " + engine.quote(table)
                + " WHERE "
                + condition + " ORDER BY h");
        List<String> hashes = new ArrayList<>();
        try (RowStream rows = engine.read(result)) {
            while (rows.next()) {
                hashes.add((String) rows.get(0));
            }
        }
        return hashes;
    }

    /** Deletes the rows of {@code table} whose hash is one of {@code seen}; returns how many went. */
    static long drop(TransformEngine engine, String table, List<String> seen) {
        if (seen.isEmpty()) {
            return 0;
        }
        String staged = "osiris_seen_" + table;
        engine.load(staged, RowStream.of(HASHES, seen.stream().map(List::of).toList()), (rows, bytes) -> {
        });
        return engine.deleteRows(table, engine.rowHash(table) + " IN (SELECT h FROM " + engine.quote(staged) + ")");
    }
}
