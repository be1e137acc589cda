package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.llm.agent.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A proposal that declares variables shows, before approval, the values its run would take. */
class ProposalVariablesTest {
    private static final String YAML = """
            # osiris-pipeline-v2
            name: recent
            vars:
              min_year: 2000
              country: FR
            extract:
              - id: movies
                source: duckdb
                path: movies.duckdb
                query: SELECT * FROM movies WHERE year >= ${min_year} AND country = ${country}
            load:
              - id: save
                to: csv
                path: output/recent.csv
            """;

    @Test
    void theApprovalScreenListsTheVariablesValues() {
        StringWriter out = new StringWriter();
        ProposalView view = new ProposalView(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

        view.show(new Proposal("recent", "", YAML, "output/recent.yaml", List.of(), Proposal.sha256Of(YAML)),
                List.of());

        assertThat(out.toString()).contains("Variables: min_year=2000, country=FR");
    }
}
