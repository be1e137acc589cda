package io.osiris.llm.linking;

import static java.util.Objects.requireNonNull;

/**
 * A value of the value index that a question or a search names.
 *
 * @param table  the table
 * @param column the column holding it
 * @param value  the value as stored
 */
public record ValueHit(String table, String column, String value) {
    public ValueHit {
        requireNonNull(table, "table");
        requireNonNull(column, "column");
        requireNonNull(value, "value");
    }
}
