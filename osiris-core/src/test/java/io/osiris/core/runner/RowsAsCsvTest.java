package io.osiris.core.runner;

import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.CsvIngest;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows encoded as CSV and parsed by the engine give the table the Appender gives. */
class RowsAsCsvTest {
    @TempDir
    Path dir;

    private static final RowSchema TYPES = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("b", ColumnType.BOOLEAN), new ColumnInfo("small", ColumnType.SMALLINT),
            new ColumnInfo("big", ColumnType.BIGINT), new ColumnInfo("r", ColumnType.REAL),
            new ColumnInfo("d", ColumnType.DOUBLE), new ColumnInfo("n", ColumnType.decimal(12, 2)),
            new ColumnInfo("wide", ColumnType.decimal(38, 10)), new ColumnInfo("s", ColumnType.STRING),
            new ColumnInfo("day", ColumnType.DATE), new ColumnInfo("t", ColumnType.TIME),
            new ColumnInfo("ts", ColumnType.TIMESTAMP), new ColumnInfo("tz", ColumnType.TIMESTAMP_TZ),
            new ColumnInfo("bin", ColumnType.BINARY), new ColumnInfo("j", ColumnType.JSON),
            new ColumnInfo("u", ColumnType.UUID));

    private static final List<List<Object>> ROWS = List.of(
            Arrays.asList(1, true, (short) -32768, Long.MIN_VALUE, Float.MAX_VALUE, 1e20,
                    new BigDecimal("-1234567890.12"), new BigDecimal("1234567890123456789012345678.0123456789"),
                    "naïve, \"q\"\r\n\\ 🎬 \u4e2d", LocalDate.of(1, 1, 1), LocalTime.of(23, 59, 59, 999_999_000),
                    LocalDateTime.of(9999, 12, 31, 23, 59, 59, 123_000), OffsetDateTime.of(2024, 3, 10, 2, 30, 0,
                            5_000, ZoneOffset.ofHours(-5)),
                    new byte[] {0, -1, 127, -128, 44, 34, 10}, "{\"a\": [1, null]}",
                    UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
            Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
            Arrays.asList(3, false, (short) 0, Long.MAX_VALUE, -0.0f, Double.NaN, new BigDecimal("0.00"),
                    new BigDecimal("-0.0000000001"), "", LocalDate.of(2024, 2, 29), LocalTime.MIDNIGHT,
                    LocalDateTime.of(1970, 1, 1, 0, 0), OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC),
                    new byte[0], "[]", UUID.fromString("00000000-0000-0000-0000-000000000000")),
            Arrays.asList(4, true, (short) 7, 0L, Float.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                    new BigDecimal("1E+3"), BigDecimal.ONE, ",", LocalDate.of(1999, 12, 31), LocalTime.NOON,
                    LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_000), OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0,
                            ZoneOffset.ofHoursMinutes(5, 30)),
                    new byte[] {1}, "\"x\"", UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff")));

    @Test
    void encodedRowsReadBackAsTheAppenderStoresThem() {
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("csv", new RowsAsCsv(RowStream.of(TYPES, ROWS)), (r, b) -> { })).get()
                    .extracting(TransformEngine.Loaded::rows).isEqualTo(4L);
            engine.load("appended", RowStream.of(TYPES, ROWS), (r, b) -> { });
            assertThat(engine.schemaOf("csv")).isEqualTo(engine.schemaOf("appended"));
            // EXCEPT ALL compares NaN equal to NaN, as DuckDB orders it.
            assertThat(engine.createTable("diff", "SELECT * FROM csv EXCEPT ALL SELECT * FROM appended"
                    + " UNION ALL SELECT * FROM appended EXCEPT ALL SELECT * FROM csv")).isZero();
            assertThat(engine.createTable("empty", "SELECT * FROM csv WHERE s = '' AND id = 3")).isEqualTo(1);
        }
    }

    @Test
    void progressCountsTheLinesAsEach64KibOfTextIsWritten() {
        RowSchema one = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT));
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 140_000; i++) {
            rows.add(List.of(i));
        }
        List<Long> progress = new ArrayList<>();
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("t", new RowsAsCsv(RowStream.of(one, rows)), (r, b) -> progress.add(r))).isPresent();
            assertThat(engine.createTable("sum", "SELECT sum(id) AS s FROM t HAVING s = 139999::BIGINT * 140000 // 2"))
                    .isEqualTo(1);
        }
        // 140,000 lines of 2 to 7 bytes (~0.9 MB): told about a dozen times, rising, never past the end.
        assertThat(progress).hasSizeBetween(10, 16).isSorted().allMatch(n -> n > 0 && n <= 140_000);
    }

    @Test
    void aYearTheFormatCannotSpellDeclinesSoTheRowsAreAppendedInstead() {
        RowSchema day = RowSchema.of(new ColumnInfo("day", ColumnType.DATE));
        try (TransformEngine engine = DuckDbTransformEngine.open(dir.resolve("tmp"), "256MB", 0)) {
            assertThat(engine.capability(CsvIngest.class).orElseThrow().loadCsv("t", new RowsAsCsv(RowStream.of(day, List.of(List.of(LocalDate.of(0, 1, 1))))),
                    (r, b) -> { })).isEmpty();
        }
    }
}
