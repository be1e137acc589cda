package io.osiris.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.osiris.core.Osiris;
import io.osiris.core.history.RunRecord;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.SessionSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-show: the SDK's own client drives {@code osiris mcp} over stdio in a child JVM,
 * explores the movies database, proposes a pipeline, fails to run it unapproved, has the person
 * approve it (the client's elicitation answer), runs it and reads the file it wrote.
 */
class McpStdioTest {
    static final String PIPELINE = """
            # osiris-pipeline-v2
            name: mcp_movies_2019
            version: 1.0
            description: Movies released in 2019, by title
            extract:
              - id: movies
                source: duckdb
                connection: movies
                query: |
                  SELECT title, release_year FROM movies WHERE release_year = 2019 ORDER BY title
            load:
              - id: save_csv
                from: movies
                to: csv
                path: output/mcp_movies_2019.csv
            """;
    static final String EXPECTED_CSV = """
            title,release_year
            Little Women,2019
            Parasite,2019
            Portrait of a Lady on Fire,2019
            Us,2019
            """;

    @TempDir
    Path dir;

    @Test
    void anAgentExploresProposesAndRunsOnlyWhatThePersonApproved() throws Exception {
        McpProject project = new McpProject(dir, "");
        Path output = dir.resolve("output/mcp_movies_2019.csv");
        List<String> shown = new CopyOnWriteArrayList<>();
        boolean[] personApproves = {false};
        String proposalId;
        try (McpProject.Client client = project.connect((ElicitFormRequest request) -> {
            shown.add(request.message());
            return personApproves[0] ? McpProject.accept() : McpProject.decline();
        })) {
            McpSchema.InitializeResult init = client.mcp().initialize();
            assertThat(init.serverInfo().name()).isEqualTo("osiris");
            assertThat(client.mcp().listTools().tools()).extracting(McpSchema.Tool::name).contains("list_connections",
                    "list_tables", "describe_table", "sample_rows", "preview_query", "validate_pipeline",
                    "propose_pipeline", "proposal_status", "run_proposal");

            JsonNode connections = McpProject.Client.json(client.call("list_connections", Map.of()));
            assertThat(connections.at("/connections/0/connection").asText()).isEqualTo("duckdb.movies");
            assertThat(connections.toString()).doesNotContain("movies.duckdb");

            JsonNode tables = McpProject.Client.json(client.call("list_tables", Map.of()));
            assertThat(tables.at("/untrusted_data/tables").findValuesAsText("name"))
                    .contains("movies", "directors", "reviews");
            JsonNode movies = McpProject.Client.json(client.call("describe_table", Map.of("table", "movies")));
            assertThat(movies.at("/untrusted_data/columns").findValuesAsText("name")).contains("title", "release_year");
            JsonNode preview = McpProject.Client.json(client.call("preview_query", Map.of("sql",
                    "SELECT count(*) AS n FROM movies WHERE release_year = 2019")));
            assertThat(preview.at("/untrusted_data/rows/0/n").asLong()).isEqualTo(4);

            CallToolResult refusedSql = client.call("preview_query", Map.of("sql", "DELETE FROM movies"));
            assertThat(refusedSql.isError()).isTrue();
            assertThat(McpProject.Client.json(refusedSql).at("/error/kind").asText()).isEqualTo("validation");

            CallToolResult valid = client.call("validate_pipeline", Map.of("pipeline_yaml", PIPELINE));
            assertThat(valid.isError()).isFalse();
            assertThat(McpProject.Client.json(valid).at("/planned_writes/0/target").asText())
                    .endsWith("output/mcp_movies_2019.csv");

            CallToolResult proposed = client.call("propose_pipeline", Map.of("pipeline_yaml", PIPELINE,
                    "summary", "The movies of 2019, by title, to CSV."));
            assertThat(proposed.isError()).isFalse();
            JsonNode proposal = McpProject.Client.json(proposed);
            proposalId = proposal.get("proposal_id").asText();
            assertThat(proposalId).endsWith(":" + proposal.get("sha256").asText());
            assertThat(proposal.get("yaml").asText()).isEqualTo(PIPELINE);
            assertThat(proposal.at("/evidence/output/rows").size()).isEqualTo(4);
            assertThat(output).doesNotExist();

            // The person declines: nothing runs, the proposal still waits.
            CallToolResult declined = client.call("run_proposal", Map.of("proposal_id", proposalId));
            assertThat(declined.isError()).isTrue();
            assertThat(McpProject.Client.json(declined).at("/error/message").asText()).contains("did not approve");
            assertThat(output).doesNotExist();
            assertThat(shown).hasSize(1);
            assertThat(shown.get(0)).contains("output/mcp_movies_2019.csv", "new file", "Parasite",
                    "release_year = 2019");
            assertThat(McpProject.Client.json(client.call("proposal_status", Map.of("proposal_id", proposalId)))
                    .get("status").asText()).isEqualTo("pending");

            // The person accepts: it runs, exactly as shown.
            personApproves[0] = true;
            CallToolResult ran = client.call("run_proposal", Map.of("proposal_id", proposalId));
            assertThat(ran.isError()).as(ran.toString()).isFalse();
            JsonNode report = McpProject.Client.json(ran);
            assertThat(report.get("status").asText()).isEqualTo("ran");
            assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo(EXPECTED_CSV);

            JsonNode status = McpProject.Client.json(client.call("proposal_status", Map.of("proposal_id", proposalId)));
            assertThat(status.get("status").asText()).isEqualTo("ran");
            assertThat(status.get("run_id").asText()).isEqualTo(report.get("run_id").asText());

            // Running it again needs a new proposal: the approved one no longer waits.
            Files.delete(output);
            CallToolResult again = client.call("run_proposal", Map.of("proposal_id", proposalId));
            assertThat(again.isError()).isTrue();
            assertThat(output).doesNotExist();
            assertThat(shown).hasSize(2);
        }
        // The connection was a chat session of the project; the run is in its history.
        try (Osiris osiris = Osiris.configure().workingDirectory(dir).load()) {
            String session = proposalId.substring(0, proposalId.indexOf(':'));
            assertThat(AgentSession.list(osiris.state())).extracting(SessionSummary::id).contains(session);
            List<RunRecord> runs = osiris.runs().list("mcp_movies_2019", 10);
            assertThat(runs).hasSize(1);
        }
    }

    @Test
    void aProposalOutlivesItsServerAndRunsFromTheNextConnectionOnceApproved() throws Exception {
        McpProject project = new McpProject(dir, "");
        String proposalId;
        try (McpProject.Client first = project.connect(null)) {
            first.mcp().initialize();
            proposalId = McpProject.Client.json(first.call("propose_pipeline", Map.of("pipeline_yaml", PIPELINE,
                    "summary", "2019."))).get("proposal_id").asText();
        }
        try (McpProject.Client next = project.connect(request -> McpProject.accept())) {
            next.mcp().initialize();
            CallToolResult ran = next.call("run_proposal", Map.of("proposal_id", proposalId));
            assertThat(ran.isError()).as(ran.toString()).isFalse();
        }
        assertThat(Files.readString(dir.resolve("output/mcp_movies_2019.csv"), StandardCharsets.UTF_8))
                .isEqualTo(EXPECTED_CSV);
    }

    @Test
    void withSampleDataOffNoRowValueReachesTheAgent() throws Exception {
        McpProject project = new McpProject(dir, "discovery:\n  sample_data: false\n");
        try (McpProject.Client client = project.connect(null)) {
            client.mcp().initialize();
            CallToolResult sample = client.call("sample_rows", Map.of("table", "movies", "limit", 10));
            assertThat(sample.isError()).isTrue();
            assertThat(McpProject.Client.json(sample).at("/error/message").asText()).contains("sample_data");
            JsonNode described = McpProject.Client.json(client.call("describe_table", Map.of("table", "movies")));
            assertThat(described.at("/untrusted_data/sample_rows").size()).isZero();
            JsonNode preview = McpProject.Client.json(client.call("preview_query", Map.of("sql",
                    "SELECT title FROM movies")));
            assertThat(preview.at("/untrusted_data/rows").size()).isZero();
            assertThat(preview.toString()).doesNotContain("Parasite");
        }
    }

    @Test
    void resourcesAreTheSchemaTheTypeMapAndTheProjectsPipelines() throws Exception {
        McpProject project = new McpProject(dir, "");
        project.write("pipelines/movies.yaml", PIPELINE);
        project.write("notes.yaml", "title: not a pipeline\n");
        try (McpProject.Client client = project.connect(null)) {
            client.mcp().initialize();
            List<String> uris = client.mcp().listResources().resources().stream().map(McpSchema.Resource::uri).toList();
            assertThat(uris).containsExactly(McpResources.SCHEMA_URI, McpResources.TYPES_URI,
                    "osiris://pipelines/pipelines/movies.yaml");
            assertThat(text(client, "osiris://pipelines/pipelines/movies.yaml")).isEqualTo(PIPELINE);
            assertThat(text(client, McpResources.SCHEMA_URI)).contains("\"$schema\"");
            assertThat(McpProject.JSON.readTree(text(client, McpResources.TYPES_URI)).get("sources").toString())
                    .contains("duckdb");
        }
    }

    private static String text(McpProject.Client client, String uri) {
        McpSchema.ReadResourceResult result = client.mcp().readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }
}
