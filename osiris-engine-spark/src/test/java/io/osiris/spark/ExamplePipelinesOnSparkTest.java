package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example pipelines on the movies database give the same rows on Spark {@code local[2]}
 * (chosen by the config's {@code engine:} section) as on the embedded DuckDB.
 */
class ExamplePipelinesOnSparkTest {
    @TempDir
    Path duck;
    @TempDir
    Path spark;

    @Test
    void directorsCsvIsTheSameBytes() throws Exception {
        RunReport onDuck = run("directors_to_csv", duck, false);
        RunReport onSpark = run("directors_to_csv", spark, true);
        assertThat(Files.readString(spark.resolve("output/directors.csv"), StandardCharsets.UTF_8))
                .isEqualTo(Files.readString(duck.resolve("output/directors.csv"), StandardCharsets.UTF_8));
        assertThat(onSpark.steps()).extracting(s -> s.id() + "=" + s.rows())
                .containsExactlyElementsOf(onDuck.steps().stream().map(s -> s.id() + "=" + s.rows()).toList());
    }

    /**
     * The same bytes but one line: DuckDB's AVG of a DECIMAL is a DOUBLE, Spark's an exact DECIMAL, so
     * an average of exactly 8.075 rounds to 8.07 on DuckDB (8.07499...) and 8.08 on Spark. A dialect
     * difference the docs list.
     */
    @Test
    void topRatedMoviesCsvDiffersOnlyWhereDuckDbAveragesInDoubles() throws Exception {
        run("top_rated_movies", duck, false);
        run("top_rated_movies", spark, true);
        List<String> fromSpark = Files.readAllLines(spark.resolve("output/top_rated_movies.csv"));
        List<String> fromDuck = Files.readAllLines(duck.resolve("output/top_rated_movies.csv"));
        assertThat(fromSpark).hasSize(19).hasSameSizeAs(fromDuck);
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < fromSpark.size(); i++) {
            if (!fromSpark.get(i).equals(fromDuck.get(i))) {
                differ.add(fromDuck.get(i) + " -> " + fromSpark.get(i));
            }
        }
        assertThat(differ).containsExactly("16,Blade Runner 2049,2017,Denis Villeneuve,8.07,4"
                + " -> 16,Blade Runner 2049,2017,Denis Villeneuve,8.08,4");
    }

    @Test
    void parquetHoldsTheSameTypedRowsInTheSameOrder() throws Exception {
        run("sci_fi_movies_to_parquet", duck, false);
        run("sci_fi_movies_to_parquet", spark, true);
        String select = "SELECT movie_id, title, release_year, director, box_office_musd, typeof(box_office_musd)"
                + " FROM read_parquet('%s')";
        assertThat(rows(null, String.format(select, spark.resolve("output/sci_fi_movies.parquet"))))
                .hasSize(9)
                .containsExactlyElementsOf(rows(null, String.format(select, duck.resolve("output/sci_fi_movies.parquet"))));
    }

    /** {@code CAST(x AS VARCHAR)} is DuckDB's; Spark wants a length or {@code STRING}, which both read. */
    @Test
    void jsonHoldsTheSameObjectsOnceTheCastIsPortable() throws Exception {
        assertThatThrownBy(() -> run("parasite_reviews_to_json", spark, true))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("Transform newest_first failed on Spark");
        String portable = ExamplePipelines.yaml("parasite_reviews_to_json").replace("AS VARCHAR", "AS STRING");
        run("parasite_reviews_to_json", portable, duck, false);
        run("parasite_reviews_to_json", portable, spark, true);
        ObjectMapper json = new ObjectMapper();
        List<Object> fromSpark = new ArrayList<>();
        for (String line : Files.readAllLines(spark.resolve("output/parasite_reviews.json"))) {
            fromSpark.add(json.readTree(line));
        }
        List<Object> fromDuck = new ArrayList<>();
        for (String line : Files.readAllLines(duck.resolve("output/parasite_reviews.json"))) {
            fromDuck.add(json.readTree(line));
        }
        assertThat(fromSpark).hasSize(5).containsExactlyElementsOf(fromDuck);
    }

    /** Appending twice shows the second run's rows added to the first's. */
    @ParameterizedTest
    @ValueSource(strings = {"append", "replace", "upsert"})
    void databaseLoadsLeaveTheSameRows(String mode) throws Exception {
        String name = "movie_ratings_duckdb_" + mode;
        String select = "SELECT * FROM movie_ratings_" + mode + " ORDER BY ALL";
        run(name, duck, false);
        run(name, spark, true);
        List<String> once = rows(spark.resolve("output/warehouse.duckdb"), select);
        assertThat(once).isNotEmpty().containsExactlyElementsOf(rows(duck.resolve("output/warehouse.duckdb"), select));
        if (!mode.equals("append")) {
            return;
        }
        run(name, duck, false);
        run(name, spark, true);
        assertThat(rows(spark.resolve("output/warehouse.duckdb"), select))
                .containsExactlyElementsOf(rows(duck.resolve("output/warehouse.duckdb"), select));
    }

    private static RunReport run(String name, Path dir, boolean onSpark) {
        return run(name, ExamplePipelines.yaml(name), dir, onSpark);
    }

    private static RunReport run(String name, String yaml, Path dir, boolean onSpark) {
        if (!Files.exists(dir.resolve(ExamplePipelines.DEMO_DATABASE))) {
            MoviesDatabase.createDuckDb(dir.resolve(ExamplePipelines.DEMO_DATABASE));
        }
        Pipeline pipeline = Pipelines.parser().parse(yaml, name + ".yaml");
        OsirisConfig.Builder config = OsirisConfig.builder().projectDirectory(dir);
        if (onSpark) {
            config.engine(SparkTests.LOCAL);
        }
        try (PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp"))
                .config(config.build()).build()) {
            return runner.run(pipeline);
        }
    }

    /** Each row as one line of text, typed values as DuckDB prints them. */
    private static List<String> rows(Path database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + (database == null ? "" : database));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
