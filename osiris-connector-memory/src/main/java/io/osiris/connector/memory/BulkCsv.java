package io.osiris.connector.memory;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bulk CSV text of {@link io.osiris.api.connector.capability}, written from and read into
 * Java values. Plain and unhurried: this connector is for tests, where the text form is the
 * point, not the speed.
 */
final class BulkCsv {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");
    private static final Pattern TIMESTAMP_TZ = Pattern.compile(
            "(\\d{4}-\\d\\d-\\d\\d)[ T](\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?)(Z|[+-]\\d\\d(?::?\\d\\d)?)?");

    private BulkCsv() {
    }

    /** Writes one row as a line. */
    static void writeRow(Writer out, RowSchema schema, List<Object> row) throws IOException {
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Object v = row.get(i);
            if (v != null) {
                out.write(text(schema.column(i).type().kind(), v));
            }
        }
        out.write('\n');
    }

    private static String text(TypeKind kind, Object v) {
        return switch (kind) {
            case BOOLEAN -> (Boolean) v ? "t" : "f";
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case STRING, JSON -> quoted((String) v);
            case DATE -> date((LocalDate) v);
            case TIME -> ((LocalTime) v).format(TIME);
            case INTERVAL -> io.osiris.api.data.Intervals.format((java.time.Duration) v);
            case TIMESTAMP -> dateTime((LocalDateTime) v);
            case TIMESTAMP_TZ -> dateTime(((OffsetDateTime) v).withOffsetSameInstant(ZoneOffset.UTC)
                    .toLocalDateTime()) + "+00";
            case BINARY -> "\\x" + HexFormat.of().formatHex((byte[]) v);
            default -> v.toString();
        };
    }

    private static String date(LocalDate d) {
        if (d.getYear() < 1 || d.getYear() > 9999) {
            throw new ExecutionFailedException("memory: date " + d + " is outside years 1 to 9999");
        }
        return d.toString();
    }

    private static String dateTime(LocalDateTime t) {
        return date(t.toLocalDate()) + " " + t.toLocalTime().format(TIME);
    }

    /** Quoted always, so an empty string ({@code ""}) differs from NULL (nothing). */
    private static String quoted(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** Reads every line of {@code in} as a row of {@code schema}. */
    static List<List<Object>> read(InputStream in, RowSchema schema) {
        Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
        List<List<Object>> rows = new ArrayList<>();
        try {
            List<Object> row;
            while ((row = readRow(r, schema)) != null) {
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row, or null at the end of the text. */
    private static List<Object> readRow(Reader r, RowSchema schema) throws IOException {
        List<Object> row = new ArrayList<>(schema.size());
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        int c = r.read();
        if (c < 0) {
            return null;
        }
        while (true) {
            if (inQuotes) {
                if (c < 0) {
                    throw new ExecutionFailedException("memory: CSV text ends inside a quoted field");
                }
                if (c == '"') {
                    int next = r.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        inQuotes = false;
                        c = next;
                        continue;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                inQuotes = true;
                quoted = true;
            } else if (c == ',' || c == '\n' || c < 0) {
                row.add(value(schema, row.size(), field.toString(), quoted));
                field.setLength(0);
                quoted = false;
                if (c != ',') {
                    if (row.size() != schema.size()) {
                        throw new ExecutionFailedException("memory: a CSV line has " + row.size()
                                + " fields but the schema has " + schema.size() + " columns");
                    }
                    return row;
                }
            } else if (c != '\r') {
                field.append((char) c);
            }
            c = r.read();
        }
    }

    private static Object value(RowSchema schema, int i, String text, boolean quoted) {
        if (i >= schema.size()) {
            throw new ExecutionFailedException("memory: a CSV line has more fields than the schema's "
                    + schema.size() + " columns");
        }
        if (text.isEmpty() && !quoted) {
            return null;
        }
        ColumnType type = schema.column(i).type();
        try {
            return switch (type.kind()) {
                case BOOLEAN -> text.equals("t") || text.equalsIgnoreCase("true");
                case SMALLINT -> Short.parseShort(text);
                case INTEGER -> Integer.parseInt(text);
                case BIGINT -> Long.parseLong(text);
                case REAL -> (float) floating(text);
                case DOUBLE -> floating(text);
                case DECIMAL -> new BigDecimal(text).setScale(type.scale(), RoundingMode.UNNECESSARY);
                case STRING, JSON -> text;
                case DATE -> LocalDate.parse(text);
                case TIME -> LocalTime.parse(text);
                case INTERVAL -> io.osiris.api.data.Intervals.parse(text);
                case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T'));
                case TIMESTAMP_TZ -> timestampTz(text);
                case BINARY -> HexFormat.of().parseHex(text.substring(2));
                case UUID -> UUID.fromString(text);
            };
        } catch (RuntimeException e) {
            throw new ExecutionFailedException("memory: column " + schema.column(i).name() + ": '" + text
                    + "' is not a " + type + " in the bulk CSV text", e);
        }
    }

    private static double floating(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "infinity", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    private static OffsetDateTime timestampTz(String text) {
        Matcher m = TIMESTAMP_TZ.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timestamp with a time zone");
        }
        ZoneOffset offset = m.group(3) == null || m.group(3).equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(m.group(3));
        return LocalDateTime.parse(m.group(1) + "T" + m.group(2)).atOffset(offset)
                .withOffsetSameInstant(ZoneOffset.UTC);
    }
}
