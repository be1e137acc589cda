package io.osiris.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigureInCodeTest {
    @TempDir
    Path dir;

    @Test
    void aConfigAndPipelineBuiltInCodeRunOnTheDemoDatabase() throws Exception {
        MoviesDatabase.createDuckDb(dir.resolve(ExamplePipelines.DEMO_DATABASE));

        ConfigureInCode.run(dir);

        List<String> lines = Files.readAllLines(dir.resolve("output/top_movies.csv"));
        assertThat(lines.get(0)).isEqualTo("title,rating");
        assertThat(lines).hasSize(11);
    }

    @Test
    void thePipelineSavedAsYamlReadsBackAsTheSamePipeline() {
        String yaml = Pipelines.toYaml(ConfigureInCode.pipeline());

        assertThat(yaml).startsWith("# osiris-pipeline-v2\n");
        assertThat(new PipelineParser(Set.of()).parse(yaml, "top_movies.yaml")).isEqualTo(ConfigureInCode.pipeline());
    }
}
