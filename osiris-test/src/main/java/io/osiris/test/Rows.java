package io.osiris.test;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows with named, typed columns: what a test gives a replaced source, and what it gets back from
 * a load. Values are of the Java class of their column's {@link io.osiris.api.data.TypeKind}
 * ({@code Integer} for {@code INTEGER}, {@code Long} for {@code BIGINT}, {@code BigDecimal} for
 * {@code DECIMAL}, {@code LocalDate} for {@code DATE}...); SQL NULL is {@code null}.
 *
 * <pre>{@code
 * Rows movies = Rows.csv("""
 *         movie_id,title,rating
 *         1,Alien,8.5
 *         """);                                           // types inferred by DuckDB's CSV reader
 * Rows same = Rows.records(List.of(new Movie(1, "Alien", new BigDecimal("8.5"))));  // movieId -> movie_id
 * List<Movie> back = out.rows("save").as(Movie.class);
 * }</pre>
 *
 * <p>Immutable; equal when the column names and the values are.
 */
public final class Rows {
    private final RowSchema schema;
    private final List<List<Object>> values;

    private Rows(RowSchema schema, List<List<Object>> values) {
        this.schema = schema;
        this.values = values;
    }

    /**
     * Rows of declared columns; each value is converted to its column's Java class where that is
     * exact (an {@code Integer} into a {@code BIGINT} column), else refused.
     *
     * @throws IllegalArgumentException naming the row and column of a value that does not fit
     */
    public static Rows of(RowSchema schema, List<? extends List<?>> rows) {
        requireNonNull(schema, "schema");
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = rows.get(r);
            if (row.size() != schema.size()) {
                throw new IllegalArgumentException("row " + (r + 1) + " has " + row.size() + " values but there are "
                        + schema.size() + " columns " + schema.names());
            }
            List<Object> converted = new ArrayList<>(row.size());
            for (int c = 0; c < row.size(); c++) {
                ColumnInfo column = schema.column(c);
                converted.add(Values.toColumn(row.get(c), column.type(), "row " + (r + 1) + ", column " + column.name()));
            }
            copy.add(Collections.unmodifiableList(converted));
        }
        return new Rows(schema, Collections.unmodifiableList(copy));
    }

    /**
     * Rows from CSV text with a header line, read by DuckDB's CSV reader as a pipeline's engine
     * would: the delimiter and quoting are detected, an empty field is NULL, and each column's type
     * is inferred from its values ({@code 1} is {@code BIGINT}, {@code 8.5} {@code DOUBLE},
     * {@code 2024-01-31} {@code DATE}, {@code true} {@code BOOLEAN}, else {@code STRING}).
     */
    public static Rows csv(String text) {
        return csv(text, Map.of());
    }

    /** Rows from CSV text as {@link #csv(String)}, with the types of some columns declared. */
    public static Rows csv(String text, Map<String, ColumnType> types) {
        return FileRows.csvText(requireNonNull(text, "text"), Map.copyOf(types));
    }

    /**
     * Rows from Java records, one column per component in declaration order, named in
     * {@code snake_case} ({@code movieId} is {@code movie_id}) and typed by the component's class
     * ({@code int} {@code INTEGER}, {@code long} {@code BIGINT}, {@code BigDecimal} {@code DECIMAL},
     * {@code String} and enums {@code STRING}, {@code LocalDate} {@code DATE}...).
     */
    public static <R extends Record> Rows records(Class<R> type, List<? extends R> records) {
        return JavaRows.records(requireNonNull(type, "type"), List.copyOf(records));
    }

    /**
     * Rows from Java records of the class of the first one, as {@link #records(Class, List)}.
     *
     * @throws IllegalArgumentException when there is none: give the class then
     */
    public static Rows records(List<? extends Record> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("no records to take the columns from; use Rows.records(Type.class, List.of())");
        }
        @SuppressWarnings("unchecked")
        Class<Record> type = (Class<Record>) records.get(0).getClass();
        return JavaRows.records(type, List.copyOf(records));
    }

    /**
     * Rows from maps of column name to value: the columns are every key, in the order first met
     * (give {@link java.util.LinkedHashMap}s to choose it), each typed by its first non-null value
     * as {@link #records(Class, List)} types components; a missing key is NULL.
     */
    public static Rows maps(List<? extends Map<String, ?>> rows) {
        return JavaRows.maps(List.copyOf(rows));
    }

    /** The columns. */
    public RowSchema schema() {
        return schema;
    }

    /** The column names, in order. */
    public List<String> columns() {
        return schema.names();
    }

    /** How many rows. */
    public int size() {
        return values.size();
    }

    /** Whether there is no row. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Each row as its values in column order. */
    public List<List<Object>> asLists() {
        return values;
    }

    /** Each row as column name to value, in column order. */
    public List<Map<String, Object>> asMaps() {
        List<Map<String, Object>> maps = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            maps.add(row(i));
        }
        return Collections.unmodifiableList(maps);
    }

    /** One row (counted from 0) as column name to value. */
    public Map<String, Object> row(int index) {
        List<Object> row = values.get(index);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int c = 0; c < schema.size(); c++) {
            map.put(schema.column(c).name(), row.get(c));
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * The values of one column, top to bottom.
     *
     * @throws IllegalArgumentException naming the columns there are
     */
    public List<Object> column(String name) {
        int index = schema.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; the columns are " + schema.names());
        }
        List<Object> column = new ArrayList<>(values.size());
        values.forEach(row -> column.add(row.get(index)));
        return Collections.unmodifiableList(column);
    }

    /**
     * Each row as a record: a component takes the column of its name, compared without case and
     * underscores ({@code movieId} takes {@code movie_id}), its value converted where that is exact
     * ({@code BIGINT} into {@code int}).
     *
     * @throws IllegalArgumentException naming a component without a column, or a value that does not fit
     */
    public <R extends Record> List<R> as(Class<R> type) {
        return JavaRows.as(this, requireNonNull(type, "type"));
    }

    /**
     * The rows as CSV: a header line, then one line per row, each ending in {@code \n}; NULL is an
     * empty field, and a field holding a comma, a quote or a line break is quoted. Handy to compare
     * with a text block.
     */
    public String asCsv() {
        StringBuilder sb = new StringBuilder();
        Values.csvLine(sb, new ArrayList<>(schema.names()));
        values.forEach(row -> Values.csvLine(sb, row));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rows other && other.columns().equals(columns()) && Values.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        return columns().hashCode() * 31 + values.size();
    }

    /** The columns with their types, then the rows as CSV. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Rows[");
        for (int c = 0; c < schema.size(); c++) {
            sb.append(c == 0 ? "" : ", ").append(schema.column(c).name()).append(' ').append(schema.column(c).type());
        }
        return sb.append("]\n").append(asCsv().substring(asCsv().indexOf('\n') + 1)).toString();
    }

    /** Rows as read from an engine or a connector: already of their columns' classes. */
    static Rows trusted(RowSchema schema, List<List<Object>> values) {
        return new Rows(schema, Collections.unmodifiableList(values));
    }
}
