package io.osiris.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding example on each end of the supported Jackson range (README, "Embedding"). The
 * default test run has the Jackson Osiris pins (the newest); the {@code jackson-oldest} surefire
 * execution of this module runs this class again with every Jackson module replaced by the
 * oldest supported version, aligned as a host's {@code jackson-bom} would align them. Both set
 * {@code osiris.test.jackson} to the version they put on the class path.
 */
@EnabledIfSystemProperty(named = "osiris.test.jackson", matches = ".+")
class JacksonRangeTest {
    @TempDir
    Path dir;

    @Test
    void theJacksonOnTheClassPathIsTheOneThisRunIsFor() {
        String expected = System.getProperty("osiris.test.jackson");

        assertThat(com.fasterxml.jackson.core.json.PackageVersion.VERSION.toString()).isEqualTo(expected);
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString()).isEqualTo(expected);
        assertThat(com.fasterxml.jackson.dataformat.yaml.PackageVersion.VERSION.toString()).isEqualTo(expected);
    }

    @Test
    void theEmbeddingExampleReadsItsConfigAndRunsTheDemoPipeline() throws Exception {
        Files.writeString(dir.resolve(".osiris.yaml"), """
                version: 1
                output:
                  directory: ${OUT_DIR:-output}
                """);

        RunPipelineFromYaml.main(new String[] {dir.toString()});

        assertThat(Files.readAllLines(dir.resolve("output/top_rated_movies.csv"), StandardCharsets.UTF_8))
                .hasSize(1 + 18).element(1).isEqualTo("4,The Dark Knight,2008,Christopher Nolan,8.80,4");
    }

    @Test
    void aBadPipelineIsRefusedWithTheLineOfEachProblem() {
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
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path, Problem::line).contains(tuple("name", 2)));
    }
}
