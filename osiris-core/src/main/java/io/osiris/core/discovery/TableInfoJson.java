package io.osiris.core.discovery;

import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableKind;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns discovery results into JSON trees (maps, lists, strings, numbers, booleans, null) and
 * back: for the schema cache in the state store, {@code osiris discover --json} and the
 * context given to an LLM.
 *
 * <p>Sample values are written portably: integers and floating-point numbers as JSON numbers
 * (NaN and infinities as text), decimals as strings (so no digit is lost to a double), dates,
 * times and timestamps as ISO-8601 strings, UUIDs as strings, bytes as base64. Reading a tree
 * back therefore gives sample values as strings and numbers rather than their original Java
 * types, which is enough for display and LLM context; code that needs typed values reads the
 * source, not the cache.
 */
public final class TableInfoJson {
    private TableInfoJson() {
    }

    /** A table description as a JSON tree. */
    public static Map<String, Object> toJson(TableInfo table) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", table.name());
        json.put("kind", table.kind().name().toLowerCase(Locale.ROOT));
        json.put("row_count_estimate", table.rowCountEstimate());
        json.put("comment", table.comment());
        List<Object> columns = new ArrayList<>();
        for (ColumnInfo c : table.columns()) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", c.name());
            column.put("type", c.type().toString());
            column.put("kind", c.type().kind().name());
            column.put("precision", c.type().precision());
            column.put("scale", c.type().scale());
            column.put("nullable", c.nullable());
            column.put("native_type", c.nativeType());
            column.put("comment", c.comment());
            columns.add(column);
        }
        json.put("columns", columns);
        json.put("primary_key", table.primaryKey());
        List<Object> foreignKeys = new ArrayList<>();
        for (ForeignKey fk : table.foreignKeys()) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("name", fk.name());
            key.put("columns", fk.columns());
            key.put("referenced_table", fk.referencedTable());
            key.put("referenced_columns", fk.referencedColumns());
            foreignKeys.add(key);
        }
        json.put("foreign_keys", foreignKeys);
        List<Object> rows = new ArrayList<>();
        for (List<Object> row : table.sampleRows()) {
            rows.add(jsonRow(row));
        }
        json.put("sample_rows", rows);
        return json;
    }

    /** A table summary as a JSON tree. */
    public static Map<String, Object> toJson(TableSummary table) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", table.name());
        json.put("kind", table.kind().name().toLowerCase(Locale.ROOT));
        json.put("row_count_estimate", table.rowCountEstimate());
        return json;
    }

    /** One row with each value made portable. */
    public static List<Object> jsonRow(List<?> row) {
        List<Object> values = new ArrayList<>(row.size());
        for (Object v : row) {
            values.add(jsonValue(v));
        }
        return values;
    }

    /** One value made portable (see the class comment). */
    public static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return value;
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : d;
        }
        if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? f.toString() : f.doubleValue();
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof BigInteger i) {
            return i.toString();
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        return value.toString();
    }

    /**
     * Reads a table description written by {@link #toJson(TableInfo)}.
     *
     * @throws IllegalArgumentException when the tree is not such a description
     */
    @SuppressWarnings("unchecked")
    public static TableInfo fromJson(Map<String, ?> json) {
        try {
            List<ColumnInfo> columns = new ArrayList<>();
            for (Object o : (List<Object>) json.get("columns")) {
                Map<String, Object> c = (Map<String, Object>) o;
                ColumnType type = new ColumnType(TypeKind.valueOf((String) c.get("kind")),
                        ((Number) c.get("precision")).intValue(), ((Number) c.get("scale")).intValue());
                columns.add(new ColumnInfo((String) c.get("name"), type, (Boolean) c.get("nullable"),
                        (String) c.get("native_type"), (String) c.get("comment")));
            }
            List<ForeignKey> foreignKeys = new ArrayList<>();
            for (Object o : (List<Object>) json.get("foreign_keys")) {
                Map<String, Object> k = (Map<String, Object>) o;
                foreignKeys.add(new ForeignKey((String) k.get("name"), (List<String>) k.get("columns"),
                        (String) k.get("referenced_table"), (List<String>) k.get("referenced_columns")));
            }
            return new TableInfo((String) json.get("name"),
                    TableKind.valueOf(((String) json.get("kind")).toUpperCase(Locale.ROOT)), columns,
                    (List<String>) json.get("primary_key"), foreignKeys,
                    ((Number) json.get("row_count_estimate")).longValue(), (String) json.get("comment"),
                    (List<List<Object>>) json.get("sample_rows"));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a table description: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table summary written by {@link #toJson(TableSummary)}.
     *
     * @throws IllegalArgumentException when the tree is not such a summary
     */
    public static TableSummary summaryFromJson(Map<String, ?> json) {
        try {
            return new TableSummary((String) json.get("name"),
                    TableKind.valueOf(((String) json.get("kind")).toUpperCase(Locale.ROOT)),
                    ((Number) json.get("row_count_estimate")).longValue());
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("not a table summary: " + e.getMessage(), e);
        }
    }
}
