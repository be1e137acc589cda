package io.osiris.core.duckdb;

import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps DuckDB type names to portable types and back. */
final class DuckDbTypes {
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    private DuckDbTypes() {
    }

    /** The portable type a DuckDB column of this type name reads as; unknown types read as text. */
    static ColumnType toPortable(String duckType) {
        String t = duckType.trim().toUpperCase(Locale.ROOT);
        Matcher m = DECIMAL.matcher(t);
        if (m.matches()) {
            return ColumnType.decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
        return switch (t) {
            case "BOOLEAN", "BOOL" -> ColumnType.BOOLEAN;
            case "TINYINT", "SMALLINT", "UTINYINT", "INT2", "INT1" -> ColumnType.SMALLINT;
            case "INTEGER", "INT", "INT4", "USMALLINT" -> ColumnType.INTEGER;
            case "BIGINT", "INT8", "UINTEGER" -> ColumnType.BIGINT;
            case "UBIGINT" -> ColumnType.decimal(20, 0);
            case "HUGEINT", "UHUGEINT" -> ColumnType.decimal(38, 0);
            case "FLOAT", "REAL", "FLOAT4" -> ColumnType.REAL;
            case "DOUBLE", "FLOAT8" -> ColumnType.DOUBLE;
            case "VARCHAR", "TEXT", "STRING" -> ColumnType.STRING;
            case "BLOB", "BYTEA" -> ColumnType.BINARY;
            case "DATE" -> ColumnType.DATE;
            case "TIME" -> ColumnType.TIME;
            case "INTERVAL" -> ColumnType.INTERVAL;
            case "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP_S", "DATETIME" -> ColumnType.TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> ColumnType.TIMESTAMP_TZ;
            case "UUID" -> ColumnType.UUID;
            case "JSON" -> ColumnType.JSON;
            default -> ColumnType.STRING;
        };
    }

    /**
     * Whether a DuckDB column type is one {@link #toPortable} maps to a portable type whose
     * values a cast reproduces exactly as the JDBC path reads them: numbers, text, temporal
     * types, BLOB, UUID, JSON. Nested and unusual types (LIST, STRUCT, ENUM, INTERVAL, ...)
     * read as text through JDBC, whose text need not equal DuckDB's cast to VARCHAR.
     */
    static boolean mapsExactly(String duckType) {
        String t = duckType.trim().toUpperCase(Locale.ROOT);
        if (DECIMAL.matcher(t).matches()) {
            return true;
        }
        return switch (t) {
            case "BOOLEAN", "BOOL", "TINYINT", "SMALLINT", "UTINYINT", "INT2", "INT1", "INTEGER", "INT", "INT4",
                    "USMALLINT", "BIGINT", "INT8", "UINTEGER", "UBIGINT", "HUGEINT", "UHUGEINT", "FLOAT", "REAL",
                    "FLOAT4", "DOUBLE", "FLOAT8", "VARCHAR", "TEXT", "STRING", "BLOB", "BYTEA", "DATE", "TIME",
                    "TIMESTAMP", "TIMESTAMP_MS", "TIMESTAMP_S", "DATETIME",
                    "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "UUID", "JSON" -> true;
            default -> false;
        };
    }

    /** The DuckDB type that stores a portable type. */
    static String toDuckDb(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> "BOOLEAN";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case REAL -> "REAL";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
            // DuckDB's VARCHAR has no length limit worth keeping; a declared maximum is not enforced.
            case STRING -> "VARCHAR";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case INTERVAL -> "INTERVAL";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMP_TZ -> "TIMESTAMPTZ";
            case BINARY -> "BLOB";
            case JSON -> "JSON";
            case UUID -> "UUID";
        };
    }

    /** Whether a DuckDB type name is one whose values are read as text by {@code getString}. */
    static boolean readAsText(String duckType, TypeKind kind) {
        return kind == TypeKind.STRING || kind == TypeKind.JSON;
    }
}
