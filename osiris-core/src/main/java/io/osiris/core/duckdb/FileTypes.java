package io.osiris.core.duckdb;

import io.osiris.api.data.ColumnType;
import io.osiris.api.data.TypeKind;
import io.osiris.api.pipeline.LoadTarget;

/**
 * How the engine writes each portable type into a CSV, Parquet or JSON file: the published half
 * of the type map for file targets. {@link FileColumns} asks {@link #asTextIn} which columns it
 * turns into text, so the table printed is the one applied; the rest is what DuckDB's
 * {@code COPY ... TO} writes for the engine's column type ({@link DuckDbTypes#toDuckDb}).
 */
public final class FileTypes {
    private FileTypes() {
    }

    /** Whether a file of {@code format} holds a {@code kind} column as its text. */
    static boolean asTextIn(LoadTarget format, TypeKind kind) {
        // Parquet's INTERVAL has no sign; MySQL's TIME reaches -838:59:59.
        return format == LoadTarget.PARQUET && kind == TypeKind.INTERVAL;
    }

    /**
     * The representation of a {@code type} column in a file of {@code format}: its text form in
     * CSV, its Parquet physical and logical type, its JSON value.
     *
     * @throws IllegalArgumentException when {@code format} is not a file
     */
    public static String representation(LoadTarget format, ColumnType type) {
        TypeKind kind = type.kind();
        return switch (format) {
            case CSV -> switch (kind) {
                case BOOLEAN -> "true/false";
                case SMALLINT, INTEGER, BIGINT -> "digits";
                case REAL, DOUBLE -> "shortest exact text (1e+38)";
                case DECIMAL -> "plain digits";
                case STRING -> "text, RFC 4180 quoted";
                case DATE -> "YYYY-MM-DD";
                case TIME -> "HH:MM:SS.ffffff";
                case INTERVAL -> "[-]H:MM:SS.ffffff";
                case TIMESTAMP -> "YYYY-MM-DD HH:MM:SS.ffffff";
                case TIMESTAMP_TZ -> "YYYY-MM-DD HH:MM:SS.ffffff+00";
                case BINARY -> "text, \\xNN for bytes outside printable ASCII";
                case JSON -> "JSON text";
                case UUID -> "8-4-4-4-12 hex";
            };
            case PARQUET -> asTextIn(format, kind) ? "STRING [-]H:MM:SS.ffffff" : switch (kind) {
                case BOOLEAN -> "BOOLEAN";
                case SMALLINT -> "INT32 (INT_16)";
                case INTEGER -> "INT32";
                case BIGINT -> "INT64";
                case REAL -> "FLOAT";
                case DOUBLE -> "DOUBLE";
                case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
                case STRING -> "STRING";
                case DATE -> "DATE";
                case TIME -> "TIME(MICROS)";
                case TIMESTAMP -> "TIMESTAMP(MICROS)";
                case TIMESTAMP_TZ -> "TIMESTAMP(MICROS, UTC)";
                case BINARY -> "BYTE_ARRAY";
                case JSON -> "JSON";
                case UUID -> "UUID";
                case INTERVAL -> throw new IllegalStateException("written as text");
            };
            case JSON -> switch (kind) {
                case BOOLEAN -> "true/false";
                case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL -> "number";
                case JSON -> "the JSON value itself";
                case BINARY -> "string, \\xNN for bytes outside printable ASCII";
                default -> "string, as in CSV";
            };
            default -> throw new IllegalArgumentException("not a file format: " + format);
        };
    }

    /**
     * How a value of {@code type} changes in a file of {@code format}, read back with the column's
     * type; empty when it comes back exactly.
     */
    public static String change(LoadTarget format, ColumnType type) {
        return switch (format) {
            case JSON -> switch (type.kind()) {
                case JSON -> "whitespace and number spelling normalised (2.50 as 2.5)";
                // A JSON number is exact text; a reader that parses numbers as doubles is not.
                case DECIMAL -> "exact digits; a reader that parses numbers as doubles (DuckDB's read_json too) "
                        + "keeps 15 to 17";
                case BIGINT -> "exact digits; JavaScript keeps integers up to 2^53 only";
                default -> "";
            };
            case CSV, PARQUET -> "";
            default -> throw new IllegalArgumentException("not a file format: " + format);
        };
    }
}
