package io.osiris.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

@OsirisPipelineTest
class PipelineVariablesHarnessTest {
    record Movie(long movieId, String title, long year) {
    }

    private static final String YAML = """
            # osiris-pipeline-v2
            name: recent
            vars:
              min_year: 2000
            extract:
              - id: movies
                source: mysql
                query: SELECT title FROM movies WHERE year >= ${min_year} ORDER BY title
            load:
              - id: save
                to: csv
                path: output/recent.csv
            """;

    @Test
    void aTestGivesVariablesAsTheCommandLineWould(PipelineHarness osiris) {
        PipelineOutputs out = osiris.pipelineYaml(YAML).var("min_year", "1990")
                .source("mysql", "default", db -> db.records("movies", List.of(new Movie(1, "Alien", 1979),
                        new Movie(2, "Heat", 1995), new Movie(3, "Up", 2009))))
                .run();

        assertThat(out.rows("output/recent.csv").asCsv()).isEqualTo("""
                title
                Heat
                Up
                """);
        assertThat(out.report().variables()).containsEntry("min_year", "1990");
    }
}
