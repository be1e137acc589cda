package io.osiris.api.data;

import static java.util.Objects.requireNonNull;

/**
 * A column: its name, portable type, nullability, and what the source calls it natively.
 *
 * @param name       the column name as the source spells it
 * @param type       the portable type values arrive as
 * @param nullable   whether NULL may occur
 * @param nativeType the source's own type ({@code bigint unsigned}, {@code timestamptz}); empty when unknown
 * @param comment    the column comment from the source; empty when none
 */
public record ColumnInfo(String name, ColumnType type, boolean nullable, String nativeType, String comment) {
    public ColumnInfo {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(nativeType, "nativeType");
        requireNonNull(comment, "comment");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name must not be empty");
        }
    }

    /** A nullable column with no native type or comment. */
    public ColumnInfo(String name, ColumnType type) {
        this(name, type, true, "", "");
    }

    /** A column with no native type or comment. */
    public ColumnInfo(String name, ColumnType type, boolean nullable) {
        this(name, type, nullable, "", "");
    }
}
