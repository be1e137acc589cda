package io.osiris.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.data.Intervals;
import io.osiris.api.data.TypeKind;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Edge values for every native type of the published map, per source: the SQL literal inserted
 * and the portable value it must read as (after the map's documented read change). A new map row
 * without samples fails {@link TypeRoundTripIT}, so every row is tested.
 */
final class TypeSamples {
    /**
     * A value as its source's SQL literal, the portable value it reads as ({@code null} for NULL),
     * and the value a target holds after a load (the same unless the map documents a change).
     */
    record Sample(String literal, Object read, Object loaded) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID_TEXT = "123e4567-e89b-12d3-a456-426614174000";
    private static final String JSON_TEXT = "{\"k\": [1, 2.5, null], \"s\": \"é \\\"q\\\"\", \"n\": {}}";
    private static final Duration MINUS_838 = Duration.ofHours(-838).minusMinutes(59).minusSeconds(59);
    private static final Duration PLUS_838 = MINUS_838.negated();
    private static final Duration OVER_A_DAY = Duration.ofHours(25).plusNanos(1_000);
    private static final String UNICODE = "😀 héllo, \"wörld\"";

    private TypeSamples() {
    }

    static Map<String, List<Sample>> of(String source) {
        return switch (source) {
            case "mysql" -> mysql();
            case "supabase" -> postgres();
            case "duckdb" -> duckdb();
            default -> Map.of();
        };
    }

    private static Map<String, List<Sample>> mysql() {
        Map<String, List<Sample>> m = new HashMap<>();
        m.put("TINYINT(1)", List.of(s("1", true), s("0", false), s("5", true)));
        m.put("BIT(1)", List.of(s("b'1'", true), s("b'0'", false)));
        m.put("TINYINT", List.of(s("-128", (short) -128), s("127", (short) 127)));
        m.put("TINYINT UNSIGNED", List.of(s("255", (short) 255), s("0", (short) 0)));
        m.put("SMALLINT", List.of(s("-32768", Short.MIN_VALUE), s("32767", Short.MAX_VALUE)));
        m.put("SMALLINT UNSIGNED", List.of(s("65535", 65535)));
        m.put("MEDIUMINT", List.of(s("-8388608", -8388608), s("8388607", 8388607)));
        m.put("MEDIUMINT UNSIGNED", List.of(s("16777215", 16777215)));
        m.put("INT", List.of(s("-2147483648", Integer.MIN_VALUE), s("2147483647", Integer.MAX_VALUE)));
        m.put("INT UNSIGNED", List.of(s("4294967295", 4294967295L)));
        m.put("BIGINT", List.of(s("-9223372036854775808", Long.MIN_VALUE), s("9223372036854775807", Long.MAX_VALUE)));
        m.put("BIGINT UNSIGNED", List.of(s("18446744073709551615", dec("18446744073709551615")), s("0", dec("0"))));
        m.put("FLOAT", List.of(s("1.5", 1.5f), s("-3.25e10", -3.25e10f)));
        m.put("DOUBLE", List.of(s("1.7976931348623157e308", Double.MAX_VALUE), s("-0.1", -0.1)));
        m.put("DECIMAL(38,10)", List.of(s("9999999999999999999999999999.9999999999",
                dec("9999999999999999999999999999.9999999999")), s("-0.0000000001", dec("-0.0000000001"))));
        m.put("DECIMAL(65,30)", List.of(
                s("12345678901234567890123456789012345.123456789012345678901234567890",
                        "12345678901234567890123456789012345.123456789012345678901234567890"),
                s("-1", "-1.000000000000000000000000000000")));
        m.put("YEAR", List.of(s("1901", (short) 1901), s("2155", (short) 2155)));
        m.put("CHAR(10)", List.of(s("'ab'", "ab"), s("'ünï €'", "ünï €")));
        m.put("VARCHAR(255)", List.of(s("'" + UNICODE.replace("\"", "\\\"") + "'", UNICODE), s("''", ""),
                s("'it''s \\\\ a\\nb'", "it's \\ a\nb")));
        m.put("TEXT", List.of(s("'line1\\r\\nline2, \"q\"'", "line1\r\nline2, \"q\"")));
        m.put("LONGTEXT", List.of(s("REPEAT('ab', 40000)", "ab".repeat(40000))));
        m.put("ENUM('small','large')", List.of(s("'large'", "large"), s("'small'", "small")));
        m.put("SET('a','b','c')", List.of(s("'a,c'", "a,c"), s("''", "")));
        m.put("UUID", List.of(s("'" + UUID_TEXT + "'", UUID_TEXT)));
        m.put("JSON", List.of(s("'" + JSON_TEXT.replace("\\", "\\\\") + "'", JSON_TEXT), s("'[]'", "[]")));
        m.put("BINARY(4)", List.of(s("x'00FF7F80'", hex("00ff7f80"))));
        m.put("VARBINARY(255)", List.of(s("x'DEADBEEF00'", hex("deadbeef00")), s("x''", new byte[0])));
        m.put("BLOB", List.of(s("x'00012C0A225C'", hex("00012c0a225c"))));
        m.put("BIT(8)", List.of(s("b'10100101'", hex("a5")), s("b'0'", hex("00"))));
        m.put("DATE", List.of(s("'1000-01-01'", LocalDate.of(1000, 1, 1)), s("'9999-12-31'", LocalDate.of(9999, 12, 31)),
                s("'0000-00-00'", null)));
        m.put("TIME(6)", List.of(s("'-838:59:59'", MINUS_838), s("'838:59:59'", PLUS_838),
                s("'25:00:00.000001'", OVER_A_DAY)));
        m.put("DATETIME(6)", List.of(s("'1000-01-01 00:00:00.000001'", ts("1000-01-01T00:00:00.000001")),
                s("'9999-12-31 23:59:59.999999'", ts("9999-12-31T23:59:59.999999")), s("'0000-00-00 00:00:00'", null)));
        m.put("TIMESTAMP(6)", List.of(s("'1970-01-01 00:00:01'", tz("1970-01-01T00:00:01Z")),
                s("'2038-01-19 03:14:07.999999'", tz("2038-01-19T03:14:07.999999Z")), s("'0000-00-00 00:00:00'", null)));
        return m;
    }

    private static Map<String, List<Sample>> postgres() {
        Map<String, List<Sample>> m = new HashMap<>();
        m.put("boolean", List.of(s("true", true), s("false", false)));
        m.put("smallint", List.of(s("-32768", Short.MIN_VALUE), s("32767", Short.MAX_VALUE)));
        m.put("integer", List.of(s("-2147483648", Integer.MIN_VALUE), s("2147483647", Integer.MAX_VALUE)));
        m.put("bigint", List.of(s("-9223372036854775808", Long.MIN_VALUE), s("9223372036854775807", Long.MAX_VALUE)));
        m.put("real", List.of(s("1.5", 1.5f), s("-3.25e10", -3.25e10f)));
        m.put("double precision", List.of(s("1.7976931348623157e308", Double.MAX_VALUE), s("-0.1", -0.1)));
        m.put("numeric(38,10)", List.of(s("9999999999999999999999999999.9999999999",
                dec("9999999999999999999999999999.9999999999")), s("-0.0000000001", dec("-0.0000000001"))));
        m.put("numeric(50,10)", List.of(s("1234567890123456789012345678901234567890.0123456789",
                "1234567890123456789012345678901234567890.0123456789")));
        m.put("numeric", List.of(s("12345678901234567890.123456789012345678", dec("12345678901234567890.123456789012345678")),
                // Unconstrained numeric reads as stored; a load rounds it to DECIMAL(38,18).
                new Sample("0.1234567890123456789", dec("0.1234567890123456789"), dec("0.123456789012345679"))));
        m.put("char(10)", List.of(s("'ab'", "ab        ")));
        m.put("varchar(255)", List.of(s("'" + UNICODE + "'", UNICODE), s("''", "")));
        m.put("text", List.of(s("E'line1\\r\\nline2, \"q\" \\\\'", "line1\r\nline2, \"q\" \\")));
        m.put("date", List.of(s("'1000-01-01'", LocalDate.of(1000, 1, 1)), s("'9999-12-31'", LocalDate.of(9999, 12, 31))));
        m.put("time(6)", List.of(s("'00:00:00'", LocalTime.MIDNIGHT), s("'23:59:59.999999'", LocalTime.parse("23:59:59.999999"))));
        m.put("time(6) with time zone", List.of(s("'12:00:00.123456+02'", "10:00:00.123456+00")));
        m.put("interval", List.of(s("'1 year 2 mons 3 days 04:05:06.789'", "1 year 2 mons 3 days 04:05:06.789"),
                s("'-838:59:59'", "-838:59:59")));
        m.put("timestamp(6)", List.of(s("'1000-01-01 00:00:00.000001'", ts("1000-01-01T00:00:00.000001")),
                s("'9999-12-31 23:59:59.999999'", ts("9999-12-31T23:59:59.999999"))));
        m.put("timestamp(6) with time zone", List.of(s("'1970-01-01 00:00:01+00'", tz("1970-01-01T00:00:01Z")),
                s("'2038-01-19 03:14:07.999999+00'", tz("2038-01-19T03:14:07.999999Z")),
                s("'2024-02-29 12:34:56.123456+05:30'", tz("2024-02-29T07:04:56.123456Z"))));
        m.put("bytea", List.of(s("'\\x00ff2c0a225c'", hex("00ff2c0a225c")), s("''::bytea", new byte[0])));
        m.put("json", List.of(s("'" + JSON_TEXT + "'", JSON_TEXT)));
        // jsonb stores its own form: keys ordered (shorter first), one space after ':' and ','.
        m.put("jsonb", List.of(s("'" + JSON_TEXT + "'", "{\"k\": [1, 2.5, null], \"n\": {}, \"s\": \"é \\\"q\\\"\"}"),
                s("'[]'", "[]")));
        m.put("uuid", List.of(s("'" + UUID_TEXT + "'", UUID.fromString(UUID_TEXT))));
        m.put("inet", List.of(s("'192.168.0.1/24'", "192.168.0.1/24"), s("'::1'", "::1")));
        m.put("money", List.of(s("'1234.56'", "$1,234.56"), s("'-0.01'", "-$0.01")));
        m.put("integer[]", List.of(s("ARRAY[[1,2],[3,NULL]]", "[[1, 2], [3, null]]"), s("'{}'", "[]")));
        m.put("text[]", List.of(s("ARRAY['a', '\"b'',c', NULL]", "[\"a\", \"\\\"b',c\", null]")));
        return m;
    }

    private static Map<String, List<Sample>> duckdb() {
        Map<String, List<Sample>> m = new HashMap<>();
        m.put("BOOLEAN", List.of(s("true", true), s("false", false)));
        m.put("TINYINT", List.of(s("-128", (short) -128), s("127", (short) 127)));
        m.put("UTINYINT", List.of(s("255", (short) 255)));
        m.put("SMALLINT", List.of(s("-32768", Short.MIN_VALUE), s("32767", Short.MAX_VALUE)));
        m.put("USMALLINT", List.of(s("65535", 65535)));
        m.put("INTEGER", List.of(s("-2147483648", Integer.MIN_VALUE), s("2147483647", Integer.MAX_VALUE)));
        m.put("UINTEGER", List.of(s("4294967295", 4294967295L)));
        m.put("BIGINT", List.of(s("-9223372036854775808", Long.MIN_VALUE), s("9223372036854775807", Long.MAX_VALUE)));
        m.put("UBIGINT", List.of(s("18446744073709551615", dec("18446744073709551615"))));
        m.put("HUGEINT", List.of(s("99999999999999999999999999999999999999", dec("99999999999999999999999999999999999999")),
                s("-12", dec("-12"))));
        m.put("FLOAT", List.of(s("1.5", 1.5f), s("-3.25e10", -3.25e10f)));
        m.put("DOUBLE", List.of(s("1.7976931348623157e308", Double.MAX_VALUE), s("-0.1", -0.1)));
        m.put("DECIMAL(38,10)", List.of(s("9999999999999999999999999999.9999999999",
                dec("9999999999999999999999999999.9999999999")), s("-0.0000000001", dec("-0.0000000001"))));
        m.put("VARCHAR", List.of(s("'" + UNICODE + "'", UNICODE), s("''", ""), s("'a' || chr(10) || 'b'", "a\nb")));
        m.put("BLOB", List.of(s("'\\x00\\xFF,\\x0A\"\\x5C'::BLOB", hex("00ff2c0a225c")), s("''::BLOB", new byte[0])));
        m.put("DATE", List.of(s("'1000-01-01'", LocalDate.of(1000, 1, 1)), s("'9999-12-31'", LocalDate.of(9999, 12, 31))));
        m.put("TIME", List.of(s("'00:00:00'", LocalTime.MIDNIGHT), s("'23:59:59.999999'", LocalTime.parse("23:59:59.999999"))));
        m.put("INTERVAL", List.of(s("to_microseconds(-3020399000000)", MINUS_838), s("to_microseconds(90000000001)", OVER_A_DAY)));
        m.put("TIMESTAMP", List.of(s("'1000-01-01 00:00:00.000001'", ts("1000-01-01T00:00:00.000001")),
                s("'9999-12-31 23:59:59.999999'", ts("9999-12-31T23:59:59.999999"))));
        m.put("TIMESTAMP WITH TIME ZONE", List.of(s("'1970-01-01 00:00:01+00'", tz("1970-01-01T00:00:01Z")),
                s("'2038-01-19 03:14:07.999999+00'", tz("2038-01-19T03:14:07.999999Z"))));
        m.put("UUID", List.of(s("'" + UUID_TEXT + "'", UUID.fromString(UUID_TEXT))));
        m.put("JSON", List.of(s("'" + JSON_TEXT + "'", JSON_TEXT)));
        m.put("INTEGER[]", List.of(s("[1, 2, NULL]", "[1, 2, NULL]"), s("[]", "[]")));
        return m;
    }

    private static Sample s(String literal, Object expected) {
        return new Sample(literal, expected, expected);
    }

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static LocalDateTime ts(String text) {
        return LocalDateTime.parse(text);
    }

    private static OffsetDateTime tz(String text) {
        return OffsetDateTime.parse(text);
    }

    /**
     * Equal as the map promises: numbers by value and instants as instants; where the map says
     * lossless, the same Java class and JSON as the same text, else JSON as the same document and
     * the kinds a target documents changing (a UUID as its text, a time as an interval).
     */
    static boolean same(TypeKind kind, Object expected, Object actual, boolean lossless) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (lossless) {
            if (!expected.getClass().equals(actual.getClass())) {
                return false;
            }
            if (kind == TypeKind.JSON) {
                return expected.equals(actual);
            }
        }
        if (kind == TypeKind.JSON) {
            try {
                return JSON.readTree(expected.toString()).equals(JSON.readTree(actual.toString()));
            } catch (java.io.IOException e) {
                return false;
            }
        }
        if (expected instanceof UUID && actual instanceof String s) {
            return expected.toString().equals(s);
        }
        if (expected instanceof LocalTime t && actual instanceof Duration d) {
            return d.equals(Duration.ofNanos(t.toNanoOfDay()));
        }
        if (expected instanceof Duration d && actual instanceof String s) {
            return d.equals(Intervals.parse(s));
        }
        if (expected instanceof BigDecimal x && actual instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (expected instanceof OffsetDateTime x && actual instanceof OffsetDateTime y) {
            return x.isEqual(y);
        }
        if (expected instanceof byte[] x && actual instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return expected.equals(actual);
    }

    static String show(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = value instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : value.toString();
        return (text.length() > 80 ? text.substring(0, 80) + "..." : text) + " (" + value.getClass().getSimpleName()
                + ")";
    }

}
