package io.osiris.testkit;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The CSV text of {@code CsvExport} and {@code CsvImport}, read and written by
 * the kit on its own, so a connector's fast paths are checked against the contract rather than
 * against each other. Fields are split by Jackson (an unquoted empty field is NULL, {@code ""}
 * an empty string); fields are quoted where needed, as DuckDB writes them; the value forms are
 * the contract's.
 */
final class CsvText {
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL)
            .build();
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().toFormatter();
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd ").append(TIME).toFormatter();
    private static final DateTimeFormatter WRITTEN_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter WRITTEN_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private CsvText() {
    }

    /** The rows of a CSV copy, each value read as the contract says for its column's type. */
    static List<List<Object>> read(byte[] csv, RowSchema schema) {
        List<List<Object>> rows = new ArrayList<>();
        try (MappingIterator<String[]> lines = MAPPER.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(csv)) {
            while (lines.hasNext()) {
                String[] fields = lines.next();
                if (fields.length != schema.size()) {
                    throw new AssertionError("CSV line " + (rows.size() + 1) + " has " + fields.length
                            + " fields for " + schema.size() + " columns: " + String.join(",", fields));
                }
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < fields.length; i++) {
                    row.add(fields[i] == null ? null : value(schema.column(i).type(), fields[i]));
                }
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /**
     * Rows as CSV text in the contract's format, as a transform engine would write them. Written
     * here rather than by Jackson, whose CSV writer drops a NULL in an array row instead of
     * leaving its field empty.
     */
    static byte[] write(List<List<Object>> rows) {
        StringBuilder csv = new StringBuilder();
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    csv.append(',');
                }
                String text = text(row.get(i));
                boolean quote = text != null && (text.isEmpty() || text.chars().anyMatch(ch -> ",\"\r\n".indexOf(ch) >= 0));
                csv.append(quote ? '"' + text.replace("\"", "\"\"") + '"' : text == null ? "" : text);
            }
            csv.append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Object value(ColumnType type, String text) {
        return switch (type.kind()) {
            case BOOLEAN -> switch (text) {
                case "t", "true" -> Boolean.TRUE;
                case "f", "false" -> Boolean.FALSE;
                default -> throw new AssertionError("not a CSV boolean: " + text);
            };
            case SMALLINT -> Short.valueOf(text);
            case INTEGER -> Integer.valueOf(text);
            case BIGINT -> Long.valueOf(text);
            case REAL -> Float.valueOf(text);
            case DOUBLE -> Double.valueOf(text);
            case DECIMAL -> new BigDecimal(text);
            case STRING, JSON -> text;
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text, TIME);
            case TIMESTAMP -> LocalDateTime.parse(text, TIMESTAMP);
            case TIMESTAMP_TZ -> timestampTz(text);
            case BINARY -> {
                if (!text.startsWith("\\x")) {
                    throw new AssertionError("CSV binary without \\x: " + text);
                }
                yield HexFormat.of().parseHex(text.substring(2).toLowerCase(java.util.Locale.ROOT));
            }
            case UUID -> UUID.fromString(text);
        };
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.f]} and an offset: {@code +00}, {@code +05:30} or {@code +0530}. */
    private static OffsetDateTime timestampTz(String text) {
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (sign < 19) {
            throw new AssertionError("CSV TIMESTAMP_TZ without an offset: " + text);
        }
        return LocalDateTime.parse(text.substring(0, sign), TIMESTAMP).atOffset(ZoneOffset.of(text.substring(sign)));
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalTime t) {
            return WRITTEN_TIME.format(t);
        }
        if (value instanceof LocalDateTime t) {
            return WRITTEN_TIMESTAMP.format(t);
        }
        if (value instanceof OffsetDateTime t) {
            return WRITTEN_TIMESTAMP.format(t.withOffsetSameInstant(ZoneOffset.UTC)) + "+00";
        }
        if (value instanceof byte[] b) {
            return "\\x" + HexFormat.of().formatHex(b);
        }
        return value.toString();
    }
}
