package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.examples.MoviesDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osiris mcp} as a client starts it: a child process whose stdout carries MCP frames only,
 * even with {@code --verbose} logs; its proposal outlives it and a person runs it with
 * {@code osiris chat approve} at a terminal.
 */
class McpCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PIPELINE = """
            # osiris-pipeline-v2
            name: mcp_cli_2019
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
                path: output/mcp_cli_2019.csv
            """;

    @TempDir
    Path dir;

    @Test
    void stdoutCarriesOnlyFramesAndAProposalWaitsForOsirisChatApprove() throws Exception {
        Path movies = MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        Files.writeString(dir.resolve(".osiris.yaml"), """
                version: 1
                connections:
                  duckdb:
                    movies:
                      path: "%s"
                """.formatted(movies.toString().replace("\\", "/")), StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OsirisCli.class.getName(), "--verbose", "mcp", "--dir", dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        String proposalId;
        try (OutputStream in = server.getOutputStream();
                BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                        StandardCharsets.UTF_8))) {
            send(in, Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                    "protocolVersion", "2025-11-25", "capabilities", Map.of(),
                    "clientInfo", Map.of("name", "test", "version", "1"))));
            JsonNode init = read(out, lines, 1);
            assertThat(init.at("/result/serverInfo/name").asText()).isEqualTo("osiris");
            send(in, Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
            send(in, Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/call", "params", Map.of(
                    "name", "propose_pipeline", "arguments", Map.of("pipeline_yaml", PIPELINE, "summary", "2019."))));
            JsonNode proposed = read(out, lines, 2);
            assertThat(proposed.at("/result/isError").asBoolean()).isFalse();
            proposalId = JSON.readTree(proposed.at("/result/content/0/text").asText()).get("proposal_id").asText();
            send(in, Map.of("jsonrpc", "2.0", "id", 3, "method", "tools/call", "params", Map.of(
                    "name", "run_proposal", "arguments", Map.of("proposal_id", proposalId))));
            JsonNode refused = read(out, lines, 3);
            assertThat(refused.at("/result/isError").asBoolean()).isTrue();
            in.close();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        for (String line : lines) {
            assertThat(JSON.readTree(line).get("jsonrpc").asText()).as(line).isEqualTo("2.0");
        }
        Path output = dir.resolve("output/mcp_cli_2019.csv");
        assertThat(output).doesNotExist();

        String session = proposalId.substring(0, proposalId.indexOf(':'));
        OsirisCliTest.Result sessions = OsirisCliTest.run("sessions", "--dir", dir.toString());
        OsirisCliTest.Result approved = OsirisCliTest.run("chat", "--dir", dir.toString(), "approve", "--session",
                session, "--yes");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEqualTo("""
                title,release_year
                Little Women,2019
                Parasite,2019
                Portrait of a Lady on Fire,2019
                Us,2019
                """);
        assertThat(sessions.out() + sessions.err()).contains(session);
    }

    @Test
    void anHttpPortOutOfRangeIsRefusedWithExitCode2() {
        OsirisCliTest.Result r = OsirisCliTest.run("mcp", "--http", "70000", "--dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--http takes a port from 1 to 65535, not 70000");
        assertThat(r.out()).isEmpty();
    }

    private static void send(OutputStream in, Map<String, Object> message) throws IOException {
        in.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Reads lines until the response to {@code id}, keeping every line read. */
    private static JsonNode read(BufferedReader out, List<String> lines, int id) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            JsonNode node = JSON.readTree(line);
            if (node.path("id").asInt(-1) == id) {
                return node;
            }
        }
        throw new AssertionError("the server closed stdout before answering request " + id);
    }
}
