package io.osiris.test;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables a test gives one replaced connection, by name:
 * {@code db -> db.csv("movies", "movie_id,title\n1,Alien\n").records("reviews", reviews)}.
 * A table given twice keeps the last rows.
 */
public final class SourceTables {
    private final Map<String, Rows> tables = new LinkedHashMap<>();

    SourceTables() {
    }

    /** A table of these rows. */
    public SourceTables table(String name, Rows rows) {
        if (requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("a table needs a name");
        }
        tables.put(name, requireNonNull(rows, "rows"));
        return this;
    }

    /** A table from CSV text with a header line, as {@link Rows#csv(String)} reads it. */
    public SourceTables csv(String name, String csv) {
        return table(name, Rows.csv(csv));
    }

    /** A table from records, as {@link Rows#records(List)} reads them. */
    public SourceTables records(String name, List<? extends Record> records) {
        return table(name, Rows.records(records));
    }

    /** A table from maps of column name to value, as {@link Rows#maps(List)} reads them. */
    public SourceTables maps(String name, List<? extends Map<String, ?>> rows) {
        return table(name, Rows.maps(rows));
    }

    Map<String, Rows> tables() {
        return Map.copyOf(tables);
    }
}
