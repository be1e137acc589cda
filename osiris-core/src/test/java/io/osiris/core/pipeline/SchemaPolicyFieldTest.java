package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.SchemaPolicy;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A database load's {@code schema:} policy: read, defaulted, written back. */
class SchemaPolicyFieldTest {
    private static final PipelineParser PARSER = new PipelineParser(Set.of("mysql", "supabase"));

    private static String pipeline(String schemaLine) {
        return """
                # osiris-pipeline-v2
                name: policy
                extract:
                  - id: a
                    source: mysql
                    table: movies
                load:
                  - id: out
                    to: supabase
                    table: copy
                """ + schemaLine;
    }

    @Test
    void aLoadEvolvesUnlessItSaysFreeze() {
        assertThat(PARSER.parse(pipeline(""), "p.yaml").loads().get(0).schemaPolicy()).isEqualTo(SchemaPolicy.EVOLVE);
        assertThat(PARSER.parse(pipeline("    schema: FREEZE\n"), "p.yaml").loads().get(0).schemaPolicy())
                .isEqualTo(SchemaPolicy.FREEZE);
    }

    @Test
    void aFrozenLoadIsWrittenWithItsPolicyAndReadsBackTheSame() {
        Pipeline frozen = PARSER.parse(pipeline("    schema: freeze\n"), "p.yaml");

        String yaml = PipelineWriter.write(frozen);

        assertThat(yaml).contains("  schema: freeze\n");
        assertThat(PARSER.parse(yaml, "again.yaml").loads()).extracting(LoadStep::schemaPolicy)
                .containsExactly(SchemaPolicy.FREEZE);
        assertThat(PipelineWriter.write(PARSER.parse(pipeline(""), "p.yaml"))).doesNotContain("schema:");
    }
}
