package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Parallelism;
import io.osiris.api.pipeline.Pipeline;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An extract step's {@code parallelism:}: auto by default, a number, written back, kept by binding. */
class ParallelismFieldTest {
    private static final PipelineParser PARSER = new PipelineParser(Set.of("mysql", "supabase"));

    /** A pipeline whose extract's extra line (the parallelism) is line 7. */
    private static String pipeline(String line) {
        return """
                # osiris-pipeline-v2
                name: split
                vars: {since: 2000}
                extract:
                  - id: movies
                    source: mysql
                """ + (line.isEmpty() ? "" : "    " + line + "\n") + """
                    table: movies
                    where: "year >= ${since}"
                load:
                  - id: out
                    to: csv
                    path: out.csv
                """;
    }

    private static Parallelism parallelismOf(String line) {
        return PARSER.parse(pipeline(line), "p.yaml").extracts().get(0).parallelism();
    }

    @Test
    void aStepWithoutParallelismIsAutomatic() {
        assertThat(parallelismOf("")).isEqualTo(Parallelism.AUTO);
        assertThat(parallelismOf("parallelism: auto")).isEqualTo(Parallelism.AUTO);
        assertThat(Parallelism.AUTO.automatic()).isTrue();
    }

    @Test
    void aNumberAsksForThatManySplits() {
        assertThat(parallelismOf("parallelism: 4")).isEqualTo(Parallelism.of(4));
        assertThat(parallelismOf("parallelism: 1")).isEqualTo(Parallelism.ONE);
    }

    @Test
    void aNumberAsksForExactlyThatManyAndAutoForUpToTheCoresAvailable() {
        assertThat(Parallelism.of(4).request(2)).isEqualTo(SplitRequest.exactly(4));
        assertThat(Parallelism.AUTO.request(8)).isEqualTo(SplitRequest.upTo(8));
        assertThat(Parallelism.AUTO.request(0)).isEqualTo(SplitRequest.upTo(1));
    }

    @Test
    void noMoreSplitsAreAskedForThanTheEngineReadsAtOnce() {
        assertThat(Parallelism.of(4).request(1, 2)).isEqualTo(SplitRequest.exactly(2));
        assertThat(Parallelism.of(2).request(1, 8)).isEqualTo(SplitRequest.exactly(2));
        assertThat(Parallelism.AUTO.request(8, 3)).isEqualTo(SplitRequest.upTo(3));
        assertThat(Parallelism.AUTO.request(2, 0)).isEqualTo(SplitRequest.upTo(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "two", "2.5", "\"\"", "[2]"})
    void anythingButAutoOrAWholeNumberOfAtLeastOneIsRefusedWithItsLine(String value) {
        assertThatThrownBy(() -> PARSER.parse(pipeline("parallelism: " + value), "p.yaml"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.path()).isEqualTo("extract[0].parallelism");
                            assertThat(p.line()).isEqualTo(7);
                            assertThat(p.source()).isEqualTo("p.yaml");
                            assertThat(p.message()).contains("parallelism");
                        }));
    }

    @Test
    void aNumberIsWrittenBackAndAutoIsLeftOut() {
        Pipeline four = PARSER.parse(pipeline("parallelism: 4"), "p.yaml");

        String yaml = PipelineWriter.write(four);

        assertThat(yaml).contains("  parallelism: 4\n");
        assertThat(PARSER.parse(yaml, "again.yaml").extracts()).extracting(ExtractStep::parallelism)
                .containsExactly(Parallelism.of(4));
        assertThat(PipelineWriter.write(PARSER.parse(pipeline("parallelism: auto"), "p.yaml")))
                .doesNotContain("parallelism");
    }

    @Test
    void bindingVariablesKeepsTheParallelism() {
        Pipeline p = PARSER.parse(pipeline("parallelism: 3"), "p.yaml");

        Pipeline bound = PARSER.bind(p, Variables.resolve(p, Map.of("since", "1990"), Map.of()));

        assertThat(bound.extracts().get(0).parallelism()).isEqualTo(Parallelism.of(3));
        assertThat(((io.osiris.api.connector.Extraction.Table) bound.extracts().get(0).extraction()).where())
                .isEqualTo("year >= 1990");
    }

    @Test
    void aStepBuiltInCodeCarriesItsParallelismThroughWithMethods() {
        ExtractStep step = ExtractStep.builder("movies").source("mysql").table("movies").parallelism(2).build();

        assertThat(step.parallelism()).isEqualTo(Parallelism.of(2));
        assertThat(step.withChecks(List.of()).withPath("").parallelism()).isEqualTo(Parallelism.of(2));
        assertThat(step.withParallelism(Parallelism.AUTO).parallelism()).isEqualTo(Parallelism.AUTO);
        assertThat(ExtractStep.builder("m").source("mysql").table("m").build().parallelism())
                .isEqualTo(Parallelism.AUTO);
        assertThatThrownBy(() -> Parallelism.of(0)).isInstanceOf(IllegalArgumentException.class);
        Pipeline built = new Pipeline("built", "", "", List.of(step), List.of(),
                List.of(LoadStep.builder("out").from("movies").toCsv("out.csv").build()), List.of());
        assertThat(PipelineWriter.write(built)).contains("parallelism: 2");
        assertThat(PARSER.check(built).extracts().get(0).parallelism()).isEqualTo(Parallelism.of(2));
    }
}
