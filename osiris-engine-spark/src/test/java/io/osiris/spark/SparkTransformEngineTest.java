package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.Sandbox;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.engine.TransformEngine.FileFormat;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine seam on Spark local[2], against the DuckDB engine for the same rows. */
class SparkTransformEngineTest {
    static final RowSchema SCHEMA = RowSchema.of(
            new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("name", ColumnType.STRING),
            new ColumnInfo("price", ColumnType.decimal(8, 2)),
            new ColumnInfo("seen", ColumnType.TIMESTAMP),
            new ColumnInfo("paid", ColumnType.TIMESTAMP_TZ),
            new ColumnInfo("day", ColumnType.DATE),
            new ColumnInfo("ok", ColumnType.BOOLEAN),
            new ColumnInfo("big", ColumnType.BIGINT),
            new ColumnInfo("ratio", ColumnType.DOUBLE),
            new ColumnInfo("small", ColumnType.SMALLINT));

    static List<List<Object>> rows() {
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList(1, "plain", new BigDecimal("8.80"), LocalDateTime.of(2024, 1, 2, 3, 4, 5),
                OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC), LocalDate.of(2024, 1, 2), true,
                9_000_000_000L, 0.5, (short) 7));
        rows.add(Arrays.asList(2, "comma, \"quote\"\nline", new BigDecimal("-1.05"),
                LocalDateTime.of(2024, 12, 31, 23, 59, 59, 123_000_000),
                OffsetDateTime.of(2024, 12, 31, 23, 59, 59, 500_000_000, ZoneOffset.UTC), LocalDate.of(1999, 12, 31),
                false, -1L, 2.25, (short) -3));
        rows.add(Arrays.asList(3, "", null, null, null, null, null, null, null, null));
        rows.add(Arrays.asList(4, null, new BigDecimal("0.00"), LocalDateTime.of(2000, 1, 1, 0, 0),
                OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), LocalDate.of(2000, 2, 29), true, 0L, -0.125,
                (short) 0));
        return rows;
    }

    @TempDir
    Path dir;

    @Test
    void rowsComeBackWithTheirTypesAndValues() {
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            TransformEngine.Loaded loaded = spark.load("items", RowStream.of(SCHEMA, rows()), (r, b) -> { });
            assertThat(loaded.rows()).isEqualTo(4);
            assertThat(spark.schemaOf("items").columns()).extracting(c -> c.name() + " " + c.type())
                    .containsExactly("id INTEGER", "name STRING", "price DECIMAL(8,2)", "seen TIMESTAMP",
                            "paid TIMESTAMP_TZ", "day DATE", "ok BOOLEAN", "big BIGINT", "ratio DOUBLE",
                            "small SMALLINT");
            assertThat(read(spark, "items")).containsExactlyInAnyOrderElementsOf(rows());
        }
    }

    @Test
    void aRowsHashTellsItApartSoARunCanDropTheRowsTheLastOneLoaded() {
        // What the runner's SeenRows does for an incremental step with a lookback: hash the rows
        // read again, then delete those whose hash the last run kept.
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            spark.load("items", RowStream.of(SCHEMA, rows()), (r, b) -> { });
            spark.createTable("seen", "SELECT " + spark.rowHash("items") + " AS h FROM " + spark.quote("items")
                    + " WHERE id <= 2");
            assertThat(read(spark, "seen")).hasSize(2).allSatisfy(h -> assertThat((String) h.get(0)).hasSize(32));
            long dropped = spark.deleteRows("items", spark.rowHash("items") + " IN (SELECT h FROM "
                    + spark.quote("seen") + ")");
            assertThat(dropped).isEqualTo(2);
            assertThat(read(spark, "items")).extracting(r -> r.get(0)).containsExactlyInAnyOrder(3, 4);
        }
    }

    @Test
    void transformsRunAsSparkSqlWithDoubleQuotedIdentifiers() {
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            spark.load("items", RowStream.of(SCHEMA, rows()), (r, b) -> { });
            assertThat(spark.createTable("cheap", "SELECT \"id\", price * 2 AS twice FROM \"items\" WHERE price < 5"))
                    .isEqualTo(2);
            assertThat(read(spark, "cheap")).containsExactlyInAnyOrder(
                    List.of(2, new BigDecimal("-2.10")), List.of(4, new BigDecimal("0.00")));
            assertThat(spark.deleteRows("items", "ok")).isEqualTo(2);
            assertThat(read(spark, "items")).extracting(r -> r.get(0)).containsExactlyInAnyOrder(2, 3);
        }
    }

    @Test
    void aBadTransformFailsNamingTheStep() {
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            assertThatThrownBy(() -> spark.createTable("broken", "SELECT nope FROM missing_table"))
                    .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("Transform broken failed");
        }
    }

    @Test
    void csvIsWhatTheDuckDbEngineWritesForTheSameRows() throws Exception {
        Path fromSpark = dir.resolve("spark.csv");
        Path fromDuck = dir.resolve("duck.csv");
        for (LoadTarget target : List.of(LoadTarget.CSV)) {
            try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none().with(fromSpark))) {
                spark.load("items", RowStream.of(SCHEMA, rows()), (r, b) -> { });
                spark.createTable("sorted", "SELECT * FROM items ORDER BY id");
                assertThat(spark.export("sorted", FileFormat.of(target), fromSpark)).isEqualTo(4);
            }
            try (TransformEngine duck = DuckDbTransformEngine.open(dir, "256MB", 1, Sandbox.none().with(fromDuck))) {
                duck.load("items", RowStream.of(SCHEMA, rows()), (r, b) -> { });
                duck.createTable("sorted", "SELECT * FROM items ORDER BY id");
                duck.export("sorted", FileFormat.of(target), fromDuck);
            }
        }
        assertThat(Files.readString(fromSpark)).isEqualTo(Files.readString(fromDuck));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")))
                    .as("no directory of parts is left beside the target").isEmpty();
        }
    }

    @Test
    void aTransformCannotWriteFilesOrCreateTables() {
        Path directory = dir.resolve("written");
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            assertThatThrownBy(() -> spark.createTable("sneaky", "INSERT OVERWRITE DIRECTORY '" + directory
                    + "' USING csv SELECT 1 AS x")).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("Transform sneaky failed");
            assertThatThrownBy(() -> spark.createTable("sneaky", "CREATE TABLE t USING parquet AS SELECT 1 AS x"))
                    .isInstanceOf(ExecutionFailedException.class);
        }
        assertThat(directory).doesNotExist();
        assertThat(Path.of("spark-warehouse")).as("Spark's warehouse is under the engine's temporary directory")
                .doesNotExist();
    }

    @Test
    void aFileTheRunDoesNotDeclareIsNotWritten() {
        Path undeclared = dir.resolve("elsewhere.csv");
        try (TransformEngine spark = SparkTests.factory(dir).open(Sandbox.none())) {
            spark.load("items", RowStream.of(SCHEMA, rows()), (r, b) -> { });
            assertThatThrownBy(() -> spark.export("items", FileFormat.of(LoadTarget.CSV), undeclared))
                    .hasMessageContaining("not one of them");
        }
        assertThat(undeclared).doesNotExist();
    }

    static List<List<Object>> read(TransformEngine engine, String table) {
        List<List<Object>> rows = new ArrayList<>();
        try (RowStream stream = engine.read(table)) {
            while (stream.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < stream.schema().size(); i++) {
                    row.add(stream.get(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
