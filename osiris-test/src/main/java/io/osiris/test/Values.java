package io.osiris.test;

import io.osiris.api.data.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Java values and column types: which type a Java class stands for, and exact conversions both ways. */
final class Values {
    private Values() {
    }

    /** The column type of values of a Java class, if it has one. */
    static Optional<ColumnType> typeOf(Class<?> type) {
        Class<?> t = boxed(type);
        ColumnType column = t == Boolean.class ? ColumnType.BOOLEAN
                : t == Short.class || t == Byte.class ? ColumnType.SMALLINT
                : t == Integer.class ? ColumnType.INTEGER
                : t == Long.class ? ColumnType.BIGINT
                : t == Float.class ? ColumnType.REAL
                : t == Double.class ? ColumnType.DOUBLE
                : t == BigDecimal.class ? ColumnType.decimal(38, 10)
                : t == BigInteger.class ? ColumnType.decimal(38, 0)
                : CharSequence.class.isAssignableFrom(t) || t.isEnum() || t == Character.class ? ColumnType.STRING
                : t == LocalDate.class ? ColumnType.DATE
                : t == LocalTime.class ? ColumnType.TIME
                : t == LocalDateTime.class ? ColumnType.TIMESTAMP
                : t == OffsetDateTime.class || t == Instant.class || t == ZonedDateTime.class ? ColumnType.TIMESTAMP_TZ
                : t == Duration.class ? ColumnType.INTERVAL
                : t == UUID.class ? ColumnType.UUID
                : t == byte[].class ? ColumnType.BINARY
                : null;
        return Optional.ofNullable(column);
    }

    /**
     * A value as the Java class of a column type, converted only where nothing is lost.
     *
     * @param where for the message: {@code row 2, column rating}
     */
    static Object toColumn(Object value, ColumnType type, String where) {
        if (value == null) {
            return null;
        }
        Class<?> target = type.kind().javaType();
        if (target.isInstance(value) && !(value instanceof BigDecimal)) {
            return value;
        }
        try {
            Object converted = convert(value, target);
            if (converted != null) {
                return converted;
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + value + " does not fit " + type, e);
        }
        throw new IllegalArgumentException(where + ": a " + value.getClass().getSimpleName() + " (" + value
                + ") is not a " + type + " value; give a " + target.getSimpleName());
    }

    /**
     * A column value as a Java class, converted only where nothing is lost; null when the classes
     * do not convert at all.
     */
    static Object convert(Object value, Class<?> type) {
        Class<?> target = boxed(type);
        if (target.isInstance(value) && !(value instanceof BigDecimal)) {
            return value;
        }
        if (value instanceof Number n && Number.class.isAssignableFrom(target)) {
            BigDecimal exact = n instanceof BigDecimal d ? d
                    : n instanceof BigInteger i ? new BigDecimal(i)
                    : n instanceof Double || n instanceof Float ? new BigDecimal(n.toString())
                    : BigDecimal.valueOf(n.longValue());
            return target == BigDecimal.class ? exact
                    : target == BigInteger.class ? exact.toBigIntegerExact()
                    : target == Long.class ? exact.longValueExact()
                    : target == Integer.class ? exact.intValueExact()
                    : target == Short.class ? exact.shortValueExact()
                    : target == Byte.class ? exact.byteValueExact()
                    : target == Double.class ? (Object) exact.doubleValue()
                    : target == Float.class ? (Object) exact.floatValue()
                    : null;
        }
        if (target == String.class && (value instanceof CharSequence || value instanceof Character)) {
            return value.toString();
        }
        if (target == String.class && value instanceof Enum<?> e) {
            return e.name();
        }
        if (target.isEnum() && value instanceof String s) {
            for (Object constant : target.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(s)) {
                    return constant;
                }
            }
            return null;
        }
        if (target == OffsetDateTime.class) {
            return value instanceof Instant i ? i.atOffset(ZoneOffset.UTC)
                    : value instanceof ZonedDateTime z ? z.toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC) : null;
        }
        if (target == Instant.class && value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return null;
    }

    /** The class of a primitive's values. */
    static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == int.class ? Integer.class : type == long.class ? Long.class : type == double.class ? Double.class
                : type == boolean.class ? Boolean.class : type == float.class ? Float.class
                : type == short.class ? Short.class : type == byte.class ? Byte.class
                : type == char.class ? Character.class : Void.class;
    }

    /** Appends values as one CSV line (RFC 4180 quoting, NULL empty) ending in a line feed. */
    static void csvLine(StringBuilder sb, List<?> row) {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = row.get(i);
            String text = v == null ? "" : v instanceof BigDecimal d ? d.toPlainString()
                    : v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v.toString();
            boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                    || text.indexOf('\r') >= 0;
            sb.append(quote ? '"' + text.replace("\"", "\"\"") + '"' : text);
        }
        sb.append('\n');
    }

    /** Whether two row lists hold equal values, comparing byte arrays by content and decimals by value. */
    static boolean deepEquals(List<List<Object>> a, List<List<Object>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int r = 0; r < a.size(); r++) {
            List<Object> x = a.get(r);
            List<Object> y = b.get(r);
            if (x.size() != y.size()) {
                return false;
            }
            for (int c = 0; c < x.size(); c++) {
                Object v = x.get(c);
                Object w = y.get(c);
                boolean same = v instanceof BigDecimal d && w instanceof BigDecimal e ? d.compareTo(e) == 0
                        : v instanceof byte[] p && w instanceof byte[] q ? Arrays.equals(p, q)
                        : java.util.Objects.equals(v, w);
                if (!same) {
                    return false;
                }
            }
        }
        return true;
    }
}
