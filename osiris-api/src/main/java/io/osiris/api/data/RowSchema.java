package io.osiris.api.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered columns of a row stream or table. Column names are unique, compared exactly.
 *
 * @param columns the columns in order
 */
public record RowSchema(List<ColumnInfo> columns) {
    public RowSchema {
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (ColumnInfo c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("duplicate column name: " + c.name());
            }
        }
    }

    /** A schema of the given columns. */
    public static RowSchema of(ColumnInfo... columns) {
        return new RowSchema(List.of(columns));
    }

    /** The number of columns. */
    public int size() {
        return columns.size();
    }

    /** The column at a 0-based index. */
    public ColumnInfo column(int index) {
        return columns.get(index);
    }

    /** The column names in order. */
    public List<String> names() {
        return columns.stream().map(ColumnInfo::name).toList();
    }

    /** The 0-based index of a column, or -1 when there is none of that name. */
    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
