package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void theDemoRunsTheMainJobAndShowsTheRows(@TempDir Path dir) throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("demo", "--dir", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("> Export movies rated above 8.0 to CSV")
                .contains("Approved on your behalf");
        assertThat(r.out()).contains("# osiris-pipeline-v2").contains("output/top_rated_movies.csv (18 rows):")
                .contains("The Dark Knight").contains("Selma");

        List<String> csv = Files.readAllLines(dir.resolve("output/top_rated_movies.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(19);
        assertThat(csv.get(0)).isEqualTo("movie_id,title,release_year,director,avg_rating,reviews");
        assertThat(csv.get(1)).isEqualTo("4,The Dark Knight,2008,Christopher Nolan,8.80,4");
        assertThat(csv).contains("5,Selma,2014,Ava DuVernay,8.02,5");
        assertThat(dir.resolve(".osiris/demo/movies.duckdb")).exists();
    }

    @Test
    void runningTheDemoAgainGivesTheSameOutput(@TempDir Path dir) throws Exception {
        assertThat(OsirisCliTest.run("demo", "--dir", dir.toString()).exitCode()).isZero();
        byte[] first = Files.readAllBytes(dir.resolve("output/top_rated_movies.csv"));
        assertThat(OsirisCliTest.run("demo", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("output/top_rated_movies.csv"))).isEqualTo(first);
    }
}
