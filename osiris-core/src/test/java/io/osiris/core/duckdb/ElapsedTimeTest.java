package io.osiris.core.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.Intervals;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** INTERVAL values (MySQL's TIME, up to 838 hours either way) through the engine and DuckDB files. */
class ElapsedTimeTest {
    private static final RowSchema SCHEMA = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER),
            new ColumnInfo("spent", ColumnType.INTERVAL));
    private static final List<Duration> VALUES = List.of(Duration.ofHours(12).plusMinutes(30),
            Duration.parse("PT838H59M59S"), Duration.parse("PT-838H-59M-59S"), Duration.ofSeconds(-1),
            Duration.ofMillis(90_000_500), Duration.ZERO);

    @TempDir
    Path dir;

    private static List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            rows.add(List.of(i + 1, VALUES.get(i)));
        }
        rows.add(Arrays.asList(VALUES.size() + 1, null));
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"838:59:59", "-838:59:59", "-00:00:01", "25:00:00.5", "00:00:00", "12:30:00.000001"})
    void theTextFormReadsBackAsTheSameValue(String text) {
        Duration d = Intervals.parse(text);
        assertThat(Intervals.parse(Intervals.format(d))).isEqualTo(d);
        assertThat(Intervals.parse("2 days 01:00:00")).isEqualTo(Duration.ofHours(49));
        assertThatThrownBy(() -> Intervals.parse("1 month")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 month");
    }

    @Test
    void rowsAppendedByTheEngineReadBackAndExportAsTheirText() throws Exception {
        Path csv = dir.resolve("t.csv");
        try (TransformEngine engine = DuckDbTransformEngine.open(dir, "256MB", 1, Sandbox.none().with(csv))) {
            assertThat(engine.load("t", RowStream.of(SCHEMA, rows()), (r, b) -> { }).rows()).isEqualTo(7);
            assertThat(engine.schemaOf("t").column(1).type()).isEqualTo(ColumnType.INTERVAL);
            List<Object> read = new ArrayList<>();
            try (RowStream rows = engine.read("t")) {
                while (rows.next()) {
                    read.add(rows.get(1));
                }
            }
            List<Object> expected = new ArrayList<>(VALUES);
            expected.add(null);
            assertThat(read).containsExactlyElementsOf(expected);
            engine.export("t", FileFormat.of(LoadTarget.CSV), csv);
            assertThat(Files.readAllLines(csv)).containsExactly("id,spent", "1,12:30:00", "2,838:59:59",
                    "3,-838:59:59", "4,-00:00:01", "5,25:00:00.5", "6,00:00:00", "7,");
        }
    }

    @Test
    void aDuckDbFileTakesIntervalsThroughItsLoader() {
        Path file = dir.resolve("times.duckdb");
        try (DuckDbConnector connector = (DuckDbConnector) new DuckDbConnectorProvider()
                .open(new ConnectorConfig("duckdb", "path", Map.of("path", file.toString())))) {
            connector.loader().orElseThrow().load(new LoadRequest("times", WriteMode.REPLACE),
                    RowStream.of(SCHEMA, rows()));
            connector.loader().orElseThrow().load(new LoadRequest("times", WriteMode.APPEND),
                    RowStream.of(SCHEMA, rows().subList(0, 2)));
            List<Object> read = new ArrayList<>();
            try (RowStream rows = connector.extractor().extract(
                    new io.osiris.api.connector.Extraction.Query("SELECT spent FROM times ORDER BY id, spent"))) {
                while (rows.next()) {
                    read.add(rows.get(0));
                }
            }
            assertThat(read).hasSize(9).contains(Duration.parse("PT-838H-59M-59S"));
        }
    }

    @Test
    void anIntervalOfMonthsHasNoPortableValueAndSaysHowToReadIt() throws Exception {
        try (TransformEngine engine = DuckDbTransformEngine.open(dir, "256MB", 1)) {
            engine.createTable("m", "SELECT INTERVAL 1 MONTH AS span");
            try (RowStream rows = engine.read("m")) {
                assertThatThrownBy(() -> {
                    rows.next();
                    rows.get(0);
                }).isInstanceOf(ExecutionFailedException.class).hasMessageContaining("1 month")
                        .hasMessageContaining("epoch()");
            }
        }
    }
}
