package io.osiris.mcp;

import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.osiris.api.ExecutionFailedException;
import io.osiris.core.Osiris;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code osiris mcp --http PORT}: the SDK's streamable HTTP transport (a servlet) in an embedded
 * Tomcat listening on 127.0.0.1 only, one Osiris chat session per MCP session. Close it to stop.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** The one path the server answers on. */
    public static final String ENDPOINT = "/mcp";
    private static final String LOOPBACK = "127.0.0.1";
    /**
     * Tomcat logs its start and stop at INFO through java.util.logging, onto the terminal of a
     * server that should print one line; held here so the level set on it stays set.
     */
    private static final List<java.util.logging.Logger> TOMCAT_LOGS = List.of(
            java.util.logging.Logger.getLogger("org.apache.catalina"),
            java.util.logging.Logger.getLogger("org.apache.coyote"),
            java.util.logging.Logger.getLogger("org.apache.tomcat"));

    /** What the MCP server is built from: the transport, and the session of each call's MCP session. */
    record Parts(HttpServletStreamableServerTransportProvider transport,
            Function<McpSyncServerExchange, McpConnection> connections) {
    }

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final Map<String, McpConnection> sessions;
    private final Path baseDir;
    private final int port;

    private HttpServer(Tomcat tomcat, McpSyncServer server, Map<String, McpConnection> sessions, Path baseDir,
            int port) {
        this.tomcat = tomcat;
        this.server = server;
        this.sessions = sessions;
        this.baseDir = baseDir;
        this.port = port;
    }

    static HttpServer start(Osiris osiris, int port, Function<Parts, McpSyncServer> build) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, not " + port);
        }
        String authority = LOOPBACK + ":" + port;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(Results.mapper()))
                .mcpEndpoint(ENDPOINT)
                .securityValidator(DefaultServerTransportSecurityValidator.builder()
                        .allowedHosts(List.of(authority, "localhost:" + port))
                        .allowedOrigins(List.of("http://" + authority, "http://localhost:" + port))
                        .build())
                .build();
        Map<String, McpConnection> sessions = new ConcurrentHashMap<>();
        McpSyncServer server = build.apply(new Parts(transport, exchange -> sessions.computeIfAbsent(
                String.valueOf(exchange.sessionId()), id -> new McpConnection(osiris))));
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("osiris-mcp-http");
        } catch (IOException e) {
            throw new ExecutionFailedException("Cannot create the HTTP server's temporary directory: "
                    + e.getMessage(), e);
        }
        TOMCAT_LOGS.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        // Loopback only: no other machine reaches a server that can run approved pipelines.
        connector.setProperty("address", LOOPBACK);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded(ENDPOINT, "mcp");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            server.close();
            delete(baseDir);
            throw new ExecutionFailedException("Cannot serve MCP on http://" + authority + ENDPOINT + ": "
                    + e.getMessage(), e);
        }
        if (connector.getLocalPort() != port) {
            HttpServer started = new HttpServer(tomcat, server, sessions, baseDir, port);
            started.close();
            throw new ExecutionFailedException("Cannot serve MCP on http://" + authority + ENDPOINT
                    + ": the port is taken or refused.");
        }
        LOG.info("MCP on http://{}{} (loopback only)", authority, ENDPOINT);
        return new HttpServer(tomcat, server, sessions, baseDir, port);
    }

    /** The address clients connect to: {@code http://127.0.0.1:PORT/mcp}. */
    public String url() {
        return "http://" + LOOPBACK + ":" + port + ENDPOINT;
    }

    /** Stops serving, closes every session's sources and removes the server's temporary files. */
    @Override
    public void close() {
        try {
            server.closeGracefully();
        } finally {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                LOG.warn("Stopping the MCP HTTP server: {}", e.getMessage());
            }
            sessions.values().forEach(McpConnection::close);
            delete(baseDir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.debug("Could not remove {}: {}", dir, e.getMessage());
        }
    }
}
