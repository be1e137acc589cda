package io.osiris.mcp;

import static java.util.Objects.requireNonNull;

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.osiris.core.Osiris;
import io.osiris.llm.agent.AgentToolbox;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code osiris mcp}: serves one MCP connection over a pair of streams (stdio) until the client
 * closes its end. The connection is an Osiris chat session; the calling agent is the model, so
 * Osiris needs no LLM. Nothing but MCP frames is written to {@code out}: the caller keeps every
 * other output (logs, banners) on stderr.
 *
 * <pre>{@code
 * try (Osiris osiris = Osiris.configure().workingDirectory(project).load()) {
 *     OsirisMcp.serve(osiris, System.in, System.out);
 * }
 * }</pre>
 */
public final class OsirisMcp {
    /** The name the server gives in its {@code initialize} answer. */
    public static final String SERVER_NAME = "osiris";
    /**
     * How long a request to the client (an elicitation the person answers) may take: a person
     * reads the pipeline before deciding.
     */
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(30);
    private static final String INSTRUCTIONS = """
            Osiris turns a request into a reviewed, runnable data pipeline. Explore with list_connections,
            list_tables, describe_table, sample_rows and preview_query (read-only, privacy rules apply).
            Read the pipeline format from resource osiris://schema/pipeline. Check a draft with validate_pipeline,
            then propose_pipeline: it returns a proposal_id bound to the YAML's SHA-256 and the evidence the
            person sees. run_proposal asks your user to approve and runs exactly that content; no tool approves.
            Without elicitation support, a person approves at a terminal: osiris chat approve --session ID.""";

    private OsirisMcp() {
    }

    /**
     * Serves the MCP protocol on {@code in}/{@code out} until {@code in} ends, then closes the
     * sources it opened. {@code osiris} stays open.
     */
    public static void serve(Osiris osiris, InputStream in, OutputStream out) {
        requireNonNull(osiris, "osiris");
        CountDownLatch ended = new CountDownLatch(1);
        InputStream watched = new FilterInputStream(requireNonNull(in, "in")) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return ended(super.read(b, off, len));
            }

            private int ended(int n) {
                if (n < 0) {
                    ended.countDown();
                }
                return n;
            }
        };
        try (McpConnection connection = new McpConnection(osiris)) {
            StdioServerTransportProvider transport = new StdioServerTransportProvider(
                    new JacksonMcpJsonMapper(Results.mapper()), watched, requireNonNull(out, "out"));
            McpSyncServer server = McpServer.sync(transport)
                    .serverInfo(SERVER_NAME, version())
                    .instructions(INSTRUCTIONS)
                    .requestTimeout(REQUEST_TIMEOUT)
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                    .tools(new McpTools(osiris, exchange -> connection).specifications(AgentToolbox.contract()))
                    .resources(new McpResources(osiris).specifications())
                    .build();
            try {
                ended.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                server.closeGracefully();
            }
        }
    }

    /**
     * Serves MCP over streamable HTTP at {@code http://127.0.0.1:PORT/mcp}, bound to the loopback
     * interface only, until the returned server is closed. Each MCP session is its own Osiris
     * chat session; requests whose {@code Host} is not this loopback address and port (DNS
     * rebinding from a browser) are refused.
     *
     * @param port the port, 1 to 65535
     */
    public static HttpServer serveHttp(Osiris osiris, int port) {
        requireNonNull(osiris, "osiris");
        return HttpServer.start(osiris, port, tools -> McpServer.sync(tools.transport())
                .serverInfo(SERVER_NAME, version())
                .instructions(INSTRUCTIONS)
                .requestTimeout(REQUEST_TIMEOUT)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
                .tools(new McpTools(osiris, tools.connections()).specifications(AgentToolbox.contract()))
                .resources(new McpResources(osiris).specifications())
                .build());
    }

    private static String version() {
        String v = OsirisMcp.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
