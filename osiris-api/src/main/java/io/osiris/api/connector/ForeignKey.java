package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A foreign key from some columns of a table to columns of another.
 *
 * @param name              the constraint name; empty when the source has none
 * @param columns           the referencing columns, in key order
 * @param referencedTable   the referenced table
 * @param referencedColumns the referenced columns, matching {@code columns} by position
 */
public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns) {
    public ForeignKey {
        requireNonNull(name, "name");
        requireNonNull(referencedTable, "referencedTable");
        columns = List.copyOf(columns);
        referencedColumns = List.copyOf(referencedColumns);
        if (columns.isEmpty() || columns.size() != referencedColumns.size()) {
            throw new IllegalArgumentException("a foreign key needs as many referenced columns as columns");
        }
    }
}
