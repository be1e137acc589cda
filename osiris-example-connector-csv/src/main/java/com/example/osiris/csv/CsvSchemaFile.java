package com.example.osiris.csv;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sidecar {@code NAME.schema} that gives a {@code NAME.csv} table the types CSV lacks.
 *
 * <p>It is itself a small CSV file, always comma-separated with this header, so any column
 * name (commas, colons, quotes) is written safely and the file opens in any spreadsheet:
 *
 * <pre>
 * column,type,nullable,key
 * id,INTEGER,false,1
 * title,STRING(200),true,
 * price,"DECIMAL(12,2)",true,
 * </pre>
 *
 * <p>{@code type} is a portable type as {@link ColumnType#toString()} renders it;
 * {@code key} is the column's 1-based position in the primary key, empty when it is not part
 * of it; a key column reads as NOT NULL whatever its {@code nullable} says. Loads write the sidecar; people may write one by hand for an existing CSV file.
 */
final class CsvSchemaFile {
    static final String SUFFIX = ".schema";
    private static final String[] HEADER = {"column", "type", "nullable", "key"};
    private static final Pattern TYPE = Pattern.compile("([A-Za-z_]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?");

    private CsvSchemaFile() {
    }

    /**
     * Reads a sidecar.
     *
     * @throws IOException (a {@link CsvReader.CsvFormatException} with the line) when malformed
     */
    static CsvTable read(String table, Path file) throws IOException {
        try (CsvReader reader = new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), ',')) {
            String[] header = reader.next();
            if (header == null || !Arrays.equals(header, HEADER)) {
                throw new CsvReader.CsvFormatException(1, "expected the header " + String.join(",", HEADER));
            }
            List<ColumnInfo> columns = new ArrayList<>();
            Map<Integer, String> key = new TreeMap<>();
            for (String[] record = reader.next(); record != null; record = reader.next()) {
                long line = reader.recordLine();
                if (record.length == 1 && record[0] == null) {
                    continue;
                }
                if (record.length != HEADER.length || record[0] == null || record[1] == null) {
                    throw new CsvReader.CsvFormatException(line, "expected column,type,nullable,key");
                }
                try {
                    // A key column is NOT NULL whatever its nullable field says: a key cannot hold NULL.
                    boolean inKey = record[3] != null && !record[3].isBlank();
                    columns.add(new ColumnInfo(record[0], parseType(record[1]), !inKey && parseNullable(record[2])));
                    if (record[3] != null && key.put(Integer.parseInt(record[3].strip()), record[0]) != null) {
                        throw new IllegalArgumentException("two columns at key position " + record[3]);
                    }
                } catch (IllegalArgumentException e) {
                    throw new CsvReader.CsvFormatException(line, e.getMessage());
                }
            }
            try {
                return new CsvTable(table, new RowSchema(columns), List.copyOf(key.values()), true);
            } catch (IllegalArgumentException e) {
                throw new CsvReader.CsvFormatException(reader.recordLine(), e.getMessage());
            }
        }
    }

    /** Writes a sidecar for a table. */
    static void write(CsvTable table, Path file) throws IOException {
        try (CsvWriter writer = new CsvWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), ',')) {
            writer.write(HEADER);
            for (ColumnInfo column : table.schema().columns()) {
                int key = table.primaryKey().indexOf(column.name());
                writer.write(new String[] {column.name(), column.type().toString(),
                        String.valueOf(column.nullable()), key < 0 ? null : String.valueOf(key + 1)});
            }
        }
    }

    /** Parses {@code INTEGER}, {@code STRING(50)}, {@code DECIMAL(12,2)}. */
    static ColumnType parseType(String text) {
        Matcher m = TYPE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a type: '" + text + "'; expected e.g. INTEGER or DECIMAL(12,2)");
        }
        TypeKind kind;
        try {
            kind = TypeKind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown type '" + m.group(1) + "'; expected one of "
                    + Arrays.toString(TypeKind.values()), e);
        }
        int precision = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int scale = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        return new ColumnType(kind, precision, scale);
    }

    private static boolean parseNullable(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("nullable must be true or false, got '" + text + "'");
        };
    }
}
