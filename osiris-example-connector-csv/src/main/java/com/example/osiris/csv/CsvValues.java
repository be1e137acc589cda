package com.example.osiris.csv;

import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * How values of each portable type are written as CSV text and read back. Every format
 * round-trips exactly:
 *
 * <ul>
 *   <li>BOOLEAN {@code true}/{@code false}; integers in decimal; REAL and DOUBLE as Java prints
 *       them (the shortest text that parses back to the same bits, {@code NaN},
 *       {@code Infinity} included); DECIMAL in plain notation, keeping its scale.</li>
 *   <li>DATE, TIME, TIMESTAMP in ISO-8601 ({@code 2024-02-29}, {@code 23:59:59.123456},
 *       {@code 2024-02-29T13:45:30.123456}); TIMESTAMP_TZ in ISO-8601 with its offset
 *       ({@code 2024-03-10T02:30:00.654321Z}).</li>
 *   <li>BINARY in standard base64 (RFC 4648), JSON as its text, UUID in its canonical form.</li>
 * </ul>
 *
 * <p>NULL is not a text at all: {@link CsvWriter} writes it as an unquoted empty field.
 */
final class CsvValues {
    private CsvValues() {
    }

    /** The text of a value already of its kind's Java class; {@code null} for NULL. */
    static String format(TypeKind kind, Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case BINARY -> Base64.getEncoder().encodeToString((byte[]) value);
            case INTERVAL -> io.osiris.api.data.Intervals.format((java.time.Duration) value);
            case DECIMAL -> {
                BigDecimal d = (BigDecimal) value;
                // toPlainString keeps the scale unless it is negative (1E+3); then keep the exponent.
                yield d.scale() >= 0 ? d.toPlainString() : d.toString();
            }
            default -> value.toString();
        };
    }

    /**
     * Reads a text written by {@link #format}; a non-null text is never NULL.
     *
     * @throws IllegalArgumentException (or a subclass) when the text is not a value of the kind
     */
    static Object parse(TypeKind kind, String text) {
        return switch (kind) {
            case BOOLEAN -> parseBoolean(text);
            case SMALLINT -> Short.valueOf(text.strip());
            case INTEGER -> Integer.valueOf(text.strip());
            case BIGINT -> Long.valueOf(text.strip());
            case REAL -> Float.valueOf(text.strip());
            case DOUBLE -> Double.valueOf(text.strip());
            case DECIMAL -> new BigDecimal(text.strip());
            case STRING, JSON -> text;
            case DATE -> LocalDate.parse(text.strip());
            case TIME -> LocalTime.parse(text.strip());
            case INTERVAL -> io.osiris.api.data.Intervals.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text.strip());
            case TIMESTAMP_TZ -> OffsetDateTime.parse(text.strip());
            case BINARY -> Base64.getDecoder().decode(text.strip());
            case UUID -> UUID.fromString(text.strip());
        };
    }

    /**
     * Converts a value arriving in a load to the Java class of the column's kind: the same
     * class passes through, numbers convert when they fit, text is parsed, and anything goes
     * into a STRING column as its text. DECIMAL values take the column's scale, rounding half
     * up as SQL databases do.
     *
     * @throws IllegalArgumentException (or a subclass) when the value does not fit
     * @throws ArithmeticException      when a number does not fit an integer column
     */
    static Object coerce(ColumnType type, Object value) {
        if (value == null) {
            return null;
        }
        TypeKind kind = type.kind();
        if (kind == TypeKind.DECIMAL) {
            BigDecimal d = value instanceof BigDecimal b ? b
                    : value instanceof String s ? new BigDecimal(s.strip())
                    : value instanceof Number n ? new BigDecimal(n.toString())
                    : null;
            if (d == null) {
                throw mismatch(type, value);
            }
            return d.scale() == type.scale() ? d : d.setScale(type.scale(), RoundingMode.HALF_UP);
        }
        if (kind.javaType().isInstance(value)) {
            return value;
        }
        if (value instanceof String s) {
            return parse(kind, s);
        }
        return switch (kind) {
            case SMALLINT -> value instanceof Number n ? Short.valueOf((short) Math.toIntExact(inRange(n,
                    Short.MIN_VALUE, Short.MAX_VALUE))) : fail(type, value);
            case INTEGER -> value instanceof Number n ? Integer.valueOf(Math.toIntExact(inRange(n,
                    Integer.MIN_VALUE, Integer.MAX_VALUE))) : fail(type, value);
            case BIGINT -> value instanceof Number n ? Long.valueOf(exactLong(n)) : fail(type, value);
            case REAL -> value instanceof Number n ? Float.valueOf(n.floatValue()) : fail(type, value);
            case DOUBLE -> value instanceof Number n ? Double.valueOf(n.doubleValue()) : fail(type, value);
            case STRING, JSON -> value instanceof byte[] b ? format(TypeKind.BINARY, b)
                    : value instanceof BigDecimal d ? format(TypeKind.DECIMAL, d)
                    : value.toString();
            default -> fail(type, value);
        };
    }

    private static long inRange(Number n, long min, long max) {
        long v = exactLong(n);
        if (v < min || v > max) {
            throw new ArithmeticException(v + " is out of range");
        }
        return v;
    }

    private static long exactLong(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof BigInteger b) {
            return b.longValueExact();
        }
        // BigDecimal, Double, Float: only whole numbers fit an integer column.
        return new BigDecimal(n.toString()).longValueExact();
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "t", "1" -> Boolean.TRUE;
            case "false", "f", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean (true or false)");
        };
    }

    private static Object fail(ColumnType type, Object value) {
        throw mismatch(type, value);
    }

    private static IllegalArgumentException mismatch(ColumnType type, Object value) {
        return new IllegalArgumentException("a " + value.getClass().getSimpleName() + " does not fit " + type);
    }
}
