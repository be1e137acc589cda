package com.example.osiris.csv;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.RowSchema;
import java.util.List;

/**
 * What is known about one table: its columns and primary key, from its sidecar schema file or,
 * for a plain CSV file, from its header.
 *
 * @param name       the table name (the file name without {@code .csv})
 * @param schema     the columns in file order
 * @param primaryKey the key columns in key order; empty when none
 * @param typed      whether a sidecar gave the types; false for a plain CSV file read as STRING
 */
record CsvTable(String name, RowSchema schema, List<String> primaryKey, boolean typed) {
    CsvTable {
        requireNonNull(name, "name");
        requireNonNull(schema, "schema");
        primaryKey = List.copyOf(primaryKey);
        for (String key : primaryKey) {
            if (schema.indexOf(key) < 0) {
                throw new IllegalArgumentException("primary key column '" + key + "' is not a column");
            }
        }
    }
}
