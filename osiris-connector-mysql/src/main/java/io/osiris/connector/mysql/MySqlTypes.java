package io.osiris.connector.mysql;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * MySQL/MariaDB types to portable {@link ColumnType}s and back. One mapping serves discovery
 * (information_schema) and extraction (result set metadata), so a table reads as it is
 * described.
 *
 * <p>Integers widen where the signed Java type would overflow: {@code SMALLINT UNSIGNED} is
 * INTEGER, {@code INT UNSIGNED} BIGINT, {@code BIGINT UNSIGNED} DECIMAL(20,0). TINYINT reads as
 * SMALLINT, except {@code TINYINT(1)} and {@code BIT(1)} which are MySQL's booleans. DATETIME
 * is a wall-clock TIMESTAMP; TIMESTAMP is an instant, TIMESTAMP_TZ. DECIMAL wider than 38 digits
 * reads as STRING rather than losing digits.
 */
final class MySqlTypes {
    /** Strings up to this many characters get a VARCHAR when the loader creates a table. */
    static final int MAX_VARCHAR = 255;
    /** An unbounded string that is part of a key still needs a length to be indexed. */
    static final int KEY_VARCHAR = 255;

    private MySqlTypes() {
    }

    /**
     * The portable type of a native one.
     *
     * @param nativeType the type name as Connector/J or information_schema spells it, possibly
     *                   followed by {@code UNSIGNED} ({@code "INT UNSIGNED"}, {@code "decimal"})
     * @param length     character length, display width (TINYINT, BIT count) or decimal precision; 0 if unknown
     * @param scale      decimal scale
     */
    static ColumnType portable(String nativeType, long length, int scale) {
        String name = nativeType.trim().toUpperCase(Locale.ROOT);
        boolean unsigned = name.endsWith(" UNSIGNED") || name.endsWith(" ZEROFILL");
        name = name.replace(" UNSIGNED", "").replace(" ZEROFILL", "").trim();
        int paren = name.indexOf('(');
        if (paren > 0) {
            name = name.substring(0, paren);
        }
        return switch (name) {
            case "BOOLEAN", "BOOL" -> ColumnType.BOOLEAN;
            case "BIT" -> length <= 1 ? ColumnType.BOOLEAN : ColumnType.BINARY;
            case "TINYINT" -> length == 1 ? ColumnType.BOOLEAN : ColumnType.SMALLINT;
            case "SMALLINT" -> unsigned ? ColumnType.INTEGER : ColumnType.SMALLINT;
            case "YEAR" -> ColumnType.SMALLINT;
            case "MEDIUMINT" -> ColumnType.INTEGER;
            case "INT", "INTEGER" -> unsigned ? ColumnType.BIGINT : ColumnType.INTEGER;
            case "BIGINT" -> unsigned ? ColumnType.decimal(20, 0) : ColumnType.BIGINT;
            case "FLOAT" -> ColumnType.REAL;
            case "DOUBLE", "REAL", "DOUBLE PRECISION" -> ColumnType.DOUBLE;
            case "DECIMAL", "NUMERIC", "DEC", "FIXED" -> decimal(length, scale);
            case "CHAR", "VARCHAR", "NCHAR", "NVARCHAR" ->
                    ColumnType.string(length > 0 && length <= 65_535 ? (int) length : 0);
            // Result set metadata reports these as CHAR(n): read as the same STRING(n) from either side.
            case "ENUM", "SET", "INET4", "INET6" -> ColumnType.string(length > 0 && length <= 65_535 ? (int) length : 0);
            // MariaDB's UUID, reported as CHAR(36); its text, as the CHAR(36) Osiris creates for one reads.
            case "UUID" -> ColumnType.string(36);
            case "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT" -> ColumnType.STRING;
            case "JSON" -> ColumnType.JSON;
            case "BINARY", "VARBINARY" ->
                    new ColumnType(TypeKind.BINARY, length > 0 && length <= 65_535 ? (int) length : 0, 0);
            case "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "GEOMETRY", "POINT", "LINESTRING", "POLYGON",
                    "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "VECTOR" ->
                    ColumnType.BINARY;
            case "DATE" -> ColumnType.DATE;
            // An elapsed time (-838:59:59 to 838:59:59), not a time of day.
            case "TIME" -> ColumnType.INTERVAL;
            case "DATETIME" -> ColumnType.TIMESTAMP;
            case "TIMESTAMP" -> ColumnType.TIMESTAMP_TZ;
            default -> ColumnType.STRING;
        };
    }

    private static ColumnType decimal(long precision, int scale) {
        if (precision > ColumnType.MAX_DECIMAL_PRECISION) {
            return ColumnType.STRING;
        }
        int p = precision < 1 ? ColumnType.MAX_DECIMAL_PRECISION : (int) precision;
        int s = Math.max(0, Math.min(scale, p));
        return ColumnType.decimal(p, s);
    }

    /**
     * The column definition the loader creates for a portable type. Wall-clock and instant
     * times keep microseconds; strings are utf8mb4 with a binary collation (set on the table),
     * so values and key comparisons stay exact.
     *
     * @param key whether the column is part of the primary key (needs an indexable type)
     */
    static String ddl(ColumnType type, boolean key) {
        return switch (type.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INT";
            case BIGINT -> "BIGINT";
            case REAL -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
            case STRING -> {
                int n = type.precision();
                if (n > 0 && (n <= MAX_VARCHAR || key && n <= 768)) {
                    yield "VARCHAR(" + n + ")";
                }
                yield key ? "VARCHAR(" + KEY_VARCHAR + ")" : "LONGTEXT";
            }
            case DATE -> "DATE";
            case TIME, INTERVAL -> "TIME(6)";
            case TIMESTAMP -> "DATETIME(6)";
            // An instant, written and read in the UTC session.
            case TIMESTAMP_TZ -> "TIMESTAMP(6)";
            case BINARY -> {
                int n = type.precision();
                if (n > 0 && n <= MAX_VARCHAR) {
                    yield "VARBINARY(" + n + ")";
                }
                yield key ? "VARBINARY(" + KEY_VARCHAR + ")" : "LONGBLOB";
            }
            case JSON -> "JSON";
            case UUID -> "CHAR(36)";
        };
    }

    /** The {@link Types} code for binding a NULL of a portable kind. */
    static int sqlType(TypeKind kind) {
        return switch (kind) {
            case BOOLEAN -> Types.BOOLEAN;
            case SMALLINT -> Types.SMALLINT;
            case INTEGER -> Types.INTEGER;
            case BIGINT -> Types.BIGINT;
            case REAL -> Types.REAL;
            case DOUBLE -> Types.DOUBLE;
            case DECIMAL -> Types.DECIMAL;
            case STRING, JSON, UUID -> Types.VARCHAR;
            case DATE -> Types.DATE;
            case TIME -> Types.TIME;
            case INTERVAL -> Types.VARCHAR;
            case TIMESTAMP, TIMESTAMP_TZ -> Types.TIMESTAMP;
            case BINARY -> Types.VARBINARY;
        };
    }

    /** An instant as UTC wall-clock time, which the UTC session stores unchanged. */
    static LocalDateTime utc(Object value) {
        if (value instanceof OffsetDateTime o) {
            return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        if (value instanceof ZonedDateTime z) {
            return z.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof LocalDateTime l) {
            return l;
        }
        throw new ExecutionFailedException("expected an OffsetDateTime for a TIMESTAMP_TZ value, got "
                + value.getClass().getSimpleName());
    }
}
