package io.osiris.core.engine;

import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/** The rows {@link TransformEngineContractTest} loads: every portable type, as values and as bulk CSV text. */
final class EngineContractRows {
    private EngineContractRows() {
    }

    /** A column of every {@link io.osiris.api.data.TypeKind}, the first a non-null id. */
    static final RowSchema TYPES = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("b", ColumnType.BOOLEAN), new ColumnInfo("small", ColumnType.SMALLINT),
            new ColumnInfo("big", ColumnType.BIGINT), new ColumnInfo("r", ColumnType.REAL),
            new ColumnInfo("d", ColumnType.DOUBLE), new ColumnInfo("n", ColumnType.decimal(12, 2)),
            new ColumnInfo("s", ColumnType.STRING), new ColumnInfo("day", ColumnType.DATE),
            new ColumnInfo("t", ColumnType.TIME), new ColumnInfo("ts", ColumnType.TIMESTAMP),
            new ColumnInfo("tz", ColumnType.TIMESTAMP_TZ), new ColumnInfo("bin", ColumnType.BINARY),
            new ColumnInfo("j", ColumnType.JSON), new ColumnInfo("u", ColumnType.UUID));

    /** Three rows of {@link #TYPES}: edge values, all NULL but the id, and empty values. */
    static final List<List<Object>> ROWS = List.of(
            Arrays.asList(1, true, (short) 32767, 9_007_199_254_740_993L, 1.5f, 3.141592653589793,
                    new BigDecimal("1234567890.12"), "naïve, \"q\"\n\\ 🎬", LocalDate.of(2024, 2, 29),
                    LocalTime.of(23, 59, 59, 123_456_000), LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000),
                    OffsetDateTime.of(1999, 12, 31, 18, 59, 59, 654_321_000, ZoneOffset.UTC),
                    new byte[] {0, -1, 127, -128}, "{\"a\": [1, null]}",
                    UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
            Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
            Arrays.asList(3, false, (short) -32768, Long.MIN_VALUE, -0.25f, -1e-300, new BigDecimal("-0.05"), "",
                    LocalDate.of(1970, 1, 1), LocalTime.MIDNIGHT, LocalDateTime.of(1999, 12, 31, 23, 59, 59),
                    OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 0, ZoneOffset.UTC), new byte[0], "[]",
                    UUID.fromString("00000000-0000-0000-0000-000000000000")));

    /** {@link #ROWS} in the bulk CSV text, as PostgreSQL's {@code COPY ... TO STDOUT (FORMAT csv)} writes it. */
    static final String TEXT = "1,t,32767,9007199254740993,1.5,3.141592653589793,1234567890.12,"
            + "\"naïve, \"\"q\"\"\n\\ 🎬\","
            + "2024-02-29,23:59:59.123456,2024-02-29 13:45:30.123456,1999-12-31 18:59:59.654321+00,\\x00ff7f80,"
            + "\"{\"\"a\"\": [1, null]}\",123e4567-e89b-12d3-a456-426614174000\n"
            + "2,,,,,,,,,,,,,,\n"
            + "3,f,-32768,-9223372036854775808,-0.25,-1e-300,-0.05,\"\",1970-01-01,00:00:00,1999-12-31 23:59:59,"
            + "2024-03-10 02:30:00+00,\\x,[],00000000-0000-0000-0000-000000000000\n";

    static RowStream rows() {
        return RowStream.of(TYPES, ROWS);
    }

    /** A DuckDB database file at {@code file} whose table {@code t} holds {@link #ROWS}. */
    static Path duckDbFile(Path file) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER NOT NULL, b BOOLEAN, small SMALLINT, big BIGINT, r REAL, d DOUBLE,"
                    + " n DECIMAL(12,2), s VARCHAR, day DATE, t TIME, ts TIMESTAMP, tz TIMESTAMPTZ, bin BLOB, j JSON,"
                    + " u UUID)");
            s.execute("INSERT INTO t VALUES (1, true, 32767, 9007199254740993, 1.5, 3.141592653589793,"
                    + " 1234567890.12, 'naïve, \"q\"' || chr(10) || '\\ 🎬', DATE '2024-02-29',"
                    + " TIME '23:59:59.123456', TIMESTAMP '2024-02-29 13:45:30.123456',"
                    + " TIMESTAMPTZ '1999-12-31 18:59:59.654321+00', '\\x00\\xFF\\x7F\\x80'::BLOB,"
                    + " '{\"a\": [1, null]}', '123e4567-e89b-12d3-a456-426614174000'),"
                    + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
                    + " (3, false, -32768, -9223372036854775808, -0.25, -1e-300, -0.05, '', DATE '1970-01-01',"
                    + " TIME '00:00:00', TIMESTAMP '1999-12-31 23:59:59', TIMESTAMPTZ '2024-03-10 02:30:00+00',"
                    + " ''::BLOB, '[]', '00000000-0000-0000-0000-000000000000')");
        }
        return file;
    }

    /** A source's CSV copy of fixed text that reports {@code rows} rows, or fails after writing it. */
    static CsvCopy csv(RowSchema schema, String text, long rows, boolean fail) {
        return new CsvCopy() {
            @Override
            public RowSchema schema() {
                return schema;
            }

            @Override
            public long writeTo(OutputStream out) {
                try {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (fail) {
                    throw new io.osiris.api.ExecutionFailedException("source failed (injected)");
                }
                return rows;
            }

            @Override
            public void cancel() {
            }
        };
    }

    /** Every row of a table, sorted by its first column, with values made comparable by equals. */
    static List<List<Object>> readAll(TransformEngine engine, String table) {
        try (RowStream rows = engine.read(table)) {
            return sorted(rows);
        }
    }

    /** The rows of a stream, sorted by their first column, with values made comparable by equals. */
    static List<List<Object>> sorted(RowStream rows) {
        List<List<Object>> all = new ArrayList<>();
        while (rows.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < rows.schema().size(); i++) {
                row.add(comparable(rows.get(i)));
            }
            all.add(row);
        }
        all.sort(Comparator.comparing(r -> ((Number) r.get(0)).longValue()));
        return all;
    }

    /** {@link #ROWS} made comparable like {@link #readAll}. */
    static List<List<Object>> expected() {
        try (RowStream rows = rows()) {
            return sorted(rows);
        }
    }

    /** Bytes as hex (arrays compare by identity); decimals by value and scale as written. */
    private static Object comparable(Object value) {
        return value instanceof byte[] bytes ? "bytes:" + HexFormat.of().formatHex(bytes) : value;
    }

    /** Names and types of a schema's columns (nullability and native types are the engine's own). */
    static List<String> columns(RowSchema schema) {
        return schema.columns().stream().map(c -> c.name() + " " + c.type()).toList();
    }

    /** A loader's CSV side that keeps the text it is handed and reports {@link #RESULT}. */
    static class Captured implements CsvLoad {
        static final LoadResult RESULT = new LoadResult(ROWS.size(), true);
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        @Override
        public LoadResult readFrom(InputStream in) {
            try {
                in.transferTo(text);
            } catch (IOException e) {
                throw new io.osiris.api.ExecutionFailedException("read failed: " + e.getMessage(), e);
            }
            return RESULT;
        }

        String string() {
            return text.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void cancel() {
        }
    }
}
