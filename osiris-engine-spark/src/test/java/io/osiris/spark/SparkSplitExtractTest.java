package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.SplitExtract;
import io.osiris.core.engine.SplitExtract.SplitSource;
import io.osiris.core.engine.TransformEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Extract splits read by Spark's tasks, each through a connector opened on the executor. */
class SparkSplitExtractTest {
    private static final Extraction QUERY = new Extraction.Query("SELECT id, name, amount, at FROM numbers");

    @TempDir
    Path dir;

    @Test
    void theSplitsTogetherAreEveryRowOnce() {
        SplitSource source = new SplitSource("sk_ranges", "default", Map.of("rows", "1000", "password", "s3cret"), QUERY);
        var splits = new RangesConnectorProvider().open(new io.osiris.api.connector.ConnectorConfig("sk_ranges",
                "default", source.properties())).capability(io.osiris.api.connector.capability.SplitRead.class)
                .orElseThrow().plan(QUERY, SplitRequest.exactly(4)).splits();
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            SplitExtract extract = spark.capability(SplitExtract.class).orElseThrow();
            long[] progress = new long[1];
            TransformEngine.Loaded loaded = extract.extract("numbers", source, splits, RangesConnectorProvider.SCHEMA,
                    (rows, bytes) -> progress[0] = rows);
            assertThat(loaded.rows()).isEqualTo(1000);
            assertThat(progress[0]).isEqualTo(1000);
            assertThat(spark.createTable("parts", "SELECT spark_partition_id() AS p, count(*) AS n FROM numbers"
                    + " GROUP BY spark_partition_id() ORDER BY p")).isEqualTo(4);
            List<List<Object>> expected = new ArrayList<>(LongStream.rangeClosed(1, 1000)
                    .mapToObj(RangesConnectorProvider::row).toList());
            assertThat(SparkTransformEngineTest.read(spark, "numbers")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(spark.schemaOf("numbers").columns()).extracting(c -> c.name() + " " + c.type())
                    .containsExactly("id BIGINT", "name STRING", "amount DECIMAL(10,2)", "at TIMESTAMP");
        }
    }

    @Test
    void aFailedSplitFailsTheExtractAndLeavesNoTableWithoutPrintingTheSecret() {
        SplitSource source = new SplitSource("sk_ranges", "default",
                Map.of("rows", "100", "password", "s3cret", "fail_split", "1"), QUERY);
        var splits = new RangesConnectorProvider().open(new io.osiris.api.connector.ConnectorConfig("sk_ranges",
                "default", source.properties())).capability(io.osiris.api.connector.capability.SplitRead.class)
                .orElseThrow().plan(QUERY, SplitRequest.exactly(2)).splits();
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            SplitExtract extract = spark.capability(SplitExtract.class).orElseThrow();
            assertThatThrownBy(() -> extract.extract("numbers", source, splits, RangesConnectorProvider.SCHEMA,
                    (rows, bytes) -> { }))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("Extracting numbers in 2 Spark partitions from sk_ranges.default")
                    .hasMessageContaining("split 1 lost its connection")
                    .satisfies(e -> assertThat(e.toString() + e.getCause()).doesNotContain("s3cret"));
            assertThatThrownBy(() -> spark.schemaOf("numbers")).isInstanceOf(ExecutionFailedException.class);
        }
    }
}
