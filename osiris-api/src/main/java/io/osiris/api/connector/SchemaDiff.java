package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ValidationException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the rows of a load differ from the existing table they go into, which a loader computes
 * before it writes a row and judges by the request's {@link SchemaPolicy}. Columns match by
 * name, exactly or else ignoring case (MySQL's names ignore it). A column's type counts as
 * changed only when the table's type would not take the rows' values as they are ({@link #fits}):
 * a table written by an earlier run reads back with types that differ in name but hold the same
 * values, and a declared length is a maximum the database checks value by value.
 *
 * @param added   columns of the rows the table lacks, in the rows' order
 * @param missing columns of the table the rows lack, in the table's order
 * @param changed columns whose rows' type may not fit the table's
 */
public record SchemaDiff(List<ColumnInfo> added, List<ColumnInfo> missing, List<Change> changed) {

    /**
     * A column whose type differs.
     *
     * @param column   the column name as the table spells it
     * @param target   the table's type
     * @param incoming the rows' type
     */
    public record Change(String column, ColumnType target, ColumnType incoming) {
        public Change {
            requireNonNull(column, "column");
            requireNonNull(target, "target");
            requireNonNull(incoming, "incoming");
        }
    }

    public SchemaDiff {
        added = List.copyOf(added);
        missing = List.copyOf(missing);
        changed = List.copyOf(changed);
    }

    /** The difference between an existing table's columns and the rows' columns. */
    public static SchemaDiff between(RowSchema table, RowSchema rows) {
        List<ColumnInfo> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        List<ColumnInfo> matched = new ArrayList<>();
        for (ColumnInfo in : rows.columns()) {
            Optional<ColumnInfo> target = find(table, in.name());
            if (target.isEmpty()) {
                added.add(in);
                continue;
            }
            matched.add(target.get());
            if (!fits(in.type(), target.get().type())) {
                changed.add(new Change(target.get().name(), target.get().type(), in.type()));
            }
        }
        List<ColumnInfo> missing = table.columns().stream().filter(c -> !matched.contains(c)).toList();
        return new SchemaDiff(added, missing, changed);
    }

    /** The table's column of this name: the same spelling, else the only one equal ignoring case. */
    public static Optional<ColumnInfo> find(RowSchema table, String name) {
        int exact = table.indexOf(name);
        if (exact >= 0) {
            return Optional.of(table.column(exact));
        }
        List<ColumnInfo> folded = table.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).toList();
        return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
    }

    /** Whether the table and the rows have the same columns, each fitting. */
    public boolean isEmpty() {
        return added.isEmpty() && missing.isEmpty() && changed.isEmpty();
    }

    /**
     * Whether a column of type {@code target} takes values of type {@code incoming} unchanged,
     * or refuses the ones it cannot hold (the load then fails and leaves the table as it was):
     * the same kind (a declared string or binary length, and a decimal's integer digits, are a
     * range the database checks value by value), any integer or whole decimal into any integer or
     * decimal (the same: {@code BIGINT} rows of a computed column into an {@code INTEGER} column
     * load, a value beyond its range fails the load), a decimal into one of no less scale, a
     * wider float, any value but bytes as text, a time of day as an elapsed time (MySQL's TIME), a
     * timestamp with or without a zone into the other (read as UTC, as loaders always did) and a
     * date into a timestamp.
     * A type that would change values silently (a decimal's scale rounded, a double into a float)
     * or cannot hold the kind does not fit.
     */
    public static boolean fits(ColumnType incoming, ColumnType target) {
        TypeKind in = incoming.kind();
        TypeKind to = target.kind();
        if (whole(incoming) && (whole(target) || to == TypeKind.DECIMAL)) {
            return true;
        }
        if (in == to) {
            return in != TypeKind.DECIMAL || incoming.scale() <= target.scale();
        }
        if (to == TypeKind.STRING) {
            return in != TypeKind.BINARY;
        }
        return switch (in) {
            case SMALLINT, INTEGER -> to == TypeKind.DOUBLE;
            case REAL -> to == TypeKind.DOUBLE;
            case STRING -> to == TypeKind.JSON;
            case TIME -> to == TypeKind.INTERVAL;
            // Loaders read and write a wall-clock time as UTC and an instant in UTC, as every load did.
            case TIMESTAMP -> to == TypeKind.TIMESTAMP_TZ;
            case TIMESTAMP_TZ -> to == TypeKind.TIMESTAMP;
            case DATE -> to == TypeKind.TIMESTAMP || to == TypeKind.TIMESTAMP_TZ;
            default -> false;
        };
    }

    /** An integer, or a decimal without fraction digits. */
    private static boolean whole(ColumnType type) {
        return switch (type.kind()) {
            case SMALLINT, INTEGER, BIGINT -> true;
            case DECIMAL -> type.scale() == 0;
            default -> false;
        };
    }

    /**
     * Refuses, before any row is written, a difference the request's policy does not allow.
     * Under {@link SchemaPolicy#FREEZE} any. Under {@link SchemaPolicy#EVOLVE} a changed type,
     * except for {@link WriteMode#REPLACE}, whose new table takes the rows' shape (a new column is
     * added, a missing one gets NULL or its default). An upsert's key must be the table's columns
     * already, whatever the policy.
     *
     * @throws ValidationException listing the difference, column by column
     */
    public void check(LoadRequest request) {
        String table = request.table();
        if (request.schemaPolicy() == SchemaPolicy.FREEZE && !isEmpty()) {
            throw new ValidationException("Cannot load into table " + table + " (schema: freeze): its columns differ"
                    + " from the rows', and the table is left as it was: " + describe()
                    + ". Change the table or the rows, or load with schema: evolve.");
        }
        if (request.mode() != WriteMode.REPLACE && !changed.isEmpty()) {
            throw new ValidationException("Cannot load into table " + table + ": the rows' values would not fit its"
                    + " columns, and the table is left as it was: " + describe()
                    + ". Change the column's type, cast the values, or load with mode: replace.");
        }
        List<String> newKeys = added.stream().map(ColumnInfo::name).filter(request.primaryKey()::contains).toList();
        if (request.mode() == WriteMode.UPSERT && !newKeys.isEmpty()) {
            throw new ValidationException("Cannot upsert into table " + table + ": primary_key column(s) " + newKeys
                    + " are not columns of the table; name the table's key columns in primary_key");
        }
    }

    /**
     * The difference in one line:
     * {@code new column email STRING(80); column gone from the rows: phone; column price: table DECIMAL(8,2), rows DECIMAL(12,2)}.
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        added.forEach(c -> parts.add("new column " + c.name() + " " + c.type()));
        missing.forEach(c -> parts.add("column " + c.name() + " " + c.type() + " is not in the rows"));
        changed.forEach(c -> parts.add("column " + c.column() + ": table " + c.target() + ", rows " + c.incoming()));
        return parts.isEmpty() ? "no difference" : String.join("; ", parts);
    }
}
