package io.osiris.connector.memory;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.ColumnInfo;
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
 * @param primaryKey its key columns; empty for none. They are NOT NULL whatever the schema
 *                   given says: the table's schema reports them so.
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
        schema = keysNotNull(schema, primaryKey);
    }

    private static RowSchema keysNotNull(RowSchema schema, List<String> primaryKey) {
        List<ColumnInfo> columns = new ArrayList<>(schema.columns());
        for (String key : primaryKey) {
            int i = schema.indexOf(key);
            ColumnInfo c = columns.get(i);
            if (c.nullable()) {
                columns.set(i, new ColumnInfo(c.name(), c.type(), false, c.nativeType(), c.comment()));
            }
        }
        return new RowSchema(columns);
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
