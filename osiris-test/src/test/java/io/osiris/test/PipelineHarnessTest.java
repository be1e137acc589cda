package io.osiris.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

@OsirisPipelineTest
class PipelineHarnessTest {
    private static final Path TOP_MOVIES = Path.of("src/test/resources/pipelines/top_movies.yaml");
    private static final List<Path> DIRECTORIES = new ArrayList<>();

    record Movie(long movieId, String title) {
    }

    record TopMovie(int movieId, String title, BigDecimal avgRating, long reviews) {
    }

    private static PipelineUnderTest topMovies(PipelineHarness osiris) {
        DIRECTORIES.add(osiris.directory());
        return osiris.pipeline(TOP_MOVIES)
                .source("mysql", "default", db -> db
                        .records("movies", List.of(new Movie(1, "Alien"), new Movie(2, "Cats"), new Movie(3, "Heat")))
                        .csv("reviews", """
                                movie_id,rating
                                1,9.0
                                1,8.5
                                2,2.5
                                3,8.2
                                3,
                                """));
    }

    @Test
    void runsTheRealPipelineOnTheGivenTablesAndReadsTheCsvBack(PipelineHarness osiris) {
        PipelineOutputs out = topMovies(osiris).run();

        assertThat(out.rows("output/top_movies.csv").asCsv()).isEqualTo("""
                movie_id,title,avg_rating,reviews
                1,Alien,8.75,2
                3,Heat,8.2,1
                """);
        assertThat(out.rows("save_csv").as(TopMovie.class)).containsExactly(
                new TopMovie(1, "Alien", new BigDecimal("8.75"), 2), new TopMovie(3, "Heat", new BigDecimal("8.2"), 1));
        assertThat(out.file("output/top_movies.csv")).startsWith(osiris.directory()).isRegularFile();
        assertThat(out.report().step("movies").rows()).isEqualTo(3);
        assertThat(out.report().step("ratings").rows()).isEqualTo(4);
    }

    @Test
    void aDatabaseTargetIsReplacedTooAndReadBackAfterTheUpsert(PipelineHarness osiris) {
        PipelineOutputs out = topMovies(osiris)
                .source("supabase", "reporting", db -> db.maps("top_movies", List.of(
                        row("movie_id", 3, "title", "Heat (old)", "avg_rating", new BigDecimal("1.00"), "reviews", 9L),
                        row("movie_id", 7, "title", "Kept", "avg_rating", new BigDecimal("7.00"), "reviews", 1L))))
                .run();

        Rows published = out.rows("publish");
        assertThat(published.column("title")).containsExactlyInAnyOrder("Alien", "Heat", "Kept");
        assertThat(out.table("supabase", "reporting", "top_movies").size()).isEqualTo(3);
        assertThat(out.rows("top_movies")).isEqualTo(published);
    }

    @Test
    void aSecondRunSeesWhatTheFirstLoaded(PipelineHarness osiris) {
        topMovies(osiris).run();
        PipelineOutputs again = topMovies(osiris).run();
        assertThat(again.rows("publish").size()).isEqualTo(2);
    }

    @Test
    void fileFormatsAndDuckDbFilesAreReadBackWithTheirTypes(PipelineHarness osiris) {
        PipelineOutputs out = osiris.pipeline(Path.of("src/test/resources/pipelines/formats.yaml"))
                .source("duckdb", "data/events.duckdb", db -> db.table("events", Rows.maps(List.of(
                        row("id", 1L, "day", LocalDate.of(2024, 1, 31), "amount", new BigDecimal("9.50")),
                        row("id", 2L, "day", LocalDate.of(2024, 2, 1), "amount", null)))))
                .run();

        Rows parquet = out.rows("output/events.parquet");
        assertThat(parquet.asMaps()).containsExactly(
                row("id", 1L, "day", LocalDate.of(2024, 1, 31), "amount", new BigDecimal("9.50")),
                row("id", 2L, "day", LocalDate.of(2024, 2, 1), "amount", null));
        assertThat(out.rows("as_json").column("id")).containsExactly(1L, 2L);
        assertThat(out.rows("as_duckdb")).isEqualTo(parquet);
        assertThat(out.table("duckdb", "output/copy.duckdb", "events_copy")).isEqualTo(parquet);
    }

    @Test
    void aPipelineGivenAsTextRunsToo(PipelineHarness osiris) {
        PipelineOutputs out = osiris.pipelineYaml("""
                # osiris-pipeline-v2
                name: shout
                extract:
                  - id: names
                    source: memory
                    connection: shop
                    query: SELECT upper(name) AS name FROM customers WHERE id > 1
                load:
                  - id: save
                    to: csv
                    path: output/names.csv
                """)
                .source("memory", "shop", db -> db.csv("customers", "id,name\n1,ada\n2,grace\n"))
                .run();
        assertThat(out.rows("save").column("name")).containsExactly("GRACE");
    }

    @Test
    void anInvalidPipelineFailsAsOsirisRunWouldWithEveryProblemAndItsLine(PipelineHarness osiris) {
        PipelineUnderTest bad = osiris.pipelineYaml("""
                # osiris-pipeline-v2
                name: bad
                extract:
                  - id: gone
                    source: mysql
                    query: DELETE FROM movies
                load:
                  - id: save
                    from: nowhere
                    to: csv
                    path: output/x.csv
                """);
        assertThatThrownBy(bad::run).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.problems()).hasSize(2);
            assertThat(e.getMessage()).contains("refused SQL").contains("nowhere");
        });
    }

    @Test
    void givingTablesToAConnectionThePipelineDoesNotNameIsRefusedByName(PipelineHarness osiris) {
        PipelineUnderTest typo = topMovies(osiris).source("mysql", "defualt", db -> db.csv("x", "a\n1\n"));
        assertThatThrownBy(typo::run).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("mysql.defualt")
                .hasMessageContaining("it names mysql.default, supabase.reporting");
    }

    @Test
    void anExtractOfATableTheTestDidNotGiveFailsBeforeRunning(PipelineHarness osiris) {
        PipelineUnderTest missing = osiris.pipeline(TOP_MOVIES)
                .source("mysql", "default", db -> db.csv("reviews", "movie_id,rating\n1,9\n"));
        assertThatThrownBy(missing::run).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Extract movies reads table movies of mysql.default")
                .hasMessageContaining("it gave [reviews]")
                .hasMessageNotContaining("--");
        assertThat(osiris.directory().resolve("output/top_movies.csv")).doesNotExist();
    }

    @Test
    void aQueryTheStandInCannotRunFailsNamingTheConnectionAndWhy(PipelineHarness osiris) {
        PipelineUnderTest mysqlOnly = osiris.pipelineYaml("""
                # osiris-pipeline-v2
                name: mysql_only
                extract:
                  - id: days
                    source: mysql
                    query: SELECT DATE_FORMAT(day, '%Y') AS y FROM events
                load:
                  - id: save
                    to: csv
                    path: output/days.csv
                """).source("mysql", "default", db -> db.csv("events", "day\n2024-01-31\n"));
        assertThatThrownBy(mysqlOnly::run).isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("mysql.default (replaced in this test by DuckDB tables)")
                .hasMessageContaining("date_format")
                .hasMessageContaining("a function only mysql has does not");
    }

    @Test
    void unknownLoadNamesListTheLoadsThereAre(PipelineHarness osiris) {
        PipelineOutputs out = topMovies(osiris).run();
        assertThatThrownBy(() -> out.rows("output/top.csv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no load 'output/top.csv' in pipeline top_movies; its loads: save_csv (csv "
                        + "output/top_movies.csv), publish (supabase.reporting table top_movies)");
    }

    @AfterAll
    static void everyTemporaryDirectoryIsDeletedAfterItsTest() {
        assertThat(DIRECTORIES).isNotEmpty().allSatisfy(d -> assertThat(Files.exists(d)).isFalse());
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
