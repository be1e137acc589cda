package io.osiris.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.core.runner.RunReport;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPipelineFromYamlTest {
    @TempDir
    Path dir;

    @Test
    void mainWithOnlyADirectoryRunsTheDemoThere() throws Exception {
        RunPipelineFromYaml.main(new String[] {dir.toString()});
        List<String> csv = Files.readAllLines(dir.resolve("output/top_rated_movies.csv"), StandardCharsets.UTF_8);
        assertThat(csv).hasSize(1 + 18).element(1).isEqualTo("4,The Dark Knight,2008,Christopher Nolan,8.80,4");
    }

    @Test
    void mainRunsAPipelineFileInTheDirectory() throws Exception {
        MoviesDatabase.createDuckDb(dir.resolve(ExamplePipelines.DEMO_DATABASE));
        Path file = Files.writeString(dir.resolve("directors.yaml"), ExamplePipelines.yaml("directors_to_csv"));
        RunPipelineFromYaml.main(new String[] {dir.toString(), file.toString()});
        assertThat(Files.readAllLines(dir.resolve("output/directors.csv"), StandardCharsets.UTF_8))
                .hasSize(1 + 12).contains("Christopher Nolan,British-American,6");
    }

    @Test
    void runReportsEveryStepAndDescribeShowsThem() {
        MoviesDatabase.createDuckDb(dir.resolve(ExamplePipelines.DEMO_DATABASE));
        RunReport report = RunPipelineFromYaml.run(ExamplePipelines.yaml("sci_fi_movies_to_parquet"), dir, Map.of());
        assertThat(report.steps()).extracting(s -> s.kind() + ":" + s.id() + ":" + s.rows())
                .containsExactly("extract:sci_fi:9", "transform:by_year:9", "load:save_parquet:9");
        assertThat(dir.resolve("output/sci_fi_movies.parquet")).isNotEmptyFile();
        assertThat(RunPipelineFromYaml.describe(report))
                .startsWith("Pipeline sci_fi_movies_to_parquet ran in ")
                .contains("load      save_parquet              9 rows  " + dir.resolve("output/sci_fi_movies.parquet"));
    }

    @Test
    void aBadPipelineFailsBeforeAnythingRunsWithEveryProblem() {
        String yaml = """
                # osiris-pipeline-v2
                name: Bad Name
                load:
                  - id: save
                    from: nowhere
                    to: csv
                    path: output/x.csv
                """;
        assertThatThrownBy(() -> RunPipelineFromYaml.run(yaml, dir, Map.of()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).hasSizeGreaterThan(1));
        assertThat(dir.resolve("output")).doesNotExist();
    }
}
