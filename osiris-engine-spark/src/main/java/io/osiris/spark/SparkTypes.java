package io.osiris.spark;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Osiris's portable types and Spark SQL's, both ways.
 *
 * <table>
 *   <caption>Osiris to Spark</caption>
 *   <tr><td>BOOLEAN, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE</td><td>boolean, smallint, int, bigint, float, double</td></tr>
 *   <tr><td>DECIMAL(p,s)</td><td>decimal(p,s) (both stop at 38 digits)</td></tr>
 *   <tr><td>STRING, JSON, UUID</td><td>string (JSON as its text, UUID as 8-4-4-4-12)</td></tr>
 *   <tr><td>TIME, INTERVAL</td><td>string ({@code HH:MM:SS[.ffffff]}, {@code [-]H:MM:SS[.ffffff]})</td></tr>
 *   <tr><td>DATE</td><td>date</td></tr>
 *   <tr><td>TIMESTAMP</td><td>timestamp_ntz (a wall-clock time, no zone)</td></tr>
 *   <tr><td>TIMESTAMP_TZ</td><td>timestamp (an instant; the session's zone is UTC)</td></tr>
 *   <tr><td>BINARY</td><td>binary</td></tr>
 * </table>
 *
 * <p>Back from Spark a string is STRING, a tinyint SMALLINT, and an array, map or struct JSON
 * (read as its {@code to_json} text).
 */
final class SparkTypes {
    private SparkTypes() {
    }

    static DataType toSpark(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> DataTypes.BooleanType;
            case SMALLINT -> DataTypes.ShortType;
            case INTEGER -> DataTypes.IntegerType;
            case BIGINT -> DataTypes.LongType;
            case REAL -> DataTypes.FloatType;
            case DOUBLE -> DataTypes.DoubleType;
            case DECIMAL -> DataTypes.createDecimalType(type.precision(), type.scale());
            case STRING, JSON, UUID, TIME, INTERVAL -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampNTZType;
            case TIMESTAMP_TZ -> DataTypes.TimestampType;
            case BINARY -> DataTypes.BinaryType;
        };
    }

    static StructType toSpark(RowSchema schema) {
        List<StructField> fields = new ArrayList<>();
        for (ColumnInfo column : schema.columns()) {
            fields.add(new StructField(column.name(), toSpark(column.type()), true, Metadata.empty()));
        }
        return new StructType(fields.toArray(StructField[]::new));
    }

    static ColumnType fromSpark(DataType type) {
        if (type instanceof BooleanType) {
            return ColumnType.BOOLEAN;
        } else if (type instanceof ByteType || type instanceof ShortType) {
            return ColumnType.SMALLINT;
        } else if (type instanceof IntegerType) {
            return ColumnType.INTEGER;
        } else if (type instanceof LongType) {
            return ColumnType.BIGINT;
        } else if (type instanceof FloatType) {
            return ColumnType.REAL;
        } else if (type instanceof DoubleType) {
            return ColumnType.DOUBLE;
        } else if (type instanceof DecimalType d) {
            return ColumnType.decimal(Math.max(1, d.precision()), d.scale());
        } else if (type instanceof StringType) {
            return ColumnType.STRING;
        } else if (type instanceof DateType) {
            return ColumnType.DATE;
        } else if (type instanceof TimestampNTZType) {
            return ColumnType.TIMESTAMP;
        } else if (type instanceof TimestampType) {
            return ColumnType.TIMESTAMP_TZ;
        } else if (type instanceof BinaryType) {
            return ColumnType.BINARY;
        } else if (nested(type)) {
            return ColumnType.JSON;
        }
        // Intervals, variants, times: their SQL text is what every target can hold.
        return ColumnType.STRING;
    }

    /** An array, map or struct: read as its JSON text. */
    static boolean nested(DataType type) {
        return type instanceof ArrayType || type instanceof MapType || type instanceof StructType;
    }

    /** Whether the column is read as text Spark makes ({@code to_json} or a cast), not as its value. */
    static boolean readAsText(DataType type) {
        ColumnType mapped = fromSpark(type);
        return mapped.kind() == TypeKind.JSON || (mapped.kind() == TypeKind.STRING && !(type instanceof StringType));
    }

    static RowSchema fromSpark(StructType schema) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            columns.add(new ColumnInfo(field.name(), fromSpark(field.dataType()), field.nullable(),
                    field.dataType().sql().toLowerCase(java.util.Locale.ROOT), ""));
        }
        return new RowSchema(columns);
    }
}
