package io.osiris.connector.mysql;

import io.osiris.api.connector.NativeType;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.data.ColumnType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published MySQL/MariaDB type map: each row's portable type is what {@link MySqlTypes#portable}
 * gives the declaration, and each created column is {@link MySqlTypes#ddl}, the functions the
 * extractor and the writer call.
 */
final class MySqlTypeMapping implements TypeMapping {
    /** {@code NAME[(n[,s])][ UNSIGNED]}: the size as Connector/J reports it in result set metadata. */
    private static final Pattern DECLARATION = Pattern.compile("([A-Z ]+?)(?:\\((\\d+)(?:,(\\d+))?\\))?( UNSIGNED)?");
    private static final String ZERO_DATE = "zero date reads as NULL";
    /** After the pattern it reads. */
    static final MySqlTypeMapping INSTANCE = new MySqlTypeMapping();

    private final List<NativeType> reads;

    private MySqlTypeMapping() {
        List<NativeType> rows = new ArrayList<>();
        // Connector/J's tinyInt1isBit: MySQL's BOOLEAN is a TINYINT(1), which can hold 2 or -1 too.
        row(rows, "TINYINT(1)", "BOOLEAN; values other than 0 read as true");
        row(rows, "BIT(1)", "");
        row(rows, "TINYINT", "");
        row(rows, "TINYINT UNSIGNED", "");
        row(rows, "SMALLINT", "");
        row(rows, "SMALLINT UNSIGNED", "");
        row(rows, "MEDIUMINT", "");
        row(rows, "MEDIUMINT UNSIGNED", "");
        row(rows, "INT", "");
        row(rows, "INT UNSIGNED", "");
        row(rows, "BIGINT", "");
        row(rows, "BIGINT UNSIGNED", "");
        row(rows, "FLOAT", "");
        row(rows, "DOUBLE", "");
        row(rows, "DECIMAL(38,10)", "");
        row(rows, "DECIMAL(65,30)", "wider than 38 digits: its exact plain text");
        row(rows, "YEAR", "");
        row(rows, "CHAR(10)", "");
        row(rows, "VARCHAR(255)", "");
        row(rows, "TEXT", "");
        row(rows, "LONGTEXT", "");
        // Connector/J reports the longest label (ENUM) or label list (SET) as the length.
        row(rows, "ENUM", "its label; the allowed values are not kept", "ENUM('small','large')", 5, 0);
        row(rows, "SET", "its labels, comma-separated; the allowed values are not kept", "SET('a','b','c')", 5, 0);
        row(rows, "UUID", "MariaDB's UUID: its text", "UUID", 36, 0);
        row(rows, "JSON", "");
        row(rows, "BINARY(4)", "");
        row(rows, "VARBINARY(255)", "");
        row(rows, "BLOB", "");
        row(rows, "BIT(8)", "its bytes, most significant first");
        row(rows, "DATE", ZERO_DATE);
        // An elapsed time (-838:59:59 to 838:59:59), not a time of day.
        row(rows, "TIME(6)", "");
        row(rows, "DATETIME(6)", ZERO_DATE);
        row(rows, "TIMESTAMP(6)", ZERO_DATE + "; an instant in UTC");
        this.reads = List.copyOf(rows);
    }

    /** A row whose portable type is what the extractor gives a column of this declaration. */
    private static void row(List<NativeType> rows, String declaration, String change) {
        Matcher m = DECLARATION.matcher(declaration);
        if (!m.matches()) {
            throw new IllegalArgumentException(declaration);
        }
        long size = m.group(2) == null ? defaultSize(m.group(1)) : Long.parseLong(m.group(2));
        int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        String name = m.group(1) + (m.group(4) == null ? "" : m.group(4));
        row(rows, name, change, declaration, size, scale);
    }

    private static void row(List<NativeType> rows, String name, String change, String declaration, long size,
            int scale) {
        rows.add(new NativeType(declaration, MySqlTypes.portable(name, size, scale), change));
    }

    /** The length Connector/J reports for a declaration without one (TINYINT's display width is 4). */
    private static long defaultSize(String name) {
        return switch (name) {
            case "TINYINT" -> 4;
            case "BIT" -> 1;
            case "DECIMAL" -> 10;
            default -> 0;
        };
    }

    @Override
    public List<NativeType> reads() {
        return reads;
    }

    @Override
    public String columnType(ColumnType type) {
        return MySqlTypes.ddl(type, false);
    }

    @Override
    public String writeChange(ColumnType type) {
        return switch (type.kind()) {
            case INTERVAL -> "only -838:59:59 to 838:59:59";
            case TIME -> "reads back as an INTERVAL (MySQL's TIME)";
            case TIMESTAMP_TZ -> "kept in UTC; only 1970-01-01 to 2038-01-19";
            // MariaDB stores earlier years too (TypeRoundTripIT loads 0999 into it).
            case TIMESTAMP, DATE -> "MySQL supports years 1000 to 9999 only; MariaDB keeps earlier ones";
            case UUID -> "reads back as its text (STRING)";
            default -> "";
        };
    }
}
