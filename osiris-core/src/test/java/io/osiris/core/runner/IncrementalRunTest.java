package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.state.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Incremental extraction from a real DuckDB file into a DuckDB table upserted on its key: each
 * run reads only rows at or after the watermark (and NULL cursors), the target holds exactly the
 * source's rows after every run, and the watermark advances only when the whole run commits.
 */
class IncrementalRunTest {
    @TempDir
    Path dir;

    @BeforeEach
    void orders() throws Exception {
        Fixtures.duckdb(dir.resolve("shop.duckdb"),
                "CREATE TABLE orders (id INTEGER, amount DECIMAL(10, 2), updated_at TIMESTAMP)",
                "INSERT INTO orders VALUES (1, 10.00, '2024-05-01 10:00:00'), (2, 20.00, '2024-05-01 11:00:00'),"
                        + " (3, 30.00, '2024-05-01 12:00:00.123456'), (4, 40.00, NULL)");
    }

    private static String pipeline(String extract, String loads) {
        return """
                # osiris-pipeline-v2
                name: orders_sync
                extract:
                  - id: orders
                    source: duckdb
                    path: shop.duckdb
                %s
                load:
                  - id: save
                    from: orders
                    to: duckdb
                    path: target.duckdb
                    table: orders
                    mode: upsert
                    primary_key: [id]
                %s
                """.formatted(extract.indent(4).stripTrailing(), loads.indent(2).stripTrailing());
    }

    private static final String BY_TABLE = """
            table: orders
            incremental: {cursor: updated_at}
            """;

    private PipelineRunner runner() {
        return PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).build();
    }

    @Test
    void threeRunsReadOnlyNewRowsAndLeaveTheTargetWithExactlyTheSourcesRows() throws Exception {
        Pipeline p = Pipelines.parse(pipeline(BY_TABLE, ""));
        try (PipelineRunner runner = runner()) {
            RunReport first = runner.run(p);
            assertThat(first.step("orders").rows()).isEqualTo(4);
            assertThat(first.watermarks()).containsExactly(Map.entry("orders", "2024-05-01T12:00:00.123456"));
            assertThat(target()).isEqualTo(source());

            // A row sharing the watermark's value that committed late, an update, a new row with microseconds.
            source("INSERT INTO orders VALUES (5, 50.00, '2024-05-01 12:00:00.123456')",
                    "UPDATE orders SET amount = 21.00, updated_at = '2024-05-02 09:00:00.000001' WHERE id = 2",
                    "INSERT INTO orders VALUES (6, 60.00, '2024-05-02 09:00:00.000002')");
            RunReport second = runner.run(p);
            // 3 and 5 at the watermark, 2 and 6 after it, 4 with a NULL cursor; 1 is not read again.
            assertThat(second.step("orders").rows()).isEqualTo(5);
            assertThat(second.watermarks()).containsEntry("orders", "2024-05-02T09:00:00.000002");
            assertThat(target()).isEqualTo(source());

            source("UPDATE orders SET amount = 41.00, updated_at = '2024-05-03 00:00:00' WHERE id = 4",
                    "INSERT INTO orders VALUES (7, 70.00, NULL)", "UPDATE orders SET amount = 11.00 WHERE id = 1");
            RunReport third = runner.run(p);
            // 6 at the watermark, 4 after it, 7 with a NULL cursor; 1 changed without moving its cursor.
            assertThat(third.step("orders").rows()).isEqualTo(3);
            assertThat(third.watermarks()).containsEntry("orders", "2024-05-03T00:00:00.000000");
            List<String> expected = source();
            expected.set(0, "1|10.00|2024-05-01 10:00:00");
            assertThat(target()).isEqualTo(expected);
        }
    }

    /** The same pipeline appending: rows read again (at the watermark, in the lookback, NULL) are loaded once. */
    private static String appending(String incremental) {
        return pipeline("table: orders\nincremental: " + incremental, "").replace("""
                    mode: upsert
                    primary_key: [id]
                """, "");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{cursor: updated_at}", "{cursor: updated_at, lookback: 1d}"})
    void anAppendLoadsEachRowOnceAndAChangedRowAgainAcrossThreeRuns(String incremental) throws Exception {
        Pipeline p = Pipelines.parse(appending(incremental));
        try (PipelineRunner runner = runner()) {
            runner.run(p);
            assertThat(target()).isEqualTo(source());

            // A row sharing the watermark's value, a new one with microseconds; 3 and 4 (NULL) are read again.
            source("INSERT INTO orders VALUES (5, 50.00, '2024-05-01 12:00:00.123456')",
                    "INSERT INTO orders VALUES (6, 60.00, '2024-05-02 09:00:00.000002')");
            runner.run(p);
            assertThat(target()).isEqualTo(source());

            // Nothing new: every row read again is left out.
            RunReport idle = runner.run(p);
            assertThat(target()).isEqualTo(source());

            // An update moves 2's cursor: appended as a new version, the old one stays (append keeps history).
            source("UPDATE orders SET amount = 21.00, updated_at = '2024-05-03 00:00:00' WHERE id = 2",
                    "INSERT INTO orders VALUES (7, 70.00, NULL)");
            runner.run(p);
            assertThat(target()).containsExactlyInAnyOrderElementsOf(concat(source(),
                    "2|20.00|2024-05-01 11:00:00"));
            assertThat(idle.watermarks()).containsEntry("orders", "2024-05-02T09:00:00.000002");
        }
    }

    private static List<String> concat(List<String> rows, String row) {
        List<String> all = new ArrayList<>(rows);
        all.add(row);
        return all;
    }

    @Test
    void aWrappedQueryStartsAtItsInitialValueMinusTheLookback() throws Exception {
        Pipeline p = Pipelines.parse(pipeline("""
                query: SELECT id, amount, updated_at AS changed FROM orders WHERE amount < 35
                incremental: {cursor: changed, initial: "2024-05-01 11:30:00", lookback: 30m, nulls: exclude}
                """, ""));
        try (PipelineRunner runner = runner()) {
            RunReport first = runner.run(p);

            assertThat(first.step("orders").rows()).isEqualTo(2);
            assertThat(target()).containsExactly("2|20.00|2024-05-01 11:00:00", "3|30.00|2024-05-01 12:00:00.123456");
            assertThat(first.watermarks()).containsEntry("orders", "2024-05-01T12:00:00.123456");
        }
    }

    @Test
    void excludedNullCursorsAreNeverReadAndIncludedOnesOnEveryRun() throws Exception {
        try (PipelineRunner runner = runner()) {
            runner.run(Pipelines.parse(pipeline("table: orders\nincremental: {cursor: updated_at, nulls: exclude}",
                    "")));
            assertThat(target()).extracting(r -> r.split("\\|")[0]).containsExactly("1", "2", "3");

            RunReport included = runner.run(Pipelines.parse(pipeline(BY_TABLE, "")));
            assertThat(included.step("orders").rows()).as("the row at the watermark and the NULL one").isEqualTo(2);
            assertThat(target()).isEqualTo(source());
        }
    }

    @Test
    void aFailedDataCheckLeavesTheWatermarkWhereItWas() throws Exception {
        try (PipelineRunner runner = runner()) {
            runner.run(Pipelines.parse(pipeline(BY_TABLE, "")));
            source("INSERT INTO orders VALUES (5, -1.00, '2024-06-01 00:00:00')");
            Pipeline checked = Pipelines.parse(pipeline(BY_TABLE + "checks:\n  - sql: SELECT * FROM orders WHERE"
                    + " amount < 0\n", ""));

            assertThatThrownBy(() -> runner.run(checked)).isInstanceOf(OsirisException.class)
                    .hasMessageContaining("check sql: the query returned 1 row");
            RunReport again = runner.run(Pipelines.parse(pipeline(BY_TABLE, "")));

            assertThat(again.step("orders").rows()).as("3 at the old watermark, 4 NULL, 5 new").isEqualTo(3);
            assertThat(again.watermarks()).containsEntry("orders", "2024-06-01T00:00:00.000000");
            assertThat(target()).isEqualTo(source());
        }
    }

    @Test
    void aFailedSecondLoadLeavesTheWatermarkWhereItWas() throws Exception {
        String second = """
                - id: copy
                  from: orders
                  to: csv
                  path: out/orders.csv
                """;
        try (PipelineRunner runner = runner()) {
            runner.run(Pipelines.parse(pipeline(BY_TABLE, second)));
            source("INSERT INTO orders VALUES (5, 50.00, '2024-06-01 00:00:00')");
            // The CSV cannot be put in place: a directory with a file in it holds its name.
            Files.delete(dir.resolve("out/orders.csv"));
            Files.createDirectories(dir.resolve("out/orders.csv"));
            Files.writeString(dir.resolve("out/orders.csv/keep"), "x");

            assertThatThrownBy(() -> runner.run(Pipelines.parse(pipeline(BY_TABLE, second))))
                    .isInstanceOf(OsirisException.class);
            RunReport again = runner.run(Pipelines.parse(pipeline(BY_TABLE, "")));

            assertThat(again.step("orders").rows()).as("3 at the old watermark, 4 NULL, 5 new").isEqualTo(3);
        }
    }

    @Test
    void aDryRunNeverAdvancesTheWatermarkAndAFullRefreshStartsOver() throws Exception {
        Pipeline p = Pipelines.parse(pipeline(BY_TABLE, ""));
        try (PipelineRunner runner = runner()) {
            runner.run(p);
            source("INSERT INTO orders VALUES (5, 50.00, '2024-06-01 00:00:00')");

            assertThat(runner.dryRun(p).watermarks()).isEmpty();
            assertThat(runner.run(p).step("orders").rows()).isEqualTo(3);

            source("DELETE FROM orders WHERE id = 5");
            RunReport refreshed = runner.fullRefresh(p, Map.of());
            assertThat(refreshed.step("orders").rows()).isEqualTo(4);
            assertThat(refreshed.watermarks()).containsEntry("orders", "2024-05-01T12:00:00.123456");
            assertThat(runner.run(p).step("orders").rows()).as("3 at the refreshed watermark, 4 NULL").isEqualTo(2);
        }
    }

    @Test
    void watermarksAreKeptInTheStateFileBetweenRunners() throws Exception {
        Pipeline p = Pipelines.parse(pipeline(BY_TABLE, ""));
        Path stateFile = dir.resolve(".osiris/state.db");
        try (StateDatabase state = StateDatabase.open(stateFile)) {
            try (PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir)
                    .tempDirectory(dir.resolve("tmp")).state(state).build()) {
                runner.run(p);
            }
            // The watermark, and a hash of each row the next run reads again (3 at the watermark, 4 NULL).
            assertThat(state.forNamespace("watermarks").get("orders_sync/orders")).get()
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("value", "2024-05-01T12:00:00.123456").containsEntry("type", "TIMESTAMP")
                    .hasEntrySatisfying("seen", seen -> assertThat((List<?>) seen).hasSize(2)
                            .allSatisfy(h -> assertThat(h.toString()).matches("[0-9a-f]{32}")));
        }
        source("INSERT INTO orders VALUES (5, 50.00, '2024-06-01 00:00:00')");
        try (StateDatabase state = StateDatabase.open(stateFile);
                PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp"))
                        .state(state).build()) {
            assertThat(runner.run(p).step("orders").rows()).as("3 at the watermark, 4 NULL, 5 new").isEqualTo(3);
        }
    }

    @Test
    void aDecimalCursorKeepsEveryDigit() throws Exception {
        source("CREATE TABLE ledger (id INTEGER, seq DECIMAL(38, 10))",
                "INSERT INTO ledger VALUES (1, 1.0000000001), (2, 123456789012345678.0000000002)");
        Pipeline p = Pipelines.parse(pipeline("table: ledger\nincremental: {cursor: seq}", ""));
        try (PipelineRunner runner = runner()) {
            assertThat(runner.run(p).watermarks()).containsEntry("orders", "123456789012345678.0000000002");
            assertThat(runner.run(p).step("orders").rows()).isEqualTo(1);
        }
    }

    @Test
    void aCursorThatIsNotAColumnOrALookbackOnANumberIsRefusedBeforeAnythingIsRead() {
        try (PipelineRunner runner = runner()) {
            assertThatThrownBy(() -> runner.run(Pipelines.parse(pipeline("table: orders\nincremental: {cursor:"
                    + " changed_at}", "")))).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("extract[0].incremental.cursor")
                    .hasMessageContaining("'changed_at' is not a column the extraction reads; its columns: id,"
                            + " amount, updated_at");
            assertThatThrownBy(() -> runner.run(Pipelines.parse(pipeline("table: orders\nincremental: {cursor: id,"
                    + " initial: 1, lookback: 10m}", "")))).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("lookback applies to timestamp and date cursors only");
            assertThatThrownBy(() -> runner.run(Pipelines.parse(pipeline("table: orders\nincremental: {cursor:"
                    + " updated_at, initial: yesterday}", "")))).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'yesterday' is not a timestamp");
        }
        assertThat(Files.exists(dir.resolve("target.duckdb"))).isFalse();
    }

    private void source(String... statements) throws Exception {
        Fixtures.duckdb(dir.resolve("shop.duckdb"), statements);
    }

    private List<String> source() throws Exception {
        return rows(dir.resolve("shop.duckdb"));
    }

    private List<String> target() throws Exception {
        return rows(dir.resolve("target.duckdb"));
    }

    private static List<String> rows(Path file) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT #1, #2, CAST(CAST(#3 AS TIMESTAMP) AS VARCHAR)"
                        + " FROM orders ORDER BY #1")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
            }
        }
        return rows;
    }
}
