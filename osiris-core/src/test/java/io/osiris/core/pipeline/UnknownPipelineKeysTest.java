package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.Problem;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnknownPipelineKeysTest {
    @Test
    void aMistypedKeyInAnyMappingIsAProblemWithItsLineAndTheKeyItMeant() {
        String yaml = """
                # osiris-pipeline-v2
                name: typo
                descripton: x
                extract:
                  - id: movies
                    source: duckdb
                    pth_typo: x
                    path: movies.duckdb
                    table: movies
                transform:
                  - id: ranked
                    sqll: SELECT * FROM movies
                load:
                  - id: save
                    to: csv
                    pth: out.csv
                """;
        List<Problem> problems = new PipelineParser(Set.of()).problems(yaml, "typo.yaml");

        assertThat(problems).extracting(Problem::line, Problem::path).contains(
                org.assertj.core.groups.Tuple.tuple(3, "descripton"),
                org.assertj.core.groups.Tuple.tuple(7, "extract[0].pth_typo"),
                org.assertj.core.groups.Tuple.tuple(12, "transform[0].sqll"),
                org.assertj.core.groups.Tuple.tuple(16, "load[0].pth"));
        assertThat(problems).extracting(Problem::message).contains(
                "unknown key 'descripton' (did you mean 'description'?); known keys here: description, extract,"
                        + " load, name, transform, vars, version",
                "unknown key 'sqll' (did you mean 'sql'?); known keys here: checks, engine, id, sql");
        assertThat(problems.stream().filter(p -> p.path().equals("load[0].pth")).findFirst().orElseThrow().message())
                .contains("(did you mean 'path'?)");
    }
}
