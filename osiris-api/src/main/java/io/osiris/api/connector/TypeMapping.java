package io.osiris.api.connector;

import io.osiris.api.data.ColumnType;
import java.util.List;

/**
 * A connector's type map, as it applies it: the native types it reads with their portable
 * types, and the column type its loader creates for each portable type. {@code osiris types}
 * prints it and the type round-trip test runs every row, so a connector publishes here exactly
 * the functions its extractor and loader call.
 */
public interface TypeMapping {

    /**
     * The native types this connector reads, one declaration per family with a different portable
     * type or change ({@code DECIMAL(38,10)} and {@code DECIMAL(65,30)}), in the order people
     * read them.
     */
    List<NativeType> reads();

    /**
     * The column type a table this connector's loader creates has for a portable type (not a
     * key column), in its own SQL.
     *
     * @throws UnsupportedOperationException when this connector does not create tables
     */
    String columnType(ColumnType type);

    /**
     * How a value of {@code type} changes when written into {@link #columnType(ColumnType)} and
     * read back, in a few words for people ({@code "whitespace and key order normalised"});
     * empty when it comes back exactly.
     */
    default String writeChange(ColumnType type) {
        return "";
    }
}
