package io.osiris.api.data;

import static java.util.Objects.requireNonNull;

/**
 * A portable column type: a {@link TypeKind} with its size where the kind has one.
 *
 * @param kind      the portable kind
 * @param precision for {@code DECIMAL} the total number of digits (1..38); for {@code STRING} and
 *                  {@code BINARY} the maximum length, 0 for unbounded; otherwise 0
 * @param scale     for {@code DECIMAL} the digits after the point (0..precision); otherwise 0
 */
public record ColumnType(TypeKind kind, int precision, int scale) {
    public static final ColumnType BOOLEAN = of(TypeKind.BOOLEAN);
    public static final ColumnType SMALLINT = of(TypeKind.SMALLINT);
    public static final ColumnType INTEGER = of(TypeKind.INTEGER);
    public static final ColumnType BIGINT = of(TypeKind.BIGINT);
    public static final ColumnType REAL = of(TypeKind.REAL);
    public static final ColumnType DOUBLE = of(TypeKind.DOUBLE);
    public static final ColumnType STRING = of(TypeKind.STRING);
    public static final ColumnType DATE = of(TypeKind.DATE);
    public static final ColumnType TIME = of(TypeKind.TIME);
    public static final ColumnType INTERVAL = of(TypeKind.INTERVAL);
    public static final ColumnType TIMESTAMP = of(TypeKind.TIMESTAMP);
    public static final ColumnType TIMESTAMP_TZ = of(TypeKind.TIMESTAMP_TZ);
    public static final ColumnType BINARY = of(TypeKind.BINARY);
    public static final ColumnType JSON = of(TypeKind.JSON);
    public static final ColumnType UUID = of(TypeKind.UUID);

    /** Largest decimal precision every supported engine stores exactly. */
    public static final int MAX_DECIMAL_PRECISION = 38;

    public ColumnType {
        requireNonNull(kind, "kind");
        if (precision < 0 || scale < 0) {
            throw new IllegalArgumentException("precision and scale must be >= 0: " + precision + "," + scale);
        }
        switch (kind) {
            case DECIMAL -> {
                if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
                    throw new IllegalArgumentException(
                            "DECIMAL needs 1 <= precision <= 38 and scale <= precision: " + precision + "," + scale);
                }
            }
            case STRING, BINARY -> {
                if (scale != 0) {
                    throw new IllegalArgumentException(kind + " has no scale");
                }
            }
            default -> {
                if (precision != 0 || scale != 0) {
                    throw new IllegalArgumentException(kind + " has no precision or scale");
                }
            }
        }
    }

    /** A kind without size. */
    public static ColumnType of(TypeKind kind) {
        return new ColumnType(kind, 0, 0);
    }

    /** {@code DECIMAL(precision, scale)}. */
    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(TypeKind.DECIMAL, precision, scale);
    }

    /** {@code STRING} of at most {@code maxLength} characters (0 for unbounded). */
    public static ColumnType string(int maxLength) {
        return new ColumnType(TypeKind.STRING, maxLength, 0);
    }

    /** Renders like SQL: {@code DECIMAL(12,2)}, {@code STRING(255)}, {@code BIGINT}. */
    @Override
    public String toString() {
        return switch (kind) {
            case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
            case STRING, BINARY -> precision == 0 ? kind.name() : kind.name() + "(" + precision + ")";
            default -> kind.name();
        };
    }
}
