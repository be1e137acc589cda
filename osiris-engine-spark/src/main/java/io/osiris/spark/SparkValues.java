package io.osiris.spark;

import io.osiris.api.data.ColumnType;
import io.osiris.api.data.Intervals;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/** Values between a {@link io.osiris.api.data.RowStream}'s Java classes and the ones Spark's rows hold. */
final class SparkValues {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private SparkValues() {
    }

    /** A row stream's value of {@code type} as a Spark row holds it for {@link SparkTypes#toSpark(ColumnType)}. */
    static Object toSpark(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case UUID -> value.toString();
            case TIME -> time((LocalTime) value);
            case INTERVAL -> Intervals.format((Duration) value);
            case TIMESTAMP_TZ -> ((OffsetDateTime) value).toInstant();
            // A source's value may carry fewer decimals than its column says; Spark wants the column's scale.
            case DECIMAL -> ((BigDecimal) value).setScale(type.scale(), RoundingMode.UNNECESSARY);
            default -> value;
        };
    }

    /**
     * A row stream's value of {@code type} as Spark's internal rows hold it for
     * {@link SparkTypes#toSpark(ColumnType)}: text as {@link UTF8String}, a decimal as {@link Decimal}
     * of the column's precision and scale, a date as days and a timestamp as microseconds since
     * 1970-01-01 (a wall-clock time read at UTC, an instant as it is).
     */
    static Object toInternal(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        return switch (type.kind()) {
            case BOOLEAN, BINARY -> value;
            case SMALLINT -> ((Number) value).shortValue();
            case INTEGER -> ((Number) value).intValue();
            case BIGINT -> ((Number) value).longValue();
            case REAL -> ((Number) value).floatValue();
            case DOUBLE -> ((Number) value).doubleValue();
            case DECIMAL -> Decimal.apply(((BigDecimal) value).setScale(type.scale(), RoundingMode.UNNECESSARY),
                    type.precision(), type.scale());
            case STRING, JSON, UUID, TIME, INTERVAL -> UTF8String.fromString(toSpark(value, type).toString());
            case DATE -> (int) (value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value).toEpochDay();
            case TIMESTAMP -> micros((value instanceof java.sql.Timestamp t ? t.toLocalDateTime() : (LocalDateTime) value)
                    .toInstant(ZoneOffset.UTC));
            case TIMESTAMP_TZ -> micros(((OffsetDateTime) value).toInstant());
        };
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    /** A Spark row's value as a row stream hands out one of {@code type}. */
    static Object fromSpark(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        TypeKind kind = type.kind();
        return switch (kind) {
            case SMALLINT -> ((Number) value).shortValue();
            case DATE -> value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
            case TIMESTAMP -> value instanceof java.sql.Timestamp t ? t.toLocalDateTime() : (LocalDateTime) value;
            case TIMESTAMP_TZ -> OffsetDateTime.ofInstant(value instanceof java.sql.Timestamp t ? t.toInstant()
                    : (Instant) value, ZoneOffset.UTC);
            case STRING, JSON -> value.toString();
            case TIME -> LocalTime.parse(value.toString());
            case UUID -> java.util.UUID.fromString(value.toString());
            case INTERVAL -> Intervals.parse(value.toString());
            default -> value;
        };
    }

    /** {@code HH:MM:SS[.ffffff]}, the fraction without trailing zeros, as the engines print a time of day. */
    static String time(LocalTime value) {
        String text = TIME.format(value);
        if (value.getNano() == 0) {
            return text;
        }
        String fraction = String.format("%06d", value.getNano() / 1000).replaceFirst("0+$", "");
        return fraction.isEmpty() ? text : text + "." + fraction;
    }
}
