package io.osiris.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.template.TemplateMatch;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.movies.MoviesFixture;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Sentences matched against the movies schema, without an LLM. */
class TemplateMatchingTest {
    @TempDir
    static Path dir;

    static Connector connector;
    static TemplateEngine engine;

    @BeforeAll
    static void movies() {
        Path file = MoviesFixture.createDuckDb(dir.resolve("movies.duckdb"));
        connector = new DuckDbConnectorProvider().open(new ConnectorConfig("duckdb", "demo",
                Map.of("path", file.toString(), "read_only", "true")));
        DiscoveryService discovery = DiscoveryService.builder(connector.discovery(), "duckdb.demo").build();
        engine = TemplateEngine.builder(TemplateSource.connection("duckdb", "demo", SqlDialect.DUCKDB), discovery)
                .build();
    }

    @AfterAll
    static void close() {
        connector.close();
    }

    static Stream<Arguments> phrasings() {
        return Stream.of(
                Arguments.of("top 10 movies by box office", "top_n",
                        p("table", "movies", "order_by", "box_office_musd", "n", 10)),
                Arguments.of("the 5 longest movies", "top_n", p("table", "movies", "order_by", "runtime_minutes", "n", 5)),
                Arguments.of("3 lowest rated reviews", "top_n",
                        p("table", "reviews", "order_by", "rating", "n", 3, "direction", "asc")),
                Arguments.of("top 5 directors by awards", "top_n",
                        p("table", "directors", "order_by", "awards", "n", 5)),
                Arguments.of("highest grossing movies", "top_n", p("table", "movies", "order_by", "box_office_musd")),
                Arguments.of("most expensive movies", "top_n", p("table", "movies", "order_by", "budget_musd")),
                Arguments.of("the 3 oldest directors", "top_n",
                        p("table", "directors", "order_by", "birth_year", "n", 3, "direction", "asc")),
                Arguments.of("average rating per reviewer", "aggregation",
                        p("table", "reviews", "group_by", "reviewer", "function", "avg", "measure", "rating")),
                Arguments.of("number of movies per genre", "aggregation",
                        p("table", "movies", "group_by", "genre", "function", "count")),
                Arguments.of("total box office by genre", "aggregation",
                        p("table", "movies", "group_by", "genre", "function", "sum", "measure", "box_office_musd")),
                Arguments.of("how many reviews per reviewer", "aggregation",
                        p("table", "reviews", "group_by", "reviewer", "function", "count")),
                Arguments.of("reviews per month", "time_series",
                        p("table", "reviews", "date_column", "review_date", "interval", "month", "function", "count")),
                Arguments.of("average rating by month", "time_series", p("table", "reviews", "date_column",
                        "review_date", "interval", "month", "function", "avg", "measure", "rating")),
                Arguments.of("yearly reviews", "time_series",
                        p("table", "reviews", "date_column", "review_date", "interval", "year", "function", "count")),
                Arguments.of("number of reviews over time", "time_series",
                        p("table", "reviews", "date_column", "review_date", "interval", "month", "function", "count")),
                Arguments.of("movies with their directors", "simple_join",
                        p("table", "movies", "join_table", "directors")),
                Arguments.of("reviews along with their movies", "simple_join",
                        p("table", "reviews", "join_table", "movies")),
                Arguments.of("reviews with a rating above 8", "filter_extract",
                        p("table", "reviews", "column", "rating", "operator", ">", "value", "8")),
                Arguments.of("movies released after 2015", "filter_extract",
                        p("table", "movies", "column", "release_year", "operator", ">", "value", "2015")),
                Arguments.of("movies where genre is Drama", "filter_extract",
                        p("table", "movies", "column", "genre", "operator", "=", "value", "Drama")),
                Arguments.of("movies with a runtime over 150", "filter_extract",
                        p("table", "movies", "column", "runtime_minutes", "operator", ">", "value", "150")),
                Arguments.of("actors born after 1980", "filter_extract",
                        p("table", "actors", "column", "birth_year", "operator", ">", "value", "1980")),
                Arguments.of("directors whose nationality is 'South Korean'", "filter_extract",
                        p("table", "directors", "column", "nationality", "operator", "=", "value", "South Korean")),
                Arguments.of("compare Drama and Sci-Fi movies by box office", "comparison",
                        p("table", "movies", "group_by", "genre", "measure", "box_office_musd", "values", "Sci-Fi,Drama")),
                Arguments.of("compare genres by budget", "comparison",
                        p("table", "movies", "group_by", "genre", "measure", "budget_musd")),
                Arguments.of("distribution of ratings", "distribution", p("table", "reviews", "column", "rating")),
                Arguments.of("histogram of movie runtimes in 5 buckets", "distribution",
                        p("table", "movies", "column", "runtime_minutes", "buckets", 5)),
                Arguments.of("breakdown of movies by genre", "distribution", p("table", "movies", "column", "genre")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("phrasings")
    void matchesASentenceToATemplateAndFillsItsParameters(String sentence, String template,
            Map<String, Object> params) {
        TemplateMatch match = engine.match(sentence).orElseThrow(() -> new AssertionError("no match: " + sentence));
        assertThat(match.template().name()).as(sentence + " " + match).isEqualTo(template);
        assertThat(match.params()).as(sentence).isEqualTo(params);
        assertThat(match.missing()).as(sentence).isEmpty();
        assertThat(match.score()).isBetween(0.0, 1.0);
        // What a match fills renders into a valid pipeline.
        assertThat(engine.apply(match.template(), match.params())).startsWith("# osiris-pipeline-v2");
    }

    @Test
    void aMatchListsTheRequiredParametersItCouldNotFill() {
        TemplateMatch match = engine.match("top 10 please").orElseThrow();
        assertThat(match.template().name()).isEqualTo("top_n");
        assertThat(match.params()).isEmpty();
        assertThat(match.missing()).containsExactly("table", "order_by");
    }

    @Test
    void aSentenceWithNothingToGoOnMatchesNothing() {
        assertThat(engine.match("hello there")).isEmpty();
        assertThat(engine.match("   ")).isEmpty();
    }

    @Test
    void stemmingMakesRatedRatingAndRatingsMeet() {
        assertThat(SentenceMatcher.stem("rated")).isEqualTo(SentenceMatcher.stem("rating"))
                .isEqualTo(SentenceMatcher.stem("ratings"));
        assertThat(SentenceMatcher.stem("movies")).isEqualTo(SentenceMatcher.stem("movie"));
        assertThat(SentenceMatcher.parts("box_office_musd", true)).containsExactly("box", "offic");
    }

    private static Map<String, Object> p(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

}
