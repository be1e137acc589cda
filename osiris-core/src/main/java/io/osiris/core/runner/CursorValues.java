package io.osiris.core.runner;

import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.TypeKind;
import io.osiris.core.sql.SqlLiterals;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Set;

/**
 * Watermark values of an incremental cursor by its type: read from their stored text, written
 * back as exact text (a timestamp keeps every microsecond, a decimal every digit), moved back
 * by a lookback, and written into the source's SQL as a literal of the cursor's type. A value
 * is always parsed first, so what reaches SQL is built from a date or a number, never pasted.
 */
final class CursorValues {
    /** The cursor types a watermark can be kept for. */
    static final Set<TypeKind> KINDS = Set.of(TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT,
            TypeKind.DECIMAL, TypeKind.REAL, TypeKind.DOUBLE, TypeKind.STRING, TypeKind.DATE, TypeKind.TIMESTAMP,
            TypeKind.TIMESTAMP_TZ);

    private static final DateTimeFormatter READ = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
            Locale.ROOT);
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS",
            Locale.ROOT);

    private CursorValues() {
    }

    /**
     * A value of {@code kind} from its text (a stored watermark, an {@code initial}).
     *
     * @throws IllegalArgumentException saying what the text should look like
     */
    static Object parse(TypeKind kind, String text) {
        String t = text.strip();
        try {
            return switch (kind) {
                case SMALLINT, INTEGER, BIGINT, DECIMAL, REAL, DOUBLE -> new BigDecimal(t);
                case STRING -> t;
                case DATE -> LocalDate.parse(t.length() > 10 ? t.substring(0, 10) : t);
                case TIMESTAMP -> LocalDateTime.parse(normalise(t), READ);
                case TIMESTAMP_TZ -> {
                    var parsed = READ.parse(normalise(t));
                    LocalDateTime local = LocalDateTime.from(parsed);
                    ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                            ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
                    yield local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC);
                }
                default -> throw new IllegalArgumentException("a " + kind + " column cannot be a cursor");
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a " + describe(kind), e);
        }
    }

    /** A value the engine read (its Java type by {@link TypeKind}) as the kind's value. */
    static Object of(TypeKind kind, Object value) {
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE -> new BigDecimal(value.toString());
            case TIMESTAMP_TZ -> ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
            default -> value;
        };
    }

    /** The exact text of a value, as it is stored and reported: {@code 2024-05-01T10:00:00.123456}. */
    static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            return (t.getNano() % 1000 == 0 ? MICROS : NANOS).format(t);
        }
        if (value instanceof OffsetDateTime t) {
            return text(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + "Z";
        }
        return value.toString();
    }

    /** The larger of two values of one kind; text compares as the source ordered it, so the read one wins. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object later(Object stored, Object read) {
        if (read instanceof String || stored == null) {
            return read;
        }
        return ((Comparable) read).compareTo(stored) >= 0 ? read : stored;
    }

    /**
     * The value {@code lookback} earlier (a date moves back whole days, rounding down).
     *
     * @throws IllegalArgumentException when the kind has no time to move back on
     */
    static Object minus(Object value, Duration lookback) {
        if (lookback.isZero()) {
            return value;
        }
        if (value instanceof LocalDateTime t) {
            return t.minus(lookback);
        }
        if (value instanceof OffsetDateTime t) {
            return t.minus(lookback);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay().minus(lookback).toLocalDate();
        }
        throw new IllegalArgumentException("lookback applies to timestamp and date cursors only");
    }

    /** The value as a SQL literal of its type in {@code dialect}. */
    static String literal(SqlDialect dialect, Object value) {
        boolean mysql = dialect.base() == SqlDialect.MYSQL;
        if (value instanceof BigDecimal d) {
            // A negative number in parentheses: after a minus sign, "--5" would start a comment.
            return d.signum() < 0 ? "(" + d.toPlainString() + ")" : d.toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            return "TIMESTAMP '" + sqlText(t) + "'";
        }
        if (value instanceof OffsetDateTime t) {
            LocalDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            // The MySQL connector reads TIMESTAMP columns in a UTC session, where a plain literal is UTC.
            return mysql ? "TIMESTAMP '" + sqlText(utc) + "'"
                    : "TIMESTAMP WITH TIME ZONE '" + sqlText(utc) + "+00:00'";
        }
        if (value instanceof LocalDate d) {
            return SqlLiterals.date(d);
        }
        String s = (String) value;
        return dialect.base() == SqlDialect.POSTGRES && s.indexOf('\\') >= 0
                // E'...' reads the same whether or not the server reads backslashes in plain strings.
                ? "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'"
                : SqlLiterals.string(dialect, s);
    }

    private static String sqlText(LocalDateTime t) {
        return text(t).replace('T', ' ');
    }

    /** {@code 2024-01-01 08:00} as ISO ({@code T}), and an offset {@code +01} or {@code +0100} as {@code +01:00}. */
    private static String normalise(String t) {
        String s = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + "T" + t.substring(11) : t;
        // Only after a time of day: a date's own "-01" is no offset.
        String time = "(T\\d\\d:\\d\\d(?::\\d\\d(?:\\.\\d+)?)?) ?";
        s = s.replaceFirst(time + "([+-]\\d\\d)$", "$1$2:00").replaceFirst(time + "([+-]\\d\\d)(\\d\\d)$", "$1$2:$3")
                .replaceFirst(time + "(Z|[+-]\\d\\d:\\d\\d)$", "$1$2");
        return s.endsWith("z") ? s.substring(0, s.length() - 1) + "Z" : s;
    }

    private static String describe(TypeKind kind) {
        return switch (kind) {
            case DATE -> "date like 2024-01-01";
            case TIMESTAMP -> "timestamp like 2024-01-01 08:00:00.123456";
            case TIMESTAMP_TZ -> "timestamp like 2024-01-01 08:00:00.123456+00:00";
            case STRING -> "text";
            default -> "number like 1000 or 12.5";
        };
    }
}
