package io.osiris.llm.testing;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server that speaks whatever wire format its script says: it answers each request to a
 * path with the next reply queued for that path, and records every request so a test can assert what
 * the real SDK sent. A path with nothing queued answers 418, which no client retries, so a test
 * that sends more requests than it scripted fails fast and clearly.
 *
 * <pre>{@code
 * try (ScriptedLlmServer server = ScriptedLlmServer.start()) {
 *     server.enqueue("/v1/chat/completions", Reply.json(200, "{...}"));
 *     ... point the SDK at server.url("/v1") ...
 *     assertThat(server.requests()).hasSize(1);
 * }
 * }</pre>
 */
public final class ScriptedLlmServer implements AutoCloseable {

    /**
     * A scripted answer.
     *
     * @param status  the HTTP status
     * @param headers response headers
     * @param body    the response body (JSON)
     * @param delay   how long to wait before answering (longer than a client's timeout to simulate one)
     */
    public record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        public Reply {
            headers = Map.copyOf(headers);
            requireNonNull(body, "body");
            requireNonNull(delay, "delay");
        }

        /** A JSON answer with no extra headers and no delay. */
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of(), body, Duration.ZERO);
        }

        /** This reply with one more header. */
        public Reply withHeader(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, body, delay);
        }

        /** This reply, sent only after the delay. */
        public Reply after(Duration wait) {
            return new Reply(status, headers, body, wait);
        }
    }

    /**
     * A request as the server received it.
     *
     * @param method  the HTTP method
     * @param path    the path, without the query
     * @param headers headers, names lower-cased, first value each
     * @param body    the body as text
     */
    public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
        public RecordedRequest {
            headers = Map.copyOf(headers);
        }

        /** A header by name, case-insensitive, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Deque<Reply>> script = new HashMap<>();
    private final List<RecordedRequest> requests = new ArrayList<>();

    private ScriptedLlmServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static ScriptedLlmServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // One thread per request so a delayed reply (a simulated timeout) does not hold up the next.
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "scripted-llm-server");
                t.setDaemon(true);
                return t;
            });
            ScriptedLlmServer scripted = new ScriptedLlmServer(http, executor);
            http.createContext("/", scripted::handle);
            http.setExecutor(executor);
            http.start();
            return scripted;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the scripted LLM server", e);
        }
    }

    /** The server's address followed by the path, e.g. {@code url("/v1")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Queues a reply for the next request to this path. */
    public synchronized ScriptedLlmServer enqueue(String path, Reply reply) {
        script.computeIfAbsent(path, p -> new ArrayDeque<>()).add(reply);
        return this;
    }

    /** Every request received so far, oldest first. */
    public synchronized List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The request number {@code index} (0-based). */
    public synchronized RecordedRequest request(int index) {
        return requests.get(index);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
            String path = exchange.getRequestURI().getPath();
            Reply reply;
            synchronized (this) {
                requests.add(new RecordedRequest(exchange.getRequestMethod(), path, headers, body));
                Deque<Reply> queue = script.get(path);
                reply = queue == null || queue.isEmpty()
                        ? Reply.json(418, "{\"error\":{\"message\":\"no scripted reply for "
                                + exchange.getRequestMethod() + " " + path + "\"}}")
                        : queue.poll();
            }
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // The client gave up (a simulated timeout): nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
