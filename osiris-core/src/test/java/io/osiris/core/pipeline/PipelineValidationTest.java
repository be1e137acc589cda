package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class PipelineValidationTest {
    static final PipelineParser PARSER = new PipelineParser(Set.of("mysql", "supabase"));
    static final Path CORPUS = Path.of("src/test/resources/pipelines/invalid");

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachMalformedPipelineIsReportedWithItsLineAndPath(String name) throws IOException {
        String yaml = Files.readString(CORPUS.resolve(name), StandardCharsets.UTF_8);
        String expect = yaml.lines().filter(l -> l.startsWith("# expect: ")).findFirst().orElseThrow()
                .substring("# expect: ".length());
        String[] parts = expect.split(":", 3);
        int line = Integer.parseInt(parts[0]);
        String path = parts[1];
        String message = parts[2];

        List<Problem> problems = PARSER.problems(yaml, name);
        assertThat(problems).as("problems of %s", name)
                .anySatisfy(p -> {
                    assertThat(p.message()).contains(message);
                    assertThat(p.line()).isEqualTo(line);
                    assertThat(p.path()).isEqualTo(path);
                    assertThat(p.source()).isEqualTo(name);
                });
        assertThatThrownBy(() -> PARSER.parse(yaml, name)).isInstanceOf(ValidationException.class);
    }

    @Test
    void everyProblemIsReportedAtOnceInLineOrder() {
        String yaml = """
                name: Bad Name
                extract:
                  - id: a
                    source: oracle
                    query: DELETE FROM x
                load:
                  - id: a
                    to: csv
                """;
        List<Problem> problems = PARSER.problems(yaml, "p.yaml");
        assertThat(problems).extracting(Problem::line).containsExactly(1, 1, 4, 5, 7, 7);
        assertThat(problems.get(0).toString()).isEqualTo(
                "p.yaml:1: the first line must be '# osiris-pipeline-v2' (found 'name: Bad Name')");
    }

    @Test
    void aValidPipelineBecomesTheModelWithDefaults() {
        Pipeline p = PARSER.parse("""
                # osiris-pipeline-v2
                name: top_rated_movies
                version: 1.0
                extract:
                  - id: rated
                    source: mysql
                    query: |
                      SELECT m.movie_id, m.title FROM movies m WHERE m.rating > 8.0;
                transform:
                  - id: ranked
                    engine: duckdb
                    sql: SELECT * FROM rated ORDER BY title
                load:
                  - id: save
                    to: csv
                    path: output/top.csv
                  - id: publish
                    to: supabase
                    table: top_movies
                    mode: upsert
                    primary_key: movie_id
                """, "top.yaml");
        assertThat(p.version()).isEqualTo("1.0");
        assertThat(p.extracts().get(0).connection()).isEqualTo("default");
        assertThat(p.extracts().get(0).extraction()).isEqualTo(
                new Extraction.Query("SELECT m.movie_id, m.title FROM movies m WHERE m.rating > 8.0"));
        assertThat(p.loads()).extracting(LoadStep::from).containsExactly("ranked", "ranked");
        assertThat(p.loads().get(1).mode()).isEqualTo(WriteMode.UPSERT);
        assertThat(p.loads().get(1).primaryKey()).containsExactly("movie_id");
    }

    @Test
    void theJsonSchemaShipsWithTheLibrary() {
        assertThat(Pipelines.jsonSchema()).contains("\"title\": \"Osiris pipeline (osiris-pipeline-v2)\"");
    }

    @Test
    void theJsonSchemaOffersTheParquetCodecsTheParserTakes() throws IOException {
        com.fasterxml.jackson.databind.JsonNode codecs = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Pipelines.jsonSchema()).at("/$defs/load/properties/compression/enum");
        List<String> offered = new java.util.ArrayList<>();
        codecs.forEach(c -> offered.add(c.asText()));
        assertThat(offered).isEqualTo(LoadStep.PARQUET_COMPRESSIONS);
    }
}
