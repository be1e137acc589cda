package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.Problem;
import io.osiris.core.pipeline.PipelineFields.Field;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fields are declared once: the parser and the JSON Schema agree with {@link PipelineFields}. */
class PipelineFieldsTest {
    static Stream<Arguments> sections() {
        return Stream.of(
                Arguments.of("pipeline", "", PipelineFields.pipeline()),
                Arguments.of("extract", "/$defs/extract", PipelineFields.extract()),
                Arguments.of("transform", "/$defs/transform", PipelineFields.transform()),
                Arguments.of("load", "/$defs/load", PipelineFields.load()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sections")
    void theJsonSchemaDescribesExactlyTheDeclaredFields(String section, String pointer, List<Field> fields) throws IOException {
        JsonNode schema = new ObjectMapper().readTree(Pipelines.jsonSchema()).at(pointer);

        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        assertThat(new TreeSet<>(properties)).isEqualTo(new TreeSet<>(PipelineFields.names(fields)));
        assertThat(new TreeSet<>(required)).isEqualTo(new TreeSet<>(
                fields.stream().filter(Field::required).map(Field::name).toList()));
    }

    @Test
    void theParserRefusesAKeyThatIsNotDeclaredAndNamesTheDeclaredOnes() {
        String yaml = """
                # osiris-pipeline-v2
                name: p
                extract:
                  - id: rows
                    source: duckdb
                    path: movies.duckdb
                    table: movies
                    batch: 10
                load:
                  - id: save
                    to: csv
                    path: out.csv
                """;

        List<Problem> problems = new PipelineParser(Set.of()).problems(yaml, "");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("extract[0].batch");
            assertThat(p.message()).contains(String.join(", ", new TreeSet<>(PipelineFields.names(
                    PipelineFields.extract()))));
        });
    }

    @Test
    void theReferenceTextListsEveryFieldUnderItsSection() {
        String text = PipelineFields.describe();

        assertThat(text).contains("extract[]:\n  id (required): ", "  compression: parquet files only");
        long lines = text.lines().count();
        assertThat(lines).isEqualTo(4 + PipelineFields.pipeline().size() + PipelineFields.extract().size()
                + PipelineFields.transform().size() + PipelineFields.load().size());
    }
}
