package com.example.movies;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.test.OsirisPipelineTest;
import io.osiris.test.PipelineHarness;
import io.osiris.test.PipelineOutputs;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped pipeline, run for real on the embedded engine, with MySQL replaced by tables given here. */
@OsirisPipelineTest
class TopMoviesTest {
    record Movie(int movieId, String title) {
    }

    record TopMovie(int movieId, String title, BigDecimal avgRating, long reviews) {
    }

    @Test
    void keepsMoviesRatedAboveEightBestFirst(PipelineHarness osiris) {
        PipelineOutputs out = osiris.pipeline(MoviesReport.PIPELINE)
                .source("mysql", "default", db -> db
                        .records("movies", List.of(new Movie(1, "Alien"), new Movie(2, "Cats"), new Movie(3, "Heat")))
                        .csv("reviews", """
                                movie_id,rating
                                1,9.0
                                1,8.5
                                2,2.5
                                3,9.5
                                """))
                .run();

        assertThat(out.rows("output/top_movies.csv").as(TopMovie.class)).containsExactly(
                new TopMovie(3, "Heat", new BigDecimal("9.5"), 1),
                new TopMovie(1, "Alien", new BigDecimal("8.75"), 2));
    }
}
