package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.SplitExtract;
import io.osiris.core.engine.SplitExtract.SplitSource;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Extract splits read by Spark's tasks straight into the step's one file: each task writes its
 * part as it reads, and the parts become the one file, in split order, the same bytes (CSV, JSON)
 * or rows (Parquet) as the DuckDB engine writes.
 */
class SparkSplitIntoFileTest {
    private static final Extraction QUERY = new Extraction.Query("SELECT id, name, amount, at FROM numbers");
    private static final Map<String, String> SETTINGS = Map.of("rows", "1000", "password", "s3cret");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = LoadTarget.class, names = {"CSV", "JSON", "PARQUET"})
    void theSplitsBecomeOneFileInSplitOrder(LoadTarget target) throws Exception {
        Path file = dir.resolve("out." + target.name().toLowerCase());
        List<Split> splits = reader(SETTINGS).plan(QUERY, SplitRequest.exactly(4)).splits();
        long[] progress = new long[1];
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none().with(file))) {
            Optional<TransformEngine.Loaded> written = spark.capability(SplitExtract.class).orElseThrow()
                    .extractIntoFile(new SplitSource("sk_ranges", "default", SETTINGS, QUERY), splits,
                            RangesConnectorProvider.SCHEMA, FileFormat.of(target), file, (rows, bytes) -> progress[0] = rows);
            assertThat(written).map(TransformEngine.Loaded::rows).contains(1000L);
        }
        assertThat(progress[0]).isEqualTo(1000);
        assertNoPartsLeft();
        Path expected = dir.resolve("duck." + target.name().toLowerCase());
        List<List<Object>> rows = LongStream.rangeClosed(1, 1000).mapToObj(RangesConnectorProvider::row).toList();
        try (TransformEngine duck = DuckDbTransformEngine.open(dir, "256MB", 1,
                Sandbox.none().with(expected).with(file))) {
            duck.load("numbers", RowStream.of(RangesConnectorProvider.SCHEMA, rows), (r, b) -> { });
            duck.export("numbers", FileFormat.of(target), expected);
            if (target == LoadTarget.PARQUET) {
                duck.createTable("spark", "SELECT * FROM read_parquet('" + file + "')");
                assertThat(SparkTransformEngineTest.read(duck, "spark"))
                        .as("every row once, in split order").isEqualTo(SparkTransformEngineTest.read(duck, "numbers"));
                duck.createTable("groups", "SELECT DISTINCT row_group_id FROM parquet_metadata('" + file + "')");
                assertThat(SparkTransformEngineTest.read(duck, "groups")).as("a row group per part, copied").hasSize(4);
                return;
            }
        }
        if (target == LoadTarget.JSON) {
            // Spark spells a decimal with its scale (0.50), DuckDB as the shortest number (0.5): the same value.
            assertThat(jsonLines(file)).isEqualTo(jsonLines(expected));
            return;
        }
        assertThat(Files.readString(file)).isEqualTo(Files.readString(expected));
    }

    @ParameterizedTest
    @EnumSource(value = LoadTarget.class, names = {"CSV", "JSON", "PARQUET"})
    void noRowsStillMakeTheFileTheDuckDbEngineWrites(LoadTarget target) throws Exception {
        Path file = dir.resolve("empty." + target.name().toLowerCase());
        Map<String, String> none = Map.of("rows", "0", "password", "s3cret");
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none().with(file))) {
            Optional<TransformEngine.Loaded> written = spark.capability(SplitExtract.class).orElseThrow()
                    .extractIntoFile(new SplitSource("sk_ranges", "default", none, QUERY), List.of(Split.WHOLE),
                            RangesConnectorProvider.SCHEMA, FileFormat.of(target), file, (rows, bytes) -> { });
            assertThat(written).map(TransformEngine.Loaded::rows).contains(0L);
        }
        assertNoPartsLeft();
        if (target == LoadTarget.CSV) {
            assertThat(Files.readString(file)).isEqualTo("id,name,amount,at\n");
        } else if (target == LoadTarget.PARQUET) {
            try (TransformEngine duck = DuckDbTransformEngine.open(dir, "256MB", 1, Sandbox.none().with(file))) {
                duck.createTable("spark", "SELECT * FROM read_parquet('" + file + "')");
                assertThat(duck.schemaOf("spark").names()).containsExactly("id", "name", "amount", "at");
                assertThat(SparkTransformEngineTest.read(duck, "spark")).isEmpty();
            }
        } else {
            assertThat(Files.readString(file)).isEmpty();
        }
    }

    @Test
    void aTaskInTheDriversJvmReadsThroughTheRunsOwnReaderNotAConnectorOfItsOwn() {
        // Settings no connector opens from (no password): what a host's DataSource or password supplier gives.
        Map<String, String> hostGiven = Map.of("rows", "1000");
        SplitRead here = reader(SETTINGS);
        Path file = dir.resolve("out.csv");
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none().with(file))) {
            SplitExtract extract = spark.capability(SplitExtract.class).orElseThrow();
            List<Split> splits = here.plan(QUERY, SplitRequest.exactly(3)).splits();
            assertThat(extract.extract("numbers", new SplitSource("sk_ranges", "default", hostGiven, QUERY,
                    Optional.of(here)), splits, RangesConnectorProvider.SCHEMA, (r, b) -> { }).rows()).isEqualTo(1000);
            assertThatThrownBy(() -> extract.extract("again", new SplitSource("sk_ranges", "default", hostGiven, QUERY),
                    splits, RangesConnectorProvider.SCHEMA, (r, b) -> { }))
                    .as("without the run's reader each task opens its own connector, from the settings")
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("the password did not reach the connector");
        }
    }

    @Test
    void aFailedSplitFailsTheWriteAndLeavesNoParts() throws Exception {
        Map<String, String> failing = Map.of("rows", "100", "password", "s3cret", "fail_split", "1");
        Path file = dir.resolve("out.parquet");
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none().with(file))) {
            SplitExtract extract = spark.capability(SplitExtract.class).orElseThrow();
            assertThatThrownBy(() -> extract.extractIntoFile(new SplitSource("sk_ranges", "default", failing, QUERY),
                    reader(failing).plan(QUERY, SplitRequest.exactly(2)).splits(), RangesConnectorProvider.SCHEMA,
                    FileFormat.of(LoadTarget.PARQUET), file, (r, b) -> { }))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("split 1 lost its connection")
                    .satisfies(e -> assertThat(e.toString() + e.getCause()).doesNotContain("s3cret"));
        }
        assertNoPartsLeft();
    }

    @Test
    void aFileTheRunDoesNotDeclareIsNotWritten() {
        Path undeclared = dir.resolve("elsewhere.csv");
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            assertThatThrownBy(() -> spark.capability(SplitExtract.class).orElseThrow().extractIntoFile(
                    new SplitSource("sk_ranges", "default", SETTINGS, QUERY), List.of(Split.WHOLE),
                    RangesConnectorProvider.SCHEMA, FileFormat.of(LoadTarget.CSV), undeclared, (r, b) -> { }))
                    .hasMessageContaining("not one of them");
        }
        assertThat(undeclared).doesNotExist();
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    private static SplitRead reader(Map<String, String> settings) {
        return new RangesConnectorProvider().open(new ConnectorConfig("sk_ranges", "default", settings))
                .capability(SplitRead.class).orElseThrow();
    }

    private void assertNoPartsLeft() throws Exception {
        List<String> hidden = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).forEach(hidden::add);
        }
        assertThat(hidden).as("no directory of parts is left beside the target").isEmpty();
    }
}
