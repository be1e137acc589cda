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
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.connector.memory.MemoryConnectorProvider;
import io.osiris.connector.memory.MemoryDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collections;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extract splits read by Spark's tasks, each through a connector opened on the executor or the
 * run's own reader, every type handed to Spark as its internal value.
 */
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

    @Test
    void everyTypeReadInTasksIsWhatTheDriverStagesForTheSameRows() {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("b", ColumnType.BOOLEAN), new ColumnInfo("s", ColumnType.SMALLINT),
                new ColumnInfo("big", ColumnType.BIGINT), new ColumnInfo("r", ColumnType.REAL),
                new ColumnInfo("d", ColumnType.DOUBLE), new ColumnInfo("dec", ColumnType.decimal(12, 3)),
                new ColumnInfo("t", ColumnType.STRING), new ColumnInfo("j", ColumnType.JSON),
                new ColumnInfo("u", ColumnType.UUID), new ColumnInfo("tm", ColumnType.TIME),
                new ColumnInfo("iv", ColumnType.INTERVAL), new ColumnInfo("day", ColumnType.DATE),
                new ColumnInfo("ts", ColumnType.TIMESTAMP), new ColumnInfo("tz", ColumnType.TIMESTAMP_TZ),
                new ColumnInfo("bin", ColumnType.BINARY));
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList(1, true, (short) -7, Long.MAX_VALUE, 1.5f, -0.25, new BigDecimal("12.5"), "é, \"x\"\n",
                "{\"a\": [1, 2]}", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), LocalTime.of(23, 59, 59, 123_456_000),
                Duration.ofHours(-30).minusMillis(5), LocalDate.of(1969, 12, 31),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000),
                OffsetDateTime.of(2024, 2, 29, 12, 0, 0, 1_000, ZoneOffset.ofHours(5)), new byte[] {0, -1, 42}));
        rows.add(Arrays.asList(2, false, (short) 0, 0L, 0f, 0d, new BigDecimal("-999999999.999"), "", "null",
                UUID.fromString("00000000-0000-0000-0000-000000000000"), LocalTime.MIDNIGHT, Duration.ZERO,
                LocalDate.of(1, 1, 1), LocalDateTime.of(9999, 12, 31, 23, 59, 59),
                OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), new byte[0]));
        List<Object> nulls = new ArrayList<>(Collections.nCopies(schema.size(), null));
        nulls.set(0, 3);
        rows.add(nulls);
        String name = "sk_types_" + UUID.randomUUID().toString().replace("-", "");
        MemoryDatabase.builder(name).splitRead(true).table("types", schema, rows).register();
        Extraction table = new Extraction.Table("types", List.of(), "", 0);
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none());
                var memory = new MemoryConnectorProvider().open(new ConnectorConfig("memory", name, Map.of()))) {
            SplitRead reader = memory.capability(SplitRead.class).orElseThrow();
            var splits = reader.plan(table, SplitRequest.exactly(3)).splits();
            assertThat(splits).hasSize(3);
            spark.capability(SplitExtract.class).orElseThrow().extract("split", new SplitSource("memory", name, Map.of(),
                    table, Optional.of(reader)), splits, schema, (r, b) -> { });
            spark.load("staged", RowStream.of(schema, rows), (r, b) -> { });
            spark.createTable("split_sorted", "SELECT * FROM split ORDER BY id");
            spark.createTable("staged_sorted", "SELECT * FROM staged ORDER BY id");
            List<List<Object>> read = SparkTransformEngineTest.read(spark, "split_sorted");
            assertThat(spark.schemaOf("split")).isEqualTo(spark.schemaOf("staged"));
            assertThat(read).usingRecursiveComparison().isEqualTo(SparkTransformEngineTest.read(spark, "staged_sorted"));
            // Back as they went in, the instant in UTC.
            assertThat(read.get(0).get(14)).isEqualTo(OffsetDateTime.of(2024, 2, 29, 7, 0, 0, 1_000, ZoneOffset.UTC));
            assertThat(read.get(0).subList(0, 14)).usingRecursiveComparison()
                    .withComparatorForType(BigDecimal::compareTo, BigDecimal.class).isEqualTo(rows.get(0).subList(0, 14));
            assertThat(read.get(2)).isEqualTo(nulls);
        } finally {
            MemoryDatabase.forget(name);
        }
    }
}
