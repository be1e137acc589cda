package io.osiris.connector.mysql;

import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvLoad;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.testkit.FailingInput;
import io.osiris.testkit.Values;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The CSV fast paths: {@link io.osiris.api.connector.capability.CsvExport} and {@link CsvImport} against a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlCsvIT {
    private static final String T = "osiris_my_csv";
    private static final String A = "osiris_my_csv_a";
    private static final String B = "osiris_my_csv_b";
    private final MySqlTestDatabase db = new MySqlTestDatabase();
    private Connector connector;

    @BeforeAll
    void open() {
        connector = new MySqlConnectorProvider().open(db.config("csv"));
    }

    @AfterAll
    void close() throws SQLException {
        if (connector == null) {
            return;
        }
        connector.close();
        for (String table : List.of(T, A, B)) {
            db.execute("DROP TABLE IF EXISTS " + table);
        }
        db.close();
    }

    private IExtractor extractor() {
        return connector.extractor();
    }

    private ILoader loader() {
        return connector.loader().orElseThrow();
    }

    private CsvExport csvExport() {
        return connector.capability(CsvExport.class).orElseThrow();
    }

    private CsvImport csvImport() {
        return connector.capability(CsvImport.class).orElseThrow();
    }

    // ------------------------------------------------------------------ csvCopy

    @Test
    void aCopyReadsBackValueByValueAsExtractReadsTheRows() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, s VARCHAR(60), latin VARCHAR(10) CHARACTER SET latin1,"
                + " body TEXT, doc JSON, e ENUM('a','b,c'), st SET('x','y'), flag BOOLEAN, t1 TINYINT(1), i8 TINYINT,"
                + " i16 SMALLINT UNSIGNED, bi BIGINT, ubi BIGINT UNSIGNED, amount DECIMAL(12,2), wide DECIMAL(65,30),"
                + " g DOUBLE, y YEAR, d DATE, dt DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(3),"
                + " vb VARBINARY(10), bl BLOB) DEFAULT CHARSET=utf8mb4");
        try (Statement st = db.connection().createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("SET time_zone = '+00:00'");
            try {
                st.execute("INSERT INTO " + T + " VALUES"
                        + " (1, 'plain', 'caf\u00e9', 'a \"quoted\", comma\nnew line\r\nCRLF \\\\ back\\\\slash\ttab',"
                        + " '{\"k\": [1, \"two\"]}', 'b,c', 'x,y', TRUE, 2, -128, 65535, 9223372036854775807,"
                        + " 18446744073709551615, -1234567890.12, -1.5, 0.1, 2024, '2024-02-29',"
                        + " '2024-01-01 12:34:56.123456', '2024-06-30 23:59:59.000001', '23:59:59.500',"
                        + " x'00222C0A5C', x'')"
                        + ", (2, '', '', '', '[]', 'a', '', FALSE, -1, 0, 0, -9223372036854775808, 0, 0.00,"
                        + " 0, -2.5e-300, 0, '0000-00-00', '0000-00-00 00:00:00', '1970-01-01 00:00:01', '00:00:00',"
                        + " '', x'FF')"
                        + ", (3, '\u65e5\u672c \ud83c\udfac emoji, \"\"', NULL, NULL, NULL, NULL, NULL, NULL, -2, NULL,"
                        + " NULL, NULL, NULL, NULL, NULL, 1e300, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
                        + ", (4, ' padded\t', 'x', 'NULL', 'null', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                        + " NULL, NULL, NULL, '1000-01-01', '9999-12-31 23:59:59.999999', NULL, NULL, NULL, NULL)");
            } finally {
                st.execute("SET SESSION sql_mode = DEFAULT");
                st.execute("SET time_zone = DEFAULT");
            }
        }
        Extraction extraction = new Extraction.Query("SELECT * FROM " + T + " ORDER BY id");
        List<List<Object>> expected = Values.readAll(extractor().extract(extraction));
        RowSchema extracted;
        try (RowStream s = extractor().extract(extraction)) {
            extracted = s.schema();
        }

        CsvCopy copy = csvExport().csvCopy(extraction).orElseThrow();
        assertThat(copy.schema()).isEqualTo(extracted);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(copy.writeTo(out)).isEqualTo(4);

        List<List<String>> fields = parseCsv(out.toByteArray());
        assertThat(fields).hasSize(expected.size());
        for (int r = 0; r < expected.size(); r++) {
            assertThat(fields.get(r)).as("fields of row %d", r + 1).hasSize(extracted.size());
            for (int c = 0; c < extracted.size(); c++) {
                Object read = value(extracted.column(c).type().kind(), fields.get(r).get(c));
                Object wanted = expected.get(r).get(c);
                assertThat(Values.same(wanted, read)).as("row %d column %s: csv %s, extract %s", r + 1,
                        extracted.column(c).name(), Values.describe(read), Values.describe(wanted)).isTrue();
            }
        }
        // The cases that matter most, spelled out.
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("1,plain,caf\u00e9,\"a \"\"quoted\"\", comma\nnew line\r\nCRLF \\ back\\slash\ttab\",");
        assertThat(text).contains(",\\x00222c0a5c,\\x\n").contains("\n2,\"\",\"\",\"\",[],a,\"\",f,t,");
        assertThat(text).contains("\n4,\" padded\t\",x,NULL,null,");
        assertThat(text).contains(",2024-06-30 23:59:59.000001+00,").contains(",,,1000-01-01,9999-12-31 23:59:59.999999,");
        // A DECIMAL wider than 38 digits is a string: its plain text, in the copy and in extract.
        assertThat(text).contains(",0.00,0.000000000000000000000000000000,");
        assertThat(expected.get(1).get(14)).isEqualTo("0.000000000000000000000000000000");
    }

    @Test
    void integersOfEveryWidthAndSignAndLongTextsCopyExactly() {
        // The copy reads each value from the row's bytes by its wire type: one to eight bytes,
        // signed or not, and text with a length of one, three or four bytes in front.
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, t TINYINT, ut TINYINT UNSIGNED, s SMALLINT,"
                + " m MEDIUMINT, um MEDIUMINT UNSIGNED, i INT, ui INT UNSIGNED, b BIGINT UNSIGNED, txt MEDIUMTEXT,"
                + " after_text INT) DEFAULT CHARSET=utf8mb4");
        String medium = "m".repeat(300);
        String large = "\u00e9".repeat(40_000);
        db.execute("INSERT INTO " + T + " VALUES"
                + " (1, -128, 255, -32768, -8388608, 16777215, -2147483648, 4294967295, 9223372036854775808, '"
                + medium + "', 7),"
                + " (2, 127, 0, 32767, 8388607, 0, 2147483647, 0, 18446744073709551615, '" + large + "', -7),"
                + " (3, -1, 128, -1, -1, 8388608, -1, 2147483648, 1, NULL, NULL)");
        Extraction extraction = new Extraction.Query("SELECT * FROM " + T + " ORDER BY id");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(csvExport().csvCopy(extraction).orElseThrow().writeTo(out)).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "1,-128,255,-32768,-8388608,16777215,-2147483648,4294967295,9223372036854775808," + medium + ",7\n"
                + "2,127,0,32767,8388607,0,2147483647,0,18446744073709551615," + large + ",-7\n"
                + "3,-1,128,-1,-1,8388608,-1,2147483648,1,,\n");
    }

    @Test
    void mariaDbsUuidAndInetColumnsCopyAsTheirText() throws SQLException {
        String version = db.connection().getMetaData().getDatabaseProductVersion();
        org.junit.jupiter.api.Assumptions.assumeTrue(version.toLowerCase(java.util.Locale.ROOT).contains("mariadb"),
                "UUID, INET4 and INET6 are MariaDB's types; the server is " + version);
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, u UUID, i4 INET4, i6 INET6)");
        db.execute("INSERT INTO " + T + " VALUES (1, '123e4567-e89b-12d3-a456-426614174000', '192.168.0.1',"
                + " '2001:db8::1'), (2, NULL, NULL, NULL)");
        Extraction extraction = new Extraction.Query("SELECT * FROM " + T + " ORDER BY id");
        List<List<Object>> expected = Values.readAll(extractor().extract(extraction));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(csvExport().csvCopy(extraction).orElseThrow().writeTo(out)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("1,123e4567-e89b-12d3-a456-426614174000,192.168.0.1,2001:db8::1\n2,,,\n");
        assertThat(expected.get(0)).containsExactly(1, "123e4567-e89b-12d3-a456-426614174000", "192.168.0.1",
                "2001:db8::1");
    }

    @Test
    void floatingPointNumbersReadBackBitForBit() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT PRIMARY KEY, f FLOAT, g DOUBLE)");
        db.execute("INSERT INTO " + T + " VALUES (1, 0.1, 0.1), (2, 3.40282e38, 1.7976931348623157e308),"
                + " (3, -1.17549e-38, 4.9e-324), (4, 16777217, 9007199254740993), (5, -0.0, -0.0),"
                + " (6, NULL, NULL), (7, 1e-45, 2.2250738585072014e-308), (8, 123456.789, 0.30000000000000004)");
        Extraction extraction = new Extraction.Query("SELECT * FROM " + T + " ORDER BY id");
        List<List<Object>> expected = Values.readAll(extractor().extract(extraction));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvCopy copy = csvExport().csvCopy(extraction).orElseThrow();
        assertThat(copy.schema().column(1).type().kind()).isEqualTo(TypeKind.REAL);
        assertThat(copy.writeTo(out)).isEqualTo(8);
        List<List<String>> fields = parseCsv(out.toByteArray());
        for (int r = 0; r < expected.size(); r++) {
            Object f = value(TypeKind.REAL, fields.get(r).get(1));
            Object g = value(TypeKind.DOUBLE, fields.get(r).get(2));
            assertThat(f).as("row %d FLOAT", r + 1).isEqualTo(expected.get(r).get(1));
            assertThat(g).as("row %d DOUBLE", r + 1).isEqualTo(expected.get(r).get(2));
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("1,0.1,0.1\n").contains("\n6,,\n");
    }

    @Test
    void aCopyIsDeclinedForColumnsWhoseTextIsNotTheirValue() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT, b1 BIT(1), b8 BIT(8), g GEOMETRY)");
        for (String column : List.of("b1", "b8", "g")) {
            assertThat(csvExport().csvCopy(new Extraction.Query("SELECT id, " + column + " FROM " + T)))
                    .as(column).isEmpty();
        }
        assertThat(csvExport().csvCopy(new Extraction.Table(T, List.of("id"), "", 0))).isPresent();
    }

    @Test
    void aTimeThatIsNoTimeOfDayFailsTheCopyInsteadOfChangingIt() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT, tm TIME)");
        db.execute("INSERT INTO " + T + " VALUES (1, '12:00:00'), (2, '25:00:00')");
        CsvCopy copy = csvExport().csvCopy(new Extraction.Table(T)).orElseThrow();
        assertThatThrownBy(() -> copy.writeTo(OutputStream.nullOutputStream()))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("25:00:00")
                .hasMessageContaining("tm");
        // Negative under a day: a sign that decoding the TIME into hours would lose.
        db.execute("DELETE FROM " + T);
        db.execute("INSERT INTO " + T + " VALUES (1, '-00:00:01')");
        CsvCopy negative = csvExport().csvCopy(new Extraction.Table(T)).orElseThrow();
        assertThatThrownBy(() -> negative.writeTo(OutputStream.nullOutputStream()))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("'-00:00:01'");
        for (int i = 0; i < 6; i++) {
            // The abandoned connection was dropped, not left read-only or mid-stream in the pool.
            db.execute("DROP TABLE IF EXISTS " + A);
            loader().load(new LoadRequest(A, WriteMode.APPEND), RowStream.of(
                    RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER)), List.of(List.of(i))));
        }
    }

    @Test
    void aDateWithAZeroMonthFailsTheCopyNamingItsValue() throws SQLException {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id INT, dt DATETIME)");
        db.executeWithoutSqlMode("INSERT INTO " + T + " VALUES (1, '2024-05-06 07:08:09'), (2, '2024-00-15 10:00:00')");
        CsvCopy copy = csvExport().csvCopy(new Extraction.Table(T)).orElseThrow();
        assertThatThrownBy(() -> copy.writeTo(OutputStream.nullOutputStream()))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("column dt holds '2024-00-15 10:00:00', a date with a zero month or day");
    }

    @Test
    void aCopyKeepsAQueryLimitAndItsOrder() {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id BIGINT PRIMARY KEY)");
        db.execute("INSERT INTO " + T + " SELECT seq FROM seq_1_to_1000");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long rows = csvExport().csvCopy(new Extraction.Query("SELECT id FROM " + T + " ORDER BY id DESC", 3))
                .orElseThrow().writeTo(out);
        assertThat(rows).isEqualTo(3);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1000\n999\n998\n");
    }

    @Test
    void cancellingACopyStopsTheServerQuery() throws Exception {
        db.execute("DROP TABLE IF EXISTS " + T);
        db.execute("CREATE TABLE " + T + " (id BIGINT PRIMARY KEY)");
        db.execute("INSERT INTO " + T + " SELECT seq FROM seq_1_to_100000");
        CsvCopy copy = csvExport().csvCopy(
                new Extraction.Query("SELECT a.id, b.id AS id2 FROM " + T + " a, " + T + " b")).orElseThrow();
        CountDownLatch started = new CountDownLatch(1);
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                started.countDown();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                started.countDown();
            }
        };
        long start = System.nanoTime();
        CompletableFuture<Long> running = CompletableFuture.supplyAsync(() -> copy.writeTo(out));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        copy.cancel();
        assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ExecutionFailedException.class).hasMessageContaining("cancelled");
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
        assertThat(Values.readAll(extractor().extract(new Extraction.Query("SELECT 1")))).hasSize(1);
    }

    /** RFC 4180 as DuckDB reads it: an unquoted empty field is null, a quoted one the empty string. */
    static List<List<String>> parseCsv(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                inQuotes = true;
                quoted = true;
            } else if (c == ',' || c == '\n') {
                row.add(!quoted && field.length() == 0 ? null : field.toString());
                field.setLength(0);
                quoted = false;
                if (c == '\n') {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            } else {
                field.append(c);
            }
        }
        assertThat(row).as("text after the last line feed").isEmpty();
        return rows;
    }

    /** A CSV field as the value of a portable kind, as the engine would read it. */
    static Object value(TypeKind kind, String text) {
        if (text == null) {
            return null;
        }
        return switch (kind) {
            case BOOLEAN -> switch (text) {
                case "t", "true" -> true;
                case "f", "false" -> false;
                default -> throw new AssertionError("not a boolean: " + text);
            };
            case SMALLINT -> Short.parseShort(text);
            case INTEGER -> Integer.parseInt(text);
            case BIGINT -> Long.parseLong(text);
            case REAL -> Float.parseFloat(text);
            case DOUBLE -> Double.parseDouble(text);
            case DECIMAL -> new BigDecimal(text);
            case STRING, JSON -> text;
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text.replace(' ', 'T'));
            case TIMESTAMP_TZ -> {
                assertThat(text).endsWith("+00");
                yield LocalDateTime.parse(text.substring(0, text.length() - 3).replace(' ', 'T'))
                        .atOffset(ZoneOffset.UTC);
            }
            case BINARY -> {
                assertThat(text).startsWith("\\x");
                yield HexFormat.of().parseHex(text.substring(2));
            }
            case UUID -> java.util.UUID.fromString(text);
        };
    }

    // ------------------------------------------------------------------ csvLoad

    private static final RowSchema ALL = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("s", ColumnType.STRING), new ColumnInfo("v", ColumnType.string(20)),
            new ColumnInfo("flag", ColumnType.BOOLEAN), new ColumnInfo("bin", ColumnType.BINARY),
            new ColumnInfo("ts", ColumnType.TIMESTAMP_TZ), new ColumnInfo("dt", ColumnType.TIMESTAMP),
            new ColumnInfo("d", ColumnType.DATE), new ColumnInfo("tm", ColumnType.TIME),
            new ColumnInfo("amount", ColumnType.decimal(12, 2)), new ColumnInfo("g", ColumnType.DOUBLE),
            new ColumnInfo("r", ColumnType.REAL), new ColumnInfo("bi", ColumnType.BIGINT),
            new ColumnInfo("sm", ColumnType.SMALLINT), new ColumnInfo("doc", ColumnType.JSON));

    private static List<List<Object>> edgeRows() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return List.of(
                Arrays.asList(1, "a,b \"q\" \\ back\\slash \\N \ttab\nline\r\nCRLF \0nul", "\ud83c\udfac \u65e5\u672c",
                        true, new byte[] {0x00, 0x22, 0x2C, 0x0A, 0x5C}, OffsetDateTime.of(2024, 1, 1, 7, 0, 0,
                                250_000_000, ZoneOffset.UTC), LocalDateTime.of(2024, 2, 29, 12, 0, 0, 123_456_000),
                        LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 59, 500_000_000), new BigDecimal("-1234.50"),
                        0.1, 1.5f, Long.MAX_VALUE, (short) -32768, "{\"k\": [1, \"a,b\"]}"),
                Arrays.asList(2, "", "", false, new byte[0], OffsetDateTime.of(1970, 1, 1, 0, 0, 1, 0, ZoneOffset.UTC),
                        LocalDateTime.of(1000, 1, 1, 0, 0), LocalDate.of(9999, 12, 31), LocalTime.MIDNIGHT,
                        new BigDecimal("0.00"), -2.5e-300, -0.5f, Long.MIN_VALUE, (short) 0, "[]"),
                Arrays.asList(3, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                Arrays.asList(4, "NULL", "\\N", true, all, null, null, null, null, new BigDecimal("9999999999.99"),
                        1e300, 3.25f, 0L, (short) 7, "null"));
    }

    /** Rows as the transform engine writes them for csvLoad (DuckDB's COPY ... (FORMAT csv)). */
    static byte[] engineCsv(RowSchema schema, List<List<Object>> rows) {
        StringBuilder csv = new StringBuilder();
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                csv.append(i == 0 ? "" : ",");
                Object v = row.get(i);
                if (v == null) {
                    continue;
                }
                String text = switch (schema.column(i).type().kind()) {
                    case BINARY -> "\\x" + HexFormat.of().withUpperCase().formatHex((byte[]) v);
                    case TIMESTAMP_TZ -> dateTime(((OffsetDateTime) v).toLocalDateTime()) + "+00";
                    case TIMESTAMP -> dateTime((LocalDateTime) v);
                    case TIME -> DateTimeFormatter.ISO_LOCAL_TIME.format((LocalTime) v);
                    default -> v.toString();
                };
                boolean quote = text.isEmpty() || text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n'
                        || c == '\r');
                csv.append(quote ? "\"" + text.replace("\"", "\"\"") + "\"" : text);
            }
            csv.append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String dateTime(LocalDateTime t) {
        return DateTimeFormatter.ISO_LOCAL_DATE.format(t) + " " + DateTimeFormatter.ISO_LOCAL_TIME.format(t);
    }

    private List<List<Object>> rowsOf(String table) {
        return Values.readAll(extractor().extract(new Extraction.Query("SELECT * FROM " + table + " ORDER BY id")));
    }

    private void assertSameRows(String actualTable, String expectedTable) {
        List<List<Object>> actual = rowsOf(actualTable);
        List<List<Object>> expected = rowsOf(expectedTable);
        assertThat(actual).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).size(); c++) {
                assertThat(Values.same(expected.get(r).get(c), actual.get(r).get(c))).as("row %d column %d: %s vs %s",
                        r + 1, c, Values.describe(actual.get(r).get(c)), Values.describe(expected.get(r).get(c)))
                        .isTrue();
            }
        }
    }

    private LoadResult csvLoad(String table, WriteMode mode, byte[] csv) {
        CsvLoad load = csvImport().csvLoad(new LoadRequest(table, mode, List.of("id")), ALL).orElseThrow();
        return load.readFrom(new ByteArrayInputStream(csv));
    }

    @Test
    void aCsvAppendAndReplaceWriteWhatLoadWritesFromTheSameValues() {
        List<List<Object>> rows = edgeRows();
        for (WriteMode mode : List.of(WriteMode.APPEND, WriteMode.REPLACE)) {
            db.execute("DROP TABLE IF EXISTS " + A);
            db.execute("DROP TABLE IF EXISTS " + B);
            assertThat(loader().load(new LoadRequest(A, mode, List.of("id")), RowStream.of(ALL, rows)))
                    .isEqualTo(new LoadResult(4, true));
            assertThat(csvLoad(B, mode, engineCsv(ALL, rows))).as("%s into a new table", mode)
                    .isEqualTo(new LoadResult(4, true));
            assertSameRows(B, A);
            List<List<Object>> read = rowsOf(B);
            assertThat((byte[]) read.get(0).get(4)).containsExactly(0x00, 0x22, 0x2C, 0x0A, 0x5C);
            assertThat(read.get(1).subList(1, 3)).containsExactly("", "");
            assertThat(read.get(2).subList(1, 3)).containsExactly(null, null);
        }
        // Into existing tables: append adds, replace swaps in only the new rows.
        List<List<Object>> more = rows.stream().map(r -> {
            List<Object> copy = new ArrayList<>(r);
            copy.set(0, (Integer) r.get(0) + 10);
            return copy;
        }).toList();
        loader().load(new LoadRequest(A, WriteMode.APPEND), RowStream.of(ALL, more));
        assertThat(csvLoad(B, WriteMode.APPEND, engineCsv(ALL, more))).isEqualTo(new LoadResult(4, false));
        assertSameRows(B, A);
        loader().load(new LoadRequest(A, WriteMode.REPLACE), RowStream.of(ALL, more.subList(0, 2)));
        assertThat(csvLoad(B, WriteMode.REPLACE, engineCsv(ALL, more.subList(0, 2))))
                .isEqualTo(new LoadResult(2, false));
        assertSameRows(B, A);
        assertThat(rowsOf(B)).hasSize(2);
    }

    @Test
    void aCsvInManyPiecesAndWithValuesLargerThanAChunkLoadsEveryValueExactly() {
        List<List<Object>> rows = new ArrayList<>();
        byte[] big = new byte[70_000];
        new java.util.Random(7).nextBytes(big);
        for (int i = 0; i < 3_000; i++) {
            String s = switch (i % 5) {
                case 0 -> "row " + i;
                case 1 -> "\"quoted\", with comma " + i;
                case 2 -> "multi\nline\r\n" + i + "\\";
                case 3 -> "";
                default -> i % 1000 == 4 ? "x".repeat(100_000) + ",\"" : null;
            };
            rows.add(Arrays.asList(i, s, i % 7 == 0 ? null : "v" + i, i % 3 == 0, i % 500 == 0 ? big
                    : new byte[] {(byte) i, 0x2C, 0x22}, null, LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(i),
                    null, null, BigDecimal.valueOf(i, 2), i / 3.0, null, (long) -i, null, null));
        }
        db.execute("DROP TABLE IF EXISTS " + A);
        db.execute("DROP TABLE IF EXISTS " + B);
        loader().load(new LoadRequest(A, WriteMode.APPEND), RowStream.of(ALL, rows));
        byte[] csv = engineCsv(ALL, rows);
        InputStream trickle = new ByteArrayInputStream(csv) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                // Pieces of 1 to 13 bytes: every state of the parser meets the end of a read.
                return super.read(b, off, Math.min(len, 1 + (pos % 13)));
            }
        };
        assertThat(csvImport().csvLoad(new LoadRequest(B, WriteMode.APPEND), ALL).orElseThrow().readFrom(trickle))
                .isEqualTo(new LoadResult(3_000, true));
        assertSameRows(B, A);
    }

    @Test
    void theCsvSpellingsOfTheContractAllLoad() {
        db.execute("DROP TABLE IF EXISTS " + B);
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("flag", ColumnType.BOOLEAN), new ColumnInfo("bin", ColumnType.BINARY),
                new ColumnInfo("ts", ColumnType.TIMESTAMP_TZ), new ColumnInfo("s", ColumnType.STRING));
        String csv = "1,t,\\xab,2024-01-01 00:00:00+00:00,\"x\"\"\"\r\n"
                + "2,FALSE,\\X,2024-01-01 00:00:00Z,\"\"\r\n"
                + "3,1,,2024-01-01 00:00:00,\n"
                + "4,0,\\x00,,last";
        LoadResult result = csvImport().csvLoad(new LoadRequest(B, WriteMode.APPEND), schema).orElseThrow()
                .readFrom(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        assertThat(result).isEqualTo(new LoadResult(4, true));
        List<List<Object>> read = rowsOf(B);
        OffsetDateTime newYear = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertThat(read.get(0)).hasSize(5).startsWith(1, true).endsWith(newYear, "x\"");
        assertThat((byte[]) read.get(0).get(2)).containsExactly(0xAB);
        assertThat(read.get(1)).startsWith(2, false).endsWith(newYear, "");
        assertThat((byte[]) read.get(1).get(2)).isEmpty();
        assertThat(read.get(2)).containsExactly(3, true, null, newYear, null);
        assertThat(read.get(3)).startsWith(4, false).endsWith(null, "last");
    }

    @Test
    void aCsvUpsertWritesWhatLoadWritesFromTheSameValues() {
        db.execute("DROP TABLE IF EXISTS " + A);
        db.execute("DROP TABLE IF EXISTS " + B);
        List<List<Object>> rows = edgeRows();
        LoadRequest upsert = new LoadRequest(A, WriteMode.UPSERT, List.of("id"));
        assertThat(loader().load(upsert, RowStream.of(ALL, rows))).isEqualTo(new LoadResult(4, true));
        assertThat(csvLoad(B, WriteMode.UPSERT, engineCsv(ALL, rows))).isEqualTo(new LoadResult(4, true));
        assertSameRows(B, A);
        assertThat(connector.discovery().getTableInfo(B, 0).primaryKey()).containsExactly("id");
        // Ids 1, 2 and 4 exist (1 comes twice: the last wins), 11 and 13 are new; 3 is left alone.
        List<List<Object>> more = List.of(withId(rows.get(2), 1), withId(rows.get(0), 2), withId(rows.get(1), 4),
                withId(rows.get(3), 11), withId(rows.get(0), 13), withId(rows.get(1), 1));
        assertThat(loader().load(upsert, RowStream.of(ALL, more))).isEqualTo(new LoadResult(5, false));
        assertThat(csvLoad(B, WriteMode.UPSERT, engineCsv(ALL, more))).isEqualTo(new LoadResult(5, false));
        assertSameRows(B, A);
        List<List<Object>> read = rowsOf(B);
        assertThat(read).extracting(r -> r.get(0)).containsExactly(1, 2, 3, 4, 11, 13);
        assertThat(read.get(0).subList(1, 3)).containsExactly("", "");
        assertThat(read.get(2).subList(1, 3)).containsExactly(null, null);
    }

    private static List<Object> withId(List<Object> row, int id) {
        List<Object> copy = new ArrayList<>(row);
        copy.set(0, id);
        return copy;
    }

    @Test
    void csvIsDeclinedOnlyWhereLoadDataLocalIsOff() {
        assertThat(csvImport().csvLoad(new LoadRequest(B, WriteMode.UPSERT, List.of("id")), ALL)).isPresent();
        try (MySqlClient client = new MySqlClient(db.settingsWithoutLocalInfile("no-local"), "no-local")) {
            assertThat(new MySqlWriter(client).csvLoad(new LoadRequest(B, WriteMode.APPEND), ALL)).isEmpty();
            assertThat(new MySqlWriter(client).csvLoad(new LoadRequest(B, WriteMode.UPSERT, List.of("id")), ALL))
                    .isEmpty();
        }
    }

    private long count(String table) throws SQLException {
        return db.count(table);
    }

    @Test
    void aCsvThatFailsHalfWayLeavesTheTargetAsItWas() throws SQLException {
        List<List<Object>> many = new ArrayList<>();
        for (int i = 100; i < 20_100; i++) {
            many.add(Arrays.asList(i, "row " + i, "v", true, new byte[] {1}, null, null, null, null,
                    BigDecimal.ONE, 1.0, 1f, (long) i, (short) 1, null));
        }
        byte[] good = engineCsv(ALL, many);
        for (WriteMode mode : WriteMode.values()) {
            db.execute("DROP TABLE IF EXISTS " + B);
            CsvLoad load = csvImport().csvLoad(new LoadRequest(B, mode, List.of("id")), ALL).orElseThrow();
            assertThatThrownBy(() -> load.readFrom(FailingInput.after(good, "the engine failed (injected)"))).as("%s into a new table", mode)
                    .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("injected")
                    .hasMessageContaining(B);
            assertThat(connector.discovery().listTables()).noneMatch(t -> t.name().equals(B));

            loader().load(new LoadRequest(B, WriteMode.APPEND, List.of("id")), RowStream.of(ALL, edgeRows()));
            LoadRequest request = new LoadRequest(B, mode, List.of("id"));
            CsvLoad again = csvImport().csvLoad(request, ALL).orElseThrow();
            assertThatThrownBy(() -> again.readFrom(FailingInput.after(good, "the engine failed (injected)"))).as("%s into an existing table", mode)
                    .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("injected");
            assertThat(count(B)).isEqualTo(4);
            // Malformed text fails the same way, and is named.
            byte[] badHex = "200,s,v,t,\\x0G,,,,,1,1,1,1,1,\n".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> csvImport().csvLoad(request, ALL).orElseThrow()
                    .readFrom(new ByteArrayInputStream(badHex))).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("binary");
            byte[] short_ = "200,s\n".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> csvImport().csvLoad(request, ALL).orElseThrow()
                    .readFrom(new ByteArrayInputStream(short_))).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("fields");
            assertSameAs(edgeRows());
        }
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE '%\\_\\_osiris\\_%'")) {
            assertThat(rs.next()).as("a staging table was left behind").isFalse();
        }
    }

    private void assertSameAs(List<List<Object>> rows) {
        List<List<Object>> read = rowsOf(B);
        assertThat(read).hasSize(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            assertThat(read.get(r).get(0)).isEqualTo(rows.get(r).get(0));
        }
    }

    @Test
    void aCancelledCsvLoadFailsAndLeavesNoTable() {
        db.execute("DROP TABLE IF EXISTS " + B);
        CsvLoad load = csvImport().csvLoad(new LoadRequest(B, WriteMode.APPEND), ALL).orElseThrow();
        load.cancel();
        assertThatThrownBy(() -> load.readFrom(new ByteArrayInputStream(engineCsv(ALL, edgeRows()))))
                .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("cancelled");
        assertThat(connector.discovery().listTables()).noneMatch(t -> t.name().equals(B));
    }
}
