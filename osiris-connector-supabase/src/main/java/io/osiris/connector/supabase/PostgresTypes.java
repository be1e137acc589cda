package io.osiris.connector.supabase;

import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * PostgreSQL types and Osiris' portable types, both ways. One table for discovery (catalog
 * type names) and extraction (result-set type names) so a column reads back the way it is described.
 *
 * <ul>
 *   <li>{@code numeric(p,s)} with p &le; 38 is {@code DECIMAL(p,s)}. Unconstrained {@code numeric}
 *       (also what {@code sum()} and {@code avg()} return) is {@code DECIMAL(38,18)}, the way Spark
 *       maps it: values are handed out exactly as stored, so one with more than 18 fractional
 *       digits keeps them and a loader into a DECIMAL(38,18) column rounds. {@code numeric(p,s)}
 *       with p &gt; 38 exceeds every engine's DECIMAL and is read as its exact text, {@code STRING}.</li>
 *   <li>Arrays ({@code int4[]}, {@code text[]}) are {@code JSON}: the array rendered as a JSON array,
 *       nested arrays nested, so DuckDB can unnest them.</li>
 *   <li>Enums, {@code interval}, {@code inet}, {@code money}, ranges, geometric and other types
 *       without a portable kind are {@code STRING}, their PostgreSQL text.</li>
 *   <li>{@code timetz} is {@code STRING}: no portable kind holds a time with an offset.</li>
 * </ul>
 */
final class PostgresTypes {
    /** Scale given to unconstrained numeric. */
    static final int UNCONSTRAINED_NUMERIC_SCALE = 18;
    /** Largest length PostgreSQL accepts in varchar(n). */
    private static final int MAX_VARCHAR = 10_485_760;

    private PostgresTypes() {
    }

    /**
     * The portable type of a PostgreSQL type.
     *
     * @param typeName  the type name as pg_type or pgjdbc spells it ({@code int4}, {@code _text}, {@code serial})
     * @param array     whether it is an array type
     * @param precision numeric precision or character length; 0 when unconstrained
     * @param scale     numeric scale
     */
    static ColumnType portable(String typeName, boolean array, int precision, int scale) {
        if (array || typeName.startsWith("_")) {
            return ColumnType.JSON;
        }
        return switch (typeName.toLowerCase(Locale.ROOT)) {
            case "bool", "boolean" -> ColumnType.BOOLEAN;
            case "int2", "smallint", "smallserial", "serial2" -> ColumnType.SMALLINT;
            case "int4", "integer", "int", "serial", "serial4" -> ColumnType.INTEGER;
            case "int8", "bigint", "bigserial", "serial8", "oid" -> ColumnType.BIGINT;
            case "float4", "real" -> ColumnType.REAL;
            case "float8", "double precision" -> ColumnType.DOUBLE;
            case "numeric", "decimal" -> numeric(precision, scale);
            case "varchar", "bpchar", "character varying", "character" ->
                    precision > 0 && precision <= MAX_VARCHAR ? ColumnType.string(precision) : ColumnType.STRING;
            case "date" -> ColumnType.DATE;
            case "time", "time without time zone" -> ColumnType.TIME;
            case "timestamp", "timestamp without time zone" -> ColumnType.TIMESTAMP;
            case "timestamptz", "timestamp with time zone" -> ColumnType.TIMESTAMP_TZ;
            case "bytea" -> ColumnType.BINARY;
            case "json", "jsonb" -> ColumnType.JSON;
            case "uuid" -> ColumnType.UUID;
            // text, name, citext, enums, interval, inet, money, xml, ranges...: their text
            default -> ColumnType.STRING;
        };
    }

    private static ColumnType numeric(int precision, int scale) {
        if (precision <= 0 || precision > 1000) {
            // pgjdbc reports 0 (or 131089 in old versions) when numeric has no typmod.
            return ColumnType.decimal(ColumnType.MAX_DECIMAL_PRECISION, UNCONSTRAINED_NUMERIC_SCALE);
        }
        if (precision > ColumnType.MAX_DECIMAL_PRECISION) {
            return ColumnType.STRING;
        }
        if (scale < 0) {
            // numeric(5,-2) rounds to hundreds: integers of up to p - s digits.
            return ColumnType.decimal(Math.min(precision - scale, ColumnType.MAX_DECIMAL_PRECISION), 0);
        }
        return ColumnType.decimal(precision, Math.min(scale, precision));
    }

    /** The column type Osiris creates for a portable type. */
    static String ddl(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case REAL -> "real";
            case DOUBLE -> "double precision";
            case DECIMAL -> "numeric(" + type.precision() + "," + type.scale() + ")";
            case STRING -> type.precision() > 0 && type.precision() <= MAX_VARCHAR
                    ? "varchar(" + type.precision() + ")" : "text";
            case DATE -> "date";
            case TIME -> "time(6)";
            case INTERVAL -> "interval";
            case TIMESTAMP -> "timestamp(6)";
            case TIMESTAMP_TZ -> "timestamptz(6)";
            case BINARY -> "bytea";
            // jsonb, not json: what Supabase users index and query; it normalises whitespace and key order.
            case JSON -> "jsonb";
            case UUID -> "uuid";
        };
    }

    /** Whether values of a kind are read with a primitive getter. */
    static boolean primitive(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE -> true;
            default -> false;
        };
    }

    /** Renders a JDBC array value ({@code java.sql.Array#getArray()}) as a JSON array. */
    static String arrayToJson(Object array) {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, array);
        return sb.toString();
    }

    private static void appendJson(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("null");
        } else if (value.getClass().isArray() && !(value instanceof byte[])) {
            sb.append('[');
            int n = Array.getLength(value);
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                appendJson(sb, Array.get(value, i));
            }
            sb.append(']');
        } else if (value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            appendJsonString(sb, d.toString());
        } else if (value instanceof Float f && (f.isNaN() || f.isInfinite())) {
            appendJsonString(sb, f.toString());
        } else if (value instanceof Number) {
            sb.append(value);
        } else if (value instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder("\\x");
            for (byte b : bytes) {
                hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            appendJsonString(sb, hex.toString());
        } else {
            appendJsonString(sb, value.toString());
        }
    }

    private static void appendJsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
