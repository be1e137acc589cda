package io.osiris.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.osiris.core.Osiris;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osiris mcp --http PORT}: the SDK's own streamable HTTP client explores, proposes and
 * runs after the person's approval, each MCP session its own Osiris session; the server listens
 * on the loopback interface only and refuses a request whose Host is another name.
 */
class McpHttpTest {
    @TempDir
    Path dir;

    @Test
    void anAgentOverHttpProposesAndRunsOnlyWhatThePersonApproved() throws Exception {
        McpProject project = new McpProject(dir, "");
        Path output = dir.resolve("output/mcp_movies_2019.csv");
        int port = freePort();
        try (Osiris osiris = Osiris.configure().workingDirectory(dir).load();
                HttpServer server = OsirisMcp.serveHttp(osiris, port)) {
            assertThat(server.url()).isEqualTo("http://127.0.0.1:" + port + "/mcp");
            McpSyncClient first = client(port, true);
            McpSyncClient second = client(port, false);
            try {
                assertThat(first.initialize().serverInfo().name()).isEqualTo("osiris");
                second.initialize();
                assertThat(first.listTools().tools()).extracting(McpSchema.Tool::name)
                        .contains("list_tables", "propose_pipeline", "run_proposal");
                assertThat(json(call(first, "list_tables", Map.of())).at("/untrusted_data/tables")
                        .findValuesAsText("name")).contains("movies");

                CallToolResult proposed = call(first, "propose_pipeline", Map.of("pipeline_yaml",
                        McpStdioTest.PIPELINE, "summary", "The movies of 2019 to CSV."));
                assertThat(proposed.isError()).as(proposed.toString()).isFalse();
                String proposalId = json(proposed).get("proposal_id").asText();
                String otherSession = json(call(second, "propose_pipeline", Map.of("pipeline_yaml",
                        McpStdioTest.PIPELINE, "summary", "The same, from another client."))).get("session").asText();
                assertThat(otherSession).isNotEqualTo(proposalId.substring(0, proposalId.indexOf(':')));

                // The second client cannot ask its user: refused, nothing written.
                CallToolResult refused = call(second, "run_proposal", Map.of("proposal_id", proposalId));
                assertThat(refused.isError()).isTrue();
                assertThat(json(refused).at("/error/message").asText()).contains("osiris chat approve");
                assertThat(output).doesNotExist();

                CallToolResult ran = call(first, "run_proposal", Map.of("proposal_id", proposalId));
                assertThat(ran.isError()).as(ran.toString()).isFalse();
                assertThat(Files.readString(output)).isEqualTo(McpStdioTest.EXPECTED_CSV);
            } finally {
                first.closeGracefully();
                second.closeGracefully();
            }
        }
        assertThat(project.dir).isEqualTo(dir);
    }

    @Test
    void theServerListensOnLoopbackOnlyAndRefusesAnotherHost() throws Exception {
        new McpProject(dir, "");
        int port = freePort();
        try (Osiris osiris = Osiris.configure().workingDirectory(dir).load();
                HttpServer server = OsirisMcp.serveHttp(osiris, port)) {
            Optional<InetAddress> lan = nonLoopbackAddress();
            if (lan.isPresent()) {
                assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(lan.get(), port), 2_000);
                    }
                }).isInstanceOf(IOException.class);
            }
            // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own Host;
            // a page calling from its own origin sends that Origin. Both are refused before any tool runs.
            assertThat(statusOf(port, "Host: evil.example:" + port)).isGreaterThanOrEqualTo(400);
            assertThat(statusOf(port, "Host: 127.0.0.1:" + port + "\r\nOrigin: http://evil.example"))
                    .isGreaterThanOrEqualTo(400);
        }
    }

    /** The status of a raw initialize request with these headers (HttpClient will not send another Host). */
    private static int statusOf(int port, String headers) throws IOException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            String request = "POST " + HttpServer.ENDPOINT + " HTTP/1.1\r\n" + headers + "\r\n"
                    + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                    + body;
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static McpSyncClient client(int port, boolean elicits) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port).endpoint(HttpServer.ENDPOINT)
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper())).build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(60));
        if (elicits) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                    .elicitation(request -> McpProject.accept());
        }
        return spec.build();
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(CallToolResult result) {
        return McpProject.Client.json(result);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (n.isUp() && !n.isLoopback()) {
                for (InetAddress a : Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
