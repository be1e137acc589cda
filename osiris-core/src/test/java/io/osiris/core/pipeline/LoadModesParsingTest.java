package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load modes as a pipeline spells them, read, written back and described by the JSON Schema. */
class LoadModesParsingTest {
    private static final String YAML = """
            # osiris-pipeline-v2
            name: modes
            extract:
              - id: events
                source: duckdb
                path: events.duckdb
                table: events
            load:
              - id: by_day
                to: duckdb
                path: warehouse.duckdb
                table: events
                mode: delete_insert
                partition_by: [day]
              - id: by_id
                to: duckdb
                path: warehouse.duckdb
                table: events_by_id
                mode: delete_insert
                primary_key: id
              - id: parts
                to: csv
                path: output/events.csv
                mode: append
              - id: whole
                to: parquet
                path: output/events.parquet
            """;

    @Test
    void deleteInsertTakesAPartitionOrAKeyAndFilesTakeAppendOrReplace() {
        Pipeline p = Pipelines.parse(YAML);

        LoadStep byDay = p.loads().get(0);
        assertThat(byDay.mode()).isEqualTo(WriteMode.DELETE_INSERT);
        assertThat(byDay.partitionBy()).containsExactly("day");
        assertThat(byDay.primaryKey()).isEmpty();
        assertThat(p.loads().get(1).primaryKey()).containsExactly("id");
        assertThat(p.loads().get(1).partitionBy()).isEmpty();
        assertThat(p.loads().get(2).mode()).isEqualTo(WriteMode.APPEND);
        assertThat(p.loads().get(3).mode()).isEqualTo(WriteMode.REPLACE);
    }

    @Test
    void theModesSurviveWritingThePipelineBackAndBindingItsVariables() {
        Pipeline p = Pipelines.parse(YAML);

        Pipeline again = Pipelines.parse(Pipelines.toYaml(p));

        assertThat(again.loads()).isEqualTo(p.loads());
        assertThat(Pipelines.toYaml(p)).contains("partition_by:").contains("mode: append")
                .doesNotContain("mode: replace");
        assertThat(Pipelines.parser().bind(p, List.of()).loads()).isEqualTo(p.loads());
    }

    @Test
    void theBuilderSpellsDeleteInsertOnPartitionsAndAppendToAFile() {
        LoadStep step = LoadStep.builder("by_day").from("events").toConnector("mysql", "events")
                .deleteInsertPartitions("day").build();
        assertThat(step.mode()).isEqualTo(WriteMode.DELETE_INSERT);
        assertThat(step.partitionBy()).containsExactly("day");
        assertThat(LoadStep.builder("parts").from("events").toFile(LoadTarget.CSV, "out/e.csv")
                .mode(WriteMode.APPEND).build().mode()).isEqualTo(WriteMode.APPEND);
    }

    @Test
    void theJsonSchemaOffersEveryModeAndPartitionBy() throws Exception {
        JsonNode load = new ObjectMapper().readTree(Pipelines.jsonSchema()).at("/$defs/load");
        List<String> modes = new ArrayList<>();
        load.at("/properties/mode/enum").forEach(m -> modes.add(m.asText()));

        assertThat(modes).isEqualTo(Arrays.stream(WriteMode.values()).map(WriteMode::yamlName).toList());
        assertThat(load.at("/properties/partition_by").isMissingNode()).isFalse();
    }
}
