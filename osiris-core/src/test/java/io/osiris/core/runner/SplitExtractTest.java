package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.engine.EngineSettings;
import io.osiris.core.pipeline.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An extract read as several splits at once ({@code SplitRead}) into the real DuckDB engine: the
 * same rows as one stream by every route, progress summed over the splits, a failed or cancelled
 * split failing the run with nothing written, and the cases that stay one stream.
 */
class SplitExtractTest {
    private static final int ROWS = 10_007;
    private static final RowSchema ITEMS = RowSchema.of(new ColumnInfo("id", ColumnType.BIGINT, false),
            new ColumnInfo("name", ColumnType.STRING), new ColumnInfo("amount", ColumnType.decimal(10, 2)));

    @TempDir
    Path dir;

    /** Items with NULL names and amounts here and there, the same rows every call. */
    private static List<List<Object>> items() {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            rows.add(Arrays.asList(id, id % 7 == 0 ? null : "item, \"" + id + "\"",
                    id % 5 == 0 ? null : new java.math.BigDecimal(id).movePointLeft(2)));
        }
        return rows;
    }

    private static MemoryDatabase items(String name, boolean csvExport, int failingSplit) {
        MemoryDatabase.Builder b = MemoryDatabase.builder(name).table("items", ITEMS, items(), List.of("id"))
                .csvExport(csvExport).splitRead(true);
        if (failingSplit >= 0) {
            b.failingSplit(failingSplit);
        }
        return b.register();
    }

    /** The items, sorted by a transform, into a CSV file; {@code extra} lines go on the extract. */
    private static String sorted(String db, String extra) {
        return """
                # osiris-pipeline-v2
                name: split
                extract:
                  - id: items
                    source: memory
                    connection: %s
                    table: items
                %s
                transform:
                  - id: ordered
                    sql: SELECT * FROM items ORDER BY id
                load:
                  - id: out
                    from: ordered
                    to: csv
                    path: out/items.csv
                """.formatted(db, extra.isEmpty() ? "" : "    " + extra);
    }

    /** The items straight into one Parquet file. */
    private static String direct(String db, String extra) {
        return """
                # osiris-pipeline-v2
                name: split_direct
                extract:
                  - id: items
                    source: memory
                    connection: %s
                    table: items
                    %s
                load:
                  - id: out
                    from: items
                    to: parquet
                    path: out/items.parquet
                """.formatted(db, extra);
    }

    private String runSorted(String name, String parallelism, boolean rowsAsCsv, String expectedRoute)
            throws Exception {
        RunReport report = MemoryRuns.runner(dir, name).rowsAsCsv(rowsAsCsv).build()
                .run(Pipelines.parse(sorted(name, parallelism)));
        assertThat(report.step("items").rows()).isEqualTo(ROWS);
        assertThat(report.step("items").route()).startsWith(expectedRoute);
        return Files.readString(dir.resolve("out/items.csv"));
    }

    @ParameterizedTest(name = "csv export {0}, rows as csv {1}: {2}")
    @CsvSource({"true, true, split-csv-copy", "false, true, split-rows-as-csv", "false, false, split-append"})
    void theSplitsTogetherStageExactlyTheRowsOfOneStream(boolean csvExport, boolean rowsAsCsv, String route)
            throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = items(name, csvExport, -1);
        String single = runSorted(name, "parallelism: 1", rowsAsCsv, csvExport ? "csv-copy" : rowsAsCsv
                ? "rows-as-csv" : "append");
        int readsOfOne = db.reads();

        String split = runSorted(name, "parallelism: 4", rowsAsCsv, route + ": 4 ranges of row positions of items"
                + " (4 splits, a snapshot each)");

        assertThat(split).isEqualTo(single).hasLineCount(ROWS + 1);
        assertThat(db.reads() - readsOfOne).as("reads of the four splits").isEqualTo(4);
    }

    private long parquetIds() throws Exception {
        return Fixtures.count(dir.resolve("check.duckdb"), "SELECT count(DISTINCT id) FROM read_parquet('"
                + dir.resolve("out/items.parquet") + "')");
    }

    @ParameterizedTest(name = "csv export {0}: {1}")
    @CsvSource({"true, split-csv-copy-into-file", "false, split-rows-as-csv-into-file"})
    void splitsGoStraightIntoTheOneLoadsFile(boolean csvExport, String route) throws Exception {
        String name = MemoryRuns.unique();
        items(name, csvExport, -1);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(direct(name, "parallelism: 3")));

        assertThat(report.steps()).extracting(StepReport::route).containsExactly(
                route + ": 3 ranges of row positions of items (3 splits, a snapshot each)", "written-by-extract");
        assertThat(report.plan().step("items").route()).isEqualTo(route);
        assertThat(report.step("out").rows()).isEqualTo(ROWS);
        assertThat(parquetIds()).isEqualTo(ROWS);
    }

    @Test
    void aStepPlansNoMoreSplitsThanTheEngineReadsAtOnce() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = items(name, true, -1);
        int before = db.reads();
        RunReport report = MemoryRuns.runner(dir, name).engineThreads(2).build()
                .run(Pipelines.parse(direct(name, "parallelism: 5")));

        assertThat(report.step("items").route()).isEqualTo("split-csv-copy-into-file: 2 ranges of row positions of"
                + " items (2 splits, a snapshot each; parallelism 5 lowered to the engine's 2 threads)");
        assertThat(db.reads() - before).as("reads of the splits").isEqualTo(2);
        assertThat(parquetIds()).isEqualTo(ROWS);

        RunReport dry = MemoryRuns.runner(dir, name).engineThreads(3).build()
                .dryRun(Pipelines.parse(sorted(name, "parallelism: 5")));
        assertThat(dry.step("items").route()).isEqualTo("describe (a run splits: 3 ranges of row positions of items"
                + " (3 splits, a snapshot each; parallelism 5 lowered to the engine's 3 threads))");

        RunReport oneThread = MemoryRuns.runner(dir, name).engineThreads(1).build()
                .run(Pipelines.parse(sorted(name, "parallelism: 5")));
        assertThat(oneThread.step("items").route()).isEqualTo("csv-copy (split-csv-copy declined)");
        assertThat(oneThread.step("items").rows()).isEqualTo(ROWS);
    }

    @Test
    void theConfigsEngineThreadsBoundTheSplits() throws Exception {
        String name = MemoryRuns.unique();
        items(name, true, -1);
        OsirisConfig config = OsirisConfig.builder().projectDirectory(dir).outputDirectory(dir.resolve("output"))
                .connection(new ConnectorConfig("memory", name, Map.of()))
                .engine(new EngineSettings("duckdb", Map.of("threads", "3"))).build();
        RunReport report = PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp"))
                .config(config).build().run(Pipelines.parse(direct(name, "parallelism: 8")));

        assertThat(report.step("items").route()).isEqualTo("split-csv-copy-into-file: 3 ranges of row positions of"
                + " items (3 splits, a snapshot each; parallelism 8 lowered to the engine's 3 threads)");
        assertThat(parquetIds()).isEqualTo(ROWS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"csv", "json"})
    void splitsGoStraightIntoACsvOrJsonFileToo(String format) throws Exception {
        String name = MemoryRuns.unique();
        items(name, true, -1);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(direct(name, "parallelism: 2")
                .replace("to: parquet", "to: " + format).replace("items.parquet", "items." + format)));

        assertThat(report.step("items").route()).startsWith("split-csv-copy-into-file: 2 ranges");
        // CSV: a header line; JSON: one object a line.
        assertThat(Files.readAllLines(dir.resolve("out/items." + format)))
                .hasSize(format.equals("csv") ? ROWS + 1 : ROWS);
    }

    @Test
    void aSplitThatFailsIntoAFileLeavesNoFileAndTheFallbackReadsOneStream() throws Exception {
        String name = MemoryRuns.unique();
        items(name, true, 1);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(direct(name, "parallelism: 3")));

        assertThat(report.step("items").route()).isEqualTo(
                "append (split-csv-copy-into-file declined after reading; the source was read again)");
        assertThat(parquetIds()).isEqualTo(ROWS);
    }

    @Test
    void automaticParallelismSplitsABigTableUpToTheRunnersLimit() throws Exception {
        String name = MemoryRuns.unique();
        items(name, true, -1);
        RunReport report = MemoryRuns.runner(dir, name).parallelism(2).build()
                .run(Pipelines.parse(sorted(name, "")));

        // 2 at most: the runner's parallelism, or fewer cores.
        assertThat(report.step("items").route()).matches("split-csv-copy: 2 ranges .*|csv-copy \\(split-csv-copy"
                + " declined\\)");
        assertThat(report.step("items").rows()).isEqualTo(ROWS);
    }

    @Test
    void aSmallTableOrALimitOrAQueryReadsOneStream() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase.builder(name).table("items", ITEMS, items().subList(0, 10), List.of("id")).csvExport(true)
                .splitRead(true).register();
        RunReport small = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(sorted(name, "")));
        assertThat(small.step("items").route()).isEqualTo("csv-copy (split-csv-copy declined)");

        items(name, true, -1);
        RunReport limited = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(sorted(name,
                "parallelism: 4\n    limit: 100")));
        assertThat(limited.step("items").route()).isEqualTo("csv-copy");
        assertThat(limited.step("items").rows()).isEqualTo(100);

        RunReport query = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(sorted(name, "parallelism: 4")
                .replace("table: items", "query: SELECT * FROM items")));
        assertThat(query.step("items").route()).isEqualTo("csv-copy (split-csv-copy declined)");
        assertThat(query.step("items").rows()).isEqualTo(ROWS);
    }

    @Test
    void theRunPlanAndADryRunNameTheSplitPlan() throws Exception {
        String name = MemoryRuns.unique();
        items(name, true, -1);
        PipelineRunner runner = MemoryRuns.runner(dir, name).build();

        RunPlan plan = runner.plan(Pipelines.parse(sorted(name, "parallelism: 4")));
        RunReport dry = runner.dryRun(Pipelines.parse(sorted(name, "parallelism: 4")));

        assertThat(plan.step("items").routes()).startsWith("split-csv-copy, else csv-copy, else");
        assertThat(dry.step("items").route()).isEqualTo("describe (a run splits: 4 ranges of row positions of items"
                + " (4 splits, a snapshot each))");
        assertThat(dry.step("items").rows()).isZero();
    }

    @Test
    void progressIsOneCounterSummingTheSplits() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase.builder(name).splitRead(true).register();
        AtomicLong most = new AtomicLong();
        RunListener listener = new RunListener() {
            @Override
            public void progress(String stepId, long rows, double rowsPerSecond) {
                most.accumulateAndGet(rows, Math::max);
            }
        };
        String pipeline = sorted(name, "parallelism: 2").replace("table: items", "table: series_400000")
                .replace("ORDER BY id", "ORDER BY n");
        RunReport report = MemoryRuns.runner(dir, name).rowsAsCsv(false).listener(listener)
                .progressInterval(Duration.ZERO).build().run(Pipelines.parse(pipeline));

        assertThat(report.step("items").route()).startsWith("split-append: 2 ranges");
        // The Appender reports every 65,536 rows of a split: only a sum passes one split's 200,000.
        assertThat(most.get()).isGreaterThan(200_000).isLessThanOrEqualTo(400_000);
    }

    @ParameterizedTest(name = "csv export {0}, rows as csv {1}")
    @CsvSource({"true, true", "false, true", "false, false"})
    void aFailedSplitFailsTheRunNamingItAndWritesNothing(boolean csvExport, boolean rowsAsCsv) {
        String name = MemoryRuns.unique();
        items(name, csvExport, 2);

        assertThatThrownBy(() -> MemoryRuns.runner(dir, name).rowsAsCsv(rowsAsCsv).build()
                .run(Pipelines.parse(sorted(name, "parallelism: 4"))))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("rows [5003, 7505)")
                .hasMessageContaining("injected by failingSplit");
        assertThat(dir.resolve("out/items.csv")).doesNotExist();
    }

    @Test
    void cancellingARunStopsEverySplit() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase.builder(name).splitRead(true).register();
        String pipeline = sorted(name, "parallelism: 2").replace("table: items", "table: series_2000000000")
                .replace("ORDER BY id", "ORDER BY n");
        try (PipelineRunner runner = MemoryRuns.runner(dir, name).progressInterval(Duration.ZERO)
                .listener(new RunListener() {
                    @Override
                    public void progress(String stepId, long rows, double rowsPerSecond) {
                        if (rows > 100_000) {
                            new Thread(() -> cancelLater()).start();
                        }
                    }
                }).build()) {
            cancelling = runner;
            assertThatThrownBy(() -> runner.run(Pipelines.parse(pipeline)))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("cancelled");
        }
        assertThat(dir.resolve("out/items.csv")).doesNotExist();
    }

    private volatile PipelineRunner cancelling;

    private void cancelLater() {
        cancelling.cancel();
    }
}
