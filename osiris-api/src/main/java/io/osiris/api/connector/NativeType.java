package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import io.osiris.api.data.ColumnType;

/**
 * One row of a connector's published type map: a native column type it reads, the portable
 * type its values arrive as, and how they change on the way.
 *
 * @param declaration the type as a column is declared in the source's DDL, a concrete example of
 *                    its family ({@code DECIMAL(65,30)}, {@code BIGINT UNSIGNED}, {@code int4[]})
 * @param portable    the portable type extraction hands out for it
 * @param change      how a value changes when read, in a few words for people; empty when the read
 *                    is lossless
 */
public record NativeType(String declaration, ColumnType portable, String change) {

    public NativeType {
        requireNonNull(declaration, "declaration");
        requireNonNull(portable, "portable");
        requireNonNull(change, "change");
        if (declaration.isBlank()) {
            throw new IllegalArgumentException("a native type needs a declaration");
        }
    }

    /** Whether a value of this type reads back exactly. */
    public boolean lossless() {
        return change.isEmpty();
    }
}
