package io.osiris.connector.memory;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.RowSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One in-memory table.
 *
 * @param schema     its columns
 * @param rows       its rows, each with one value per column of the Java class of the column's
 *                   {@link io.osiris.api.data.TypeKind} (SQL NULL is {@code null})
 * @param primaryKey its key columns; empty for none
 */
public record MemoryTable(RowSchema schema, List<List<Object>> rows, List<String> primaryKey) {
    public MemoryTable {
        requireNonNull(schema, "schema");
        primaryKey = List.copyOf(primaryKey);
        if (!(rows instanceof SeriesRows)) {
            rows = copy(schema, rows);
        }
        for (String key : primaryKey) {
            if (schema.indexOf(key) < 0) {
                throw new IllegalArgumentException("primary key column " + key + " is not a column");
            }
        }
    }

    private static List<List<Object>> copy(RowSchema schema, List<List<Object>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            if (row.size() != schema.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " values but the table has "
                        + schema.size() + " columns: " + row);
            }
            // List.copyOf refuses nulls, which are SQL NULLs here.
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        return Collections.unmodifiableList(copy);
    }
}
