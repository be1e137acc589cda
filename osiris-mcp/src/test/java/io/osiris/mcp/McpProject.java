package io.osiris.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.osiris.examples.MoviesDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A project directory with the movies database as connection {@code duckdb.movies} (and any
 * more config), and the SDK's own client driving {@code osiris mcp} over stdio in a child JVM.
 */
final class McpProject {
    static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;

    McpProject(Path dir, String moreConnections) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path movies = MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        write(".osiris.yaml", """
                version: 1
                connections:
                  duckdb:
                    movies:
                      path: "%s"
                %s""".formatted(movies.toString().replace("\\", "/"), moreConnections));
    }

    void write(String file, String text) {
        try {
            Path path = dir.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client that answers elicitations with {@code person}; null for a client without elicitation. */
    Client connect(Function<ElicitFormRequest, ElicitResult> person) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters params = ServerParameters.builder(java).args("-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.logFile=System.err", McpTestServer.class.getName(), dir.toString()).build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper()));
        List<String> stderr = new CopyOnWriteArrayList<>();
        transport.setStdErrorHandler(stderr::add);
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120))
                .initializationTimeout(Duration.ofSeconds(60));
        if (person != null) {
            spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build()).elicitation(person);
        }
        McpSyncClient client = spec.build();
        return new Client(client, stderr);
    }

    static ElicitResult accept() {
        return new ElicitResult(ElicitResult.Action.ACCEPT, Map.of(ProposalGate.APPROVE_FIELD, true));
    }

    static ElicitResult decline() {
        return new ElicitResult(ElicitResult.Action.DECLINE, null);
    }

    /** The client and what the server wrote on stderr. */
    record Client(McpSyncClient mcp, List<String> stderr) implements AutoCloseable {
        CallToolResult call(String tool, Map<String, Object> args) {
            return mcp.callTool(new McpSchema.CallToolRequest(tool, args));
        }

        /** The JSON of a result's text content. */
        static JsonNode json(CallToolResult result) {
            try {
                return JSON.readTree(((McpSchema.TextContent) result.content().get(0)).text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            mcp.closeGracefully();
        }
    }
}
