package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.CsvLoad;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The types part of the contract: every portable type round trips, wide decimals keep every
 * digit and their scale, and the optional CSV fast paths agree with the plain ones.
 */
public abstract class TypeChecks extends ExtractionChecks {
    TypeChecks() {
    }

    // ---------------------------------------------------------------- types

    /** One column per portable type, with a key. */
    protected RowSchema typesSchema() {
        List<ColumnInfo> columns = new ArrayList<>();
        columns.add(new ColumnInfo("id", ColumnType.INTEGER, false));
        columns.add(new ColumnInfo("c_boolean", ColumnType.BOOLEAN));
        columns.add(new ColumnInfo("c_smallint", ColumnType.SMALLINT));
        columns.add(new ColumnInfo("c_integer", ColumnType.INTEGER));
        columns.add(new ColumnInfo("c_bigint", ColumnType.BIGINT));
        columns.add(new ColumnInfo("c_real", ColumnType.REAL));
        columns.add(new ColumnInfo("c_double", ColumnType.DOUBLE));
        columns.add(new ColumnInfo("c_decimal", ColumnType.decimal(12, 2)));
        columns.add(new ColumnInfo("c_string", ColumnType.STRING));
        columns.add(new ColumnInfo("c_date", ColumnType.DATE));
        columns.add(new ColumnInfo("c_time", ColumnType.TIME));
        columns.add(new ColumnInfo("c_timestamp", ColumnType.TIMESTAMP));
        columns.add(new ColumnInfo("c_timestamp_tz", ColumnType.TIMESTAMP_TZ));
        columns.add(new ColumnInfo("c_binary", ColumnType.BINARY));
        columns.add(new ColumnInfo("c_json", ColumnType.JSON));
        columns.add(new ColumnInfo("c_uuid", ColumnType.UUID));
        return new RowSchema(columns);
    }

    /** Rows covering edge values of every type, and a row of NULLs. */
    protected List<List<Object>> typesRows() {
        return List.of(
                Arrays.asList(1, true, (short) 12345, Integer.MIN_VALUE, 9_007_199_254_740_993L, 1.5f,
                        3.141592653589793, new BigDecimal("1234567890.12"), "naïve café — 日本語 🎬 'quoted' \\",
                        LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 59, 123_456_000),
                        LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000),
                        OffsetDateTime.of(2024, 3, 10, 2, 30, 0, 654_321_000, ZoneOffset.UTC),
                        new byte[] {0, 1, 127, -128, -1}, "{\"a\": 1, \"b\": [true, null]}",
                        java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null),
                Arrays.asList(3, false, (short) -32768, Integer.MAX_VALUE, Long.MIN_VALUE, -0.25f, -1.0e-300,
                        new BigDecimal("-0.05"), "", LocalDate.of(1970, 1, 1), LocalTime.MIDNIGHT,
                        LocalDateTime.of(1999, 12, 31, 23, 59, 59), OffsetDateTime.of(1999, 12, 31, 23, 59, 59, 0,
                        ZoneOffset.ofHours(5)), new byte[0], "[]",
                        java.util.UUID.fromString("00000000-0000-0000-0000-000000000000")));
    }

    @Test
    void everyPortableTypeSurvivesARoundTrip() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        dropTable(TYPES);
        RowSchema schema = typesSchema();
        LoadResult result = loader().load(new LoadRequest(TYPES, WriteMode.APPEND, List.of("id")),
                RowStream.of(schema, typesRows()));
        assertThat(result.rowsWritten()).isEqualTo(3);
        assertThat(result.tableCreated()).isTrue();

        try (RowStream stream = connector().extractor().extract(new Extraction.Table(TYPES))) {
            RowSchema read = stream.schema();
            assertThat(read.names()).containsExactlyElementsOf(schema.names());
            for (int i = 0; i < schema.size(); i++) {
                ColumnType expected = roundTripType(schema.column(i).type());
                ColumnType actual = read.column(i).type();
                assertThat(actual.kind()).as("type of %s", schema.column(i).name()).isEqualTo(expected.kind());
                if (expected.kind() == TypeKind.DECIMAL) {
                    assertThat(actual).as("type of %s", schema.column(i).name()).isEqualTo(expected);
                }
            }
            List<List<Object>> rows = new ArrayList<>();
            while (stream.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < read.size(); i++) {
                    row.add(stream.get(i));
                }
                rows.add(row);
            }
            rows = Values.sortedByFirstColumn(rows);
            assertThat(rows).hasSize(3);
            List<List<Object>> expectedRows = typesRows();
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < read.size(); c++) {
                    Object expected = expectedRoundTripValue(roundTripType(schema.column(c).type()),
                            expectedRows.get(r).get(c));
                    Object actual = rows.get(r).get(c);
                    if (actual != null) {
                        assertThat(actual).as("class of %s in row %d", read.column(c).name(), r + 1)
                                .isInstanceOf(read.column(c).type().kind().javaType());
                    }
                    if (!Values.same(expected, actual)) {
                        fail("%s in row %d: expected %s but read %s", read.column(c).name(), r + 1,
                                Values.describe(expected), Values.describe(actual));
                    }
                }
            }
        }
    }

    /** The value a written value reads back as, when its column reads back as {@code type}. */
    protected Object expectedRoundTripValue(ColumnType type, Object written) {
        if (written == null) {
            return null;
        }
        if (type.kind() == TypeKind.STRING && !(written instanceof String)) {
            return written.toString();
        }
        if (type.kind() == TypeKind.INTERVAL && written instanceof LocalTime t) {
            // A time of day stored where only elapsed times are (MySQL's TIME): the time since midnight.
            return java.time.Duration.ofNanos(t.toNanoOfDay());
        }
        return written;
    }

    // ---------------------------------------------------------------- CSV text (optional fast paths)

    /**
     * Each column a connector copies as CSV ({@code CsvExport}) reads back, by the
     * contract's text forms, as {@code extract} reads it. Columns are tried one at a time (with
     * the key), so a connector that declines some types is still checked on the rest.
     */
    @Test
    void aCsvCopyReadsBackAsExtractReads() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write (the kit needs its types table)");
        seedTypes();
        List<String> copied = new ArrayList<>();
        List<String> names = typesSchema().names();
        for (String column : names.subList(1, names.size())) {
            Extraction extraction = new Extraction.Table(TYPES, List.of("id", column), "", 0);
            Optional<CsvCopy> copy = connector().capability(CsvExport.class).flatMap(c -> c.csvCopy(extraction));
            if (copy.isEmpty()) {
                continue;
            }
            copied.add(column);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long written = copy.get().writeTo(out);
            RowSchema schema = copy.get().schema();
            List<List<Object>> fromCsv = Values.sortedByFirstColumn(CsvText.read(out.toByteArray(), schema));
            RowSchema extracted;
            List<List<Object>> fromExtract;
            try (RowStream rows = connector().extractor().extract(extraction)) {
                extracted = rows.schema();
                fromExtract = Values.sortedByFirstColumn(Values.readAll(rows));
            }
            assertThat(schema.columns()).extracting(c -> c.name() + " " + c.type())
                    .as("schema of the copy of %s", column)
                    .containsExactlyElementsOf(extracted.columns().stream().map(c -> c.name() + " " + c.type()).toList());
            assertThat(written).as("rows the copy of %s reports", column).isEqualTo(fromExtract.size());
            assertSameRows(column + " copied as CSV", fromExtract, fromCsv);
        }
        assumeTrue(!copied.isEmpty(), "connector copies none of the portable types as CSV");
    }

    /** A CSV load ({@code CsvImport}) of the types writes what a load of the same rows writes. */
    @Test
    void aCsvLoadWritesWhatALoadWrites() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        String table = TYPES + "_csv";
        dropTable(table);
        Optional<CsvLoad> load = connector().capability(CsvImport.class).flatMap(c -> c.csvLoad(
                new LoadRequest(table, WriteMode.APPEND, List.of("id")), typesSchema()));
        assumeTrue(load.isPresent(), "connector has no CSV load for the portable types");
        try {
            seedTypes();
            LoadResult result = load.get().readFrom(new java.io.ByteArrayInputStream(CsvText.write(typesRows())));
            assertThat(result).isEqualTo(new LoadResult(typesRows().size(), true));
            List<List<Object>> loaded = Values.readAll(connector().extractor().extract(new Extraction.Table(TYPES)));
            List<List<Object>> csvLoaded = Values.readAll(connector().extractor().extract(new Extraction.Table(table)));
            assertSameRows("the types loaded as CSV", Values.sortedByFirstColumn(loaded),
                    Values.sortedByFirstColumn(csvLoaded));
        } finally {
            dropTable(table);
        }
    }

    /** Loads the types table through the loader's normal path. */
    private void seedTypes() {
        dropTable(TYPES);
        loader().load(new LoadRequest(TYPES, WriteMode.APPEND, List.of("id")), RowStream.of(typesSchema(), typesRows()));
    }

    static void assertSameRows(String what, List<List<Object>> expected, List<List<Object>> actual) {
        assertThat(actual).as("rows of %s", what).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).size(); c++) {
                Object e = expected.get(r).get(c);
                Object a = actual.get(r).get(c);
                if (!Values.same(e, a)) {
                    fail("%s, row %d, column %d: expected %s but read %s", what, r + 1, c + 1, Values.describe(e),
                            Values.describe(a));
                }
            }
        }
    }

    // ---------------------------------------------------------------- wide decimals

    /** The columns of the wide-decimal check: DECIMAL(38,0) and DECIMAL(38,10). */
    private static final RowSchema DECIMALS_SCHEMA = RowSchema.of(
            new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("d38_0", ColumnType.decimal(38, 0)),
            new ColumnInfo("d38_10", ColumnType.decimal(38, 10)));

    /** Values at the edges of DECIMAL(38,0) and DECIMAL(38,10), each at its column's scale. */
    protected List<List<Object>> wideDecimalRows() {
        String nines = "9".repeat(38);
        return List.of(
                Arrays.asList(1, new BigDecimal(nines), new BigDecimal("9".repeat(28) + "." + "9".repeat(10))),
                Arrays.asList(2, new BigDecimal("-" + nines), new BigDecimal("-" + "9".repeat(28) + "." + "9".repeat(10))),
                Arrays.asList(3, new BigDecimal("12345678901234567890123456789012345678"),
                        new BigDecimal("0.0000000001")),
                Arrays.asList(4, new BigDecimal("-10000000000000000000000000000000000000"),
                        new BigDecimal("-0.0000000001")),
                Arrays.asList(5, BigDecimal.ZERO, new BigDecimal("1.5000000000")),
                Arrays.asList(6, null, new BigDecimal("0E-10")),
                Arrays.asList(7, new BigDecimal("9007199254740993"), null));
    }

    /**
     * DECIMAL(38,0) and DECIMAL(38,10) keep every digit and their scale: a round trip through the
     * loader reads back equal BigDecimals (scale included), in columns of the same type.
     */
    @Test
    void wideDecimalsSurviveARoundTripExactly() {
        assumeTrue(hasBehavior(Behavior.WRITE), "connector does not write");
        assumeTrue(hasBehavior(Behavior.WIDE_DECIMALS), "connector does not hold 38-digit decimals");
        String table = PREFIX + "decimals";
        dropTable(table);
        loader().load(new LoadRequest(table, WriteMode.APPEND, List.of("id")),
                RowStream.of(DECIMALS_SCHEMA, wideDecimalRows()));
        List<List<Object>> rows;
        try (RowStream stream = connector().extractor().extract(new Extraction.Table(table))) {
            for (int i = 1; i < DECIMALS_SCHEMA.size(); i++) {
                assertThat(stream.schema().column(i).type()).as("type %s.%s reads back as", table,
                        DECIMALS_SCHEMA.column(i).name()).isEqualTo(roundTripType(DECIMALS_SCHEMA.column(i).type()));
            }
            rows = Values.sortedByFirstColumn(Values.readAll(stream));
        }
        List<ColumnInfo> described = connector().discovery().getTableInfo(table, 0).columns();
        for (int i = 1; i < DECIMALS_SCHEMA.size(); i++) {
            assertThat(described.get(i).type()).as("type of %s.%s in discovery", table,
                    DECIMALS_SCHEMA.column(i).name()).isEqualTo(roundTripType(DECIMALS_SCHEMA.column(i).type()));
        }
        List<List<Object>> expected = wideDecimalRows();
        assertThat(rows).as("rows of %s", table).hasSameSizeAs(expected);
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 1; c < DECIMALS_SCHEMA.size(); c++) {
                Object e = expected.get(r).get(c);
                Object a = rows.get(r).get(c);
                if (!Values.same(e, a)) {
                    fail("%s, row id %s: wrote %s but read %s. A DECIMAL(38, s) must read back as the same"
                            + " BigDecimal with scale s: read it with getBigDecimal, never through a double or a"
                            + " long", DECIMALS_SCHEMA.column(c).name(), expected.get(r).get(0),
                            Values.describe(e), Values.describe(a));
                }
            }
        }
        dropTable(table);
    }
}
