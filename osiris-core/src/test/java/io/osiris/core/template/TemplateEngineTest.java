package io.osiris.core.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.template.ParameterType;
import io.osiris.api.template.Template;
import io.osiris.api.template.TemplateParameter;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.movies.MoviesFixture;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every template rendered and run against the movies database, compared with hand-written SQL. */
class TemplateEngineTest {
    @TempDir
    static Path dir;

    static Path movies;
    /** A second copy for the hand-written SQL: DuckDB opens one file once per process. */
    static Path oracleMovies;
    static Connector connector;
    static DiscoveryService discovery;
    static TemplateEngine engine;

    @BeforeAll
    static void open() {
        movies = MoviesFixture.createDuckDb(dir.resolve("movies.duckdb"));
        oracleMovies = MoviesFixture.createDuckDb(dir.resolve("oracle.duckdb"));
        connector = new DuckDbConnectorProvider().open(new ConnectorConfig("duckdb", "path",
                Map.of("path", movies.toString())));
        discovery = DiscoveryService.builder(connector.discovery(), "duckdb:" + movies).build();
        engine = TemplateEngine.builder(TemplateSource.file("duckdb", movies.toString(), SqlDialect.DUCKDB), discovery)
                .outputDirectory(dir.resolve("output").toString()).build();
    }

    @AfterAll
    static void close() {
        connector.close();
    }

    /** Template, parameters, and the SQL over the movies database that gives the same rows. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("top_n", p("table", "movies", "order_by", "box_office_musd", "n", 5,
                        "columns", "title,box_office_musd"),
                        "SELECT title, box_office_musd FROM movies ORDER BY box_office_musd DESC NULLS LAST, movie_id LIMIT 5"),
                Arguments.of("top_n", p("table", "reviews", "order_by", "rating", "n", "3", "direction", "asc",
                        "columns", List.of("review_id", "rating")),
                        "SELECT review_id, rating FROM reviews ORDER BY rating, review_id LIMIT 3"),
                Arguments.of("aggregation", p("table", "reviews", "group_by", "reviewer", "function", "avg",
                        "measure", "rating"),
                        "SELECT reviewer, round(avg(rating::DOUBLE), 2) AS avg_rating FROM reviews GROUP BY reviewer "
                                + "ORDER BY avg_rating DESC, reviewer"),
                Arguments.of("aggregation", p("table", "movies", "group_by", "genre"),
                        "SELECT genre, count(*) AS count FROM movies GROUP BY genre ORDER BY count DESC, genre"),
                Arguments.of("time_series", p("table", "reviews", "date_column", "review_date", "interval", "year"),
                        "SELECT make_date(year(review_date), 1, 1) AS period, count(*) AS count FROM reviews "
                                + "GROUP BY period ORDER BY period"),
                Arguments.of("time_series", p("table", "reviews", "date_column", "review_date", "function", "max",
                        "measure", "rating"),
                        "SELECT make_date(year(review_date), month(review_date), 1) AS period, max(rating) AS max_rating "
                                + "FROM reviews GROUP BY period ORDER BY period"),
                Arguments.of("simple_join", p("table", "movies", "join_table", "directors", "columns", "title,name"),
                        "SELECT m.title, d.name FROM movies m JOIN directors d USING (director_id) ORDER BY m.movie_id"),
                Arguments.of("simple_join", p("table", "reviews", "join_table", "movies",
                        "columns", "review_id,title,rating"),
                        "SELECT r.review_id, m.title, r.rating FROM reviews r JOIN movies m USING (movie_id) "
                                + "ORDER BY r.review_id"),
                Arguments.of("filter_extract", p("table", "reviews", "column", "rating", "operator", ">=",
                        "value", "9.0", "columns", "review_id,reviewer,rating"),
                        "SELECT review_id, reviewer, rating FROM reviews WHERE rating >= 9 ORDER BY review_id"),
                Arguments.of("filter_extract", p("table", "movies", "column", "title", "operator", "contains",
                        "value", "THE", "columns", "title"),
                        "SELECT title FROM movies WHERE lower(title) LIKE '%the%' ORDER BY movie_id"),
                Arguments.of("filter_extract", p("table", "reviews", "column", "review_date", "operator", "<",
                        "value", "2011-01-01", "columns", "review_id"),
                        "SELECT review_id FROM reviews WHERE review_date < DATE '2011-01-01' ORDER BY review_id"),
                Arguments.of("comparison", p("table", "movies", "group_by", "genre", "measure", "box_office_musd",
                        "values", "Drama, Sci-Fi"),
                        "SELECT genre, count(box_office_musd) AS count, round(avg(box_office_musd::DOUBLE), 2) "
                                + "AS avg_box_office_musd, min(box_office_musd) AS min_box_office_musd, "
                                + "max(box_office_musd) AS max_box_office_musd, sum(box_office_musd) AS sum_box_office_musd "
                                + "FROM movies WHERE genre IN ('Drama', 'Sci-Fi') GROUP BY genre ORDER BY genre"),
                Arguments.of("distribution", p("table", "movies", "column", "genre"),
                        "SELECT genre AS value, count(*) AS count FROM movies GROUP BY genre ORDER BY count DESC, value"),
                Arguments.of("distribution", p("table", "reviews", "column", "rating", "buckets", 4),
                        // Four equal-width buckets between the lowest and the highest rating, counted another way.
                        "WITH r AS (SELECT min(rating)::DOUBLE AS lo, max(rating)::DOUBLE AS hi FROM reviews), "
                                + "k AS (SELECT range AS i FROM range(4)) "
                                + "SELECT k.i + 1 AS bucket, round(r.lo + k.i * (r.hi - r.lo) / 4, 4) AS range_start, "
                                + "round(r.lo + (k.i + 1) * (r.hi - r.lo) / 4, 4) AS range_end, "
                                + "(SELECT count(*) FROM reviews WHERE rating::DOUBLE >= r.lo + k.i * (r.hi - r.lo) / 4 "
                                + "AND (rating::DOUBLE < r.lo + (k.i + 1) * (r.hi - r.lo) / 4 OR k.i = 3)) AS count "
                                + "FROM k, r ORDER BY bucket"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void eachTemplateGivesExactlyTheRowsOfItsSql(String template, Map<String, Object> params, String oracle)
            throws Exception {
        String yaml = engine.apply(engine.template(template), params);
        Pipeline pipeline = Pipelines.parse(yaml);
        PipelineRunner.builder().workingDirectory(dir).build().run(pipeline);
        Path out = dir.resolve("output").resolve(pipeline.name() + ".csv");
        assertThat(Files.readString(out)).as(yaml).isEqualTo(expected(oracle));
    }

    @Test
    void theCatalogHasTheSevenTemplatesWithTypedParameters() {
        assertThat(engine.listTemplates()).extracting(Template::name).containsExactly("top_n", "aggregation",
                "time_series", "simple_join", "filter_extract", "comparison", "distribution");
        Template topN = Templates.find("top_n").orElseThrow();
        assertThat(topN.parameters()).extracting(TemplateParameter::name)
                .startsWith("table", "order_by", "n", "columns", "direction").contains("format", "output");
        assertThat(topN.parameters().get(1)).satisfies(p -> {
            assertThat(p.type()).isEqualTo(ParameterType.COLUMN);
            assertThat(p.required()).isTrue();
        });
        assertThat(topN.parameters().get(2).defaultValue()).isEqualTo("10");
        assertThat(topN.parameters().get(4).choices()).containsExactly("desc", "asc");
        assertThat(topN.examples()).contains("top 10 movies by box office");
        assertThat(engine.listTemplates()).allSatisfy(t -> assertThat(t.examples()).isNotEmpty());
    }

    @Test
    void theGeneratedPipelineReadsTheSourceAndWritesCsvByDefault() {
        TemplateEngine named = TemplateEngine.builder(TemplateSource.connection("duckdb", "demo", SqlDialect.DUCKDB),
                discovery).build();
        String yaml = named.apply(named.template("top_n"), p("table", "movies", "order_by", "box_office_musd"));
        Pipeline pipeline = Pipelines.parse(yaml);
        assertThat(pipeline.name()).isEqualTo("top_n_movies");
        ExtractStep extract = pipeline.extracts().get(0);
        assertThat(extract.source()).isEqualTo("duckdb");
        assertThat(extract.connection()).isEqualTo("demo");
        assertThat(extract.hasPath()).isFalse();
        assertThat(pipeline.loads().get(0).path()).isEqualTo("output/top_n_movies.csv");
        assertThat(yaml).contains("ORDER BY CASE WHEN \"box_office_musd\" IS NULL THEN 1 ELSE 0 END, "
                + "\"box_office_musd\" DESC, \"movie_id\"").contains("LIMIT 10");

        String parquet = named.apply(named.template("top_n"), p("table", "movies", "order_by", "title",
                "format", "parquet", "name", "best", "output", "out/best.parquet"));
        assertThat(Pipelines.parse(parquet).loads().get(0)).satisfies(l -> {
            assertThat(l.to()).isEqualTo("parquet");
            assertThat(l.path()).isEqualTo("out/best.parquet");
        });
    }

    @Test
    void aFileSourceIsReadThroughItsPath() {
        String yaml = engine.apply(engine.template("distribution"), p("table", "movies", "column", "genre"));
        assertThat(Pipelines.parse(yaml).extracts().get(0).path()).isEqualTo(movies.toString());
    }

    @Test
    void identifiersAreQuotedInTheSourceDialectAndTextIsALiteral() {
        TemplateEngine mysql = TemplateEngine.builder(TemplateSource.connection("mysql", "default", SqlDialect.MYSQL),
                discovery).parser(new PipelineParser(Set.of("mysql"))).build();
        String yaml = mysql.apply(mysql.template("filter_extract"), p("table", "movies", "column", "title",
                "value", "it's \\ odd", "columns", "title"));
        String query = Pipelines.parser().parse(yaml.replace("source: mysql", "source: duckdb"), "").extracts()
                .get(0).extraction().toString();
        assertThat(query).contains("SELECT `title`, `movie_id`").contains("FROM `movies`")
                .contains("WHERE `title` = 'it''s \\\\ odd'");
    }

    static Stream<Arguments> injections() {
        return Stream.of(
                Arguments.of("top_n", p("table", "movies", "order_by", "x; DROP TABLE y"), "order_by",
                        "'x; DROP TABLE y' is not a column of movies"),
                Arguments.of("top_n", p("table", "movies; DROP TABLE movies", "order_by", "title"), "table",
                        "is not a table of"),
                Arguments.of("top_n", p("table", "movies", "order_by", "title", "n", "10; DROP TABLE movies"), "n",
                        "is not a whole number"),
                Arguments.of("top_n", p("table", "movies", "order_by", "title", "direction", "desc; DROP TABLE x"),
                        "direction", "is not one of desc, asc"),
                Arguments.of("top_n", p("table", "movies", "order_by", "title", "columns", "title, 1; DELETE"),
                        "columns", "'1; DELETE' is not a column"),
                Arguments.of("filter_extract", p("table", "reviews", "column", "rating", "value", "8 OR 1=1"), "value",
                        "'8 OR 1=1' is not a value of rating (DECIMAL(3,1))"),
                Arguments.of("filter_extract", p("table", "reviews", "column", "review_date", "value",
                        "2020-01-01' OR '1'='1"), "value", "is not a value of review_date"),
                Arguments.of("aggregation", p("table", "movies", "group_by", "genre", "function",
                        "count(*) FROM movies; --"), "function", "is not one of"),
                Arguments.of("top_n", p("table", "movies", "order_by", "title", "name", "x: y\nz"), "name",
                        "is not a valid pipeline name"));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("injections")
    void aParameterThatIsNotWhatItClaimsIsRefusedByName(String template, Map<String, Object> params,
            String parameter, String message) {
        assertThatThrownBy(() -> engine.apply(engine.template(template), params))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .anySatisfy(problem -> {
                            assertThat(problem.path()).isEqualTo(parameter);
                            assertThat(problem.message()).contains(message);
                        }));
    }

    @Test
    void textWithQuotesIsOnlyEverData() throws Exception {
        String yaml = engine.apply(engine.template("filter_extract"), p("table", "movies", "column", "title",
                "value", "x' OR '1'='1", "name", "quoted"));
        PipelineRunner.builder().workingDirectory(dir).build().run(Pipelines.parse(yaml));
        assertThat(Files.readAllLines(dir.resolve("output/quoted.csv"))).hasSize(1);
    }

    @Test
    void missingAndUnknownParametersAreAllReported() {
        assertThatThrownBy(() -> engine.apply(engine.template("top_n"), p("colour", "red")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactlyInAnyOrder("colour", "table", "order_by"));
        assertThat(TemplateEngine.missing(engine.template("simple_join"), p("table", "movies")))
                .containsExactly("join_table");
    }

    @Test
    void crossParameterRulesAreExplained() {
        assertThatThrownBy(() -> engine.apply(engine.template("aggregation"),
                p("table", "movies", "group_by", "genre", "function", "avg")))
                .hasMessageContaining("measure: the avg needs a measure column; numeric columns of movies: movie_id");
        assertThatThrownBy(() -> engine.apply(engine.template("time_series"),
                p("table", "movies", "date_column", "title")))
                .hasMessageContaining("date_column: 'title' is STRING, not a date or timestamp");
        assertThatThrownBy(() -> engine.apply(engine.template("simple_join"),
                p("table", "movies", "join_table", "actors")))
                .hasMessageContaining("join_table: no foreign key links movies and actors");
        assertThatThrownBy(() -> engine.template("top_ten"))
                .hasMessageContaining("no template 'top_ten'; templates: top_n, aggregation");
    }

    private static String expected(String oracle) throws Exception {
        Path file = Files.createTempFile(dir, "expected", ".csv");
        Files.delete(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + oracleMovies);
                Statement s = c.createStatement()) {
            s.execute("COPY (" + oracle + ") TO '" + file + "' (HEADER, DELIMITER ',')");
        }
        return Files.readString(file);
    }

    private static Map<String, Object> p(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
