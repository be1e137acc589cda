package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything discovery knows about one table.
 *
 * @param name             the table name as {@link IDiscovery#listTables()} gives it
 * @param kind             table or view
 * @param columns          the columns in order
 * @param primaryKey       the primary key columns in key order; empty when there is none
 * @param foreignKeys      the foreign keys from this table
 * @param rowCountEstimate the source's estimate of its rows, or -1 when unknown
 * @param comment          the table comment; empty when none
 * @param sampleRows       some rows, each with one value per column (values may be null)
 */
public record TableInfo(
        String name,
        TableKind kind,
        List<ColumnInfo> columns,
        List<String> primaryKey,
        List<ForeignKey> foreignKeys,
        long rowCountEstimate,
        String comment,
        List<List<Object>> sampleRows) {

    public TableInfo {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(comment, "comment");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        foreignKeys = List.copyOf(foreignKeys);
        sampleRows = copyRows(sampleRows);
    }

    /** The columns as a schema. */
    public RowSchema schema() {
        return new RowSchema(columns);
    }

    /** The same table with other sample rows (none, to keep values private). */
    public TableInfo withSampleRows(List<List<Object>> rows) {
        return new TableInfo(name, kind, columns, primaryKey, foreignKeys, rowCountEstimate, comment, rows);
    }

    /** Copies rows into unmodifiable lists; unlike {@link List#copyOf}, keeps null values. */
    public static List<List<Object>> copyRows(List<? extends List<?>> rows) {
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<?> row : rows) {
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        return Collections.unmodifiableList(copy);
    }
}
