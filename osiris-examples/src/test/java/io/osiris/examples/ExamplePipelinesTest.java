package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import java.io.IOException;
import java.net.URISyntaxException;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example pipeline is valid, and those writing files and DuckDB files do exactly what
 * their comments say on a fresh movies database. The MySQL and Supabase ones run in
 * {@link ExampleDatabasePipelinesIT}.
 */
class ExamplePipelinesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void createTheDemoDatabase() {
        MoviesDatabase.createDuckDb(dir.resolve(ExamplePipelines.DEMO_DATABASE));
    }

    static Stream<String> examples() {
        return ExamplePipelines.ALL.stream();
    }

    @Test
    void everyPipelineFileIsListed() throws IOException, URISyntaxException {
        Path folder = Path.of(ExamplePipelines.class.getResource("pipelines").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")))
                    .containsExactlyInAnyOrderElementsOf(ExamplePipelines.ALL);
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void validatesAndIsNamedLikeItsFile(String name) {
        String yaml = ExamplePipelines.yaml(name);
        assertThat(yaml).startsWith("# osiris-pipeline-v2\n");
        // Examples teach: each explains itself in comments beyond the magic line.
        assertThat(yaml.lines().filter(l -> l.strip().startsWith("#")).count()).isGreaterThan(1);
        Pipeline pipeline = Pipelines.parser().parse(yaml, name + ".yaml");
        assertThat(pipeline.name()).isEqualTo(name);
    }

    @Test
    void everyLoadTargetAndModeHasAnExample() {
        List<String> shown = new ArrayList<>();
        for (String name : ExamplePipelines.ALL) {
            for (LoadStep load : Pipelines.parser().parse(ExamplePipelines.yaml(name), name).loads()) {
                shown.add(load.to() + (load.target().isFile() ? "" : ":" + load.mode().name().toLowerCase()));
            }
        }
        assertThat(shown).contains("csv", "parquet", "json",
                "duckdb:append", "duckdb:replace", "duckdb:upsert",
                "mysql:append", "mysql:replace", "mysql:upsert",
                "supabase:append", "supabase:replace", "supabase:upsert");
    }

    @Test
    void topRatedMoviesWritesTheMoviesAveragingAboveEight() throws IOException {
        RunReport report = run(ExamplePipelines.TOP_RATED_MOVIES);
        List<String> lines = Files.readAllLines(dir.resolve("output/top_rated_movies.csv"), StandardCharsets.UTF_8);
        assertThat(lines).first().isEqualTo("movie_id,title,release_year,director,avg_rating,reviews");
        assertThat(lines).element(1).isEqualTo("4,The Dark Knight,2008,Christopher Nolan,8.80,4");
        assertThat(lines).hasSize(1 + 18);
        assertThat(report.step("save_csv").rows()).isEqualTo(18);
    }

    @Test
    void directorsToCsvCountsEachDirectorsMovies() throws IOException {
        RunReport report = run("directors_to_csv");
        assertThat(Files.readAllLines(dir.resolve("output/directors.csv"), StandardCharsets.UTF_8)).containsExactly(
                "director,nationality,movies",
                "Christopher Nolan,British-American,6",
                "Alfonso Cuarón,Mexican,3",
                "Ava DuVernay,American,3",
                "Bong Joon-ho,South Korean,3",
                "Denis Villeneuve,Canadian,3",
                "Greta Gerwig,American,3",
                "Hayao Miyazaki,Japanese,3",
                "Jordan Peele,American,3",
                "Quentin Tarantino,American,3",
                "Chloé Zhao,Chinese-American,2",
                "Céline Sciamma,French,2",
                "Kathryn Bigelow,American,2");
        assertThat(report.step("save_csv").rows()).isEqualTo(12);
    }

    @Test
    void sciFiMoviesToParquetKeepsTypesAndOrder() throws SQLException {
        RunReport report = run("sci_fi_movies_to_parquet");
        Path parquet = dir.resolve("output/sci_fi_movies.parquet");
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT movie_id, title, release_year, director, box_office_musd, "
                        + "typeof(box_office_musd) FROM read_parquet('" + parquet + "')")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getInt(3) + "|" + rs.getString(4) + "|"
                        + rs.getBigDecimal(5) + "|" + rs.getString(6));
            }
        }
        assertThat(rows).containsExactly(
                "29|Children of Men|2006|Alfonso Cuarón|70.50|DECIMAL(8,2)",
                "1|Inception|2010|Christopher Nolan|836.80|DECIMAL(8,2)",
                "13|Snowpiercer|2013|Bong Joon-ho|86.80|DECIMAL(8,2)",
                "28|Gravity|2013|Alfonso Cuarón|723.20|DECIMAL(8,2)",
                "2|Interstellar|2014|Christopher Nolan|677.50|DECIMAL(8,2)",
                "14|Arrival|2016|Denis Villeneuve|203.40|DECIMAL(8,2)",
                "16|Blade Runner 2049|2017|Denis Villeneuve|276.60|DECIMAL(8,2)",
                "35|Tenet|2020|Christopher Nolan|365.30|DECIMAL(8,2)",
                "15|Dune|2021|Denis Villeneuve|407.60|DECIMAL(8,2)");
        assertThat(report.step("save_parquet").rows()).isEqualTo(9);
    }

    @Test
    void parasiteReviewsToJsonWritesOneObjectPerLineNewestFirst() throws IOException {
        run("parasite_reviews_to_json");
        ObjectMapper json = new ObjectMapper();
        List<String> reviews = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("output/parasite_reviews.json"), StandardCharsets.UTF_8)) {
            JsonNode review = json.readTree(line);
            reviews.add(review.get("review_id").asInt() + "|" + review.get("review_date").asText() + "|"
                    + review.get("rating").asText() + "|" + review.get("comment").asText());
        }
        assertThat(reviews).containsExactly(
                "42|2020-05-22|8.7|A masterpiece.",
                "45|2020-05-07|8.4|Unforgettable score.",
                "41|2020-01-16|8.5|Worth a second watch.",
                "43|2019-09-10|8.5|Worth a second watch.",
                "44|2019-04-18|8.7|Powerful and moving.");
    }

    @Test
    void duckDbAppendAddsEveryRunsRows() throws SQLException {
        WriteModes.appendAddsEveryRunsRows(() -> run("movie_ratings_duckdb_append"), this::warehouse,
                "movie_ratings_append");
    }

    @Test
    void duckDbReplaceLeavesExactlyTheNewRows() throws SQLException {
        WriteModes.replaceLeavesExactlyTheNewRows(() -> run("movie_ratings_duckdb_replace"), this::warehouse,
                "movie_ratings_replace");
    }

    @Test
    void duckDbUpsertUpdatesByPrimaryKey() throws SQLException {
        WriteModes.upsertUpdatesByKey(() -> run("movie_ratings_duckdb_upsert"), this::warehouse,
                "movie_ratings_upsert");
    }

    private Connection warehouse() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("output/warehouse.duckdb"));
    }

    private RunReport run(String name) {
        Pipeline pipeline = Pipelines.parser().parse(ExamplePipelines.yaml(name), name + ".yaml");
        return PipelineRunner.builder().workingDirectory(dir).build().run(pipeline);
    }
}
