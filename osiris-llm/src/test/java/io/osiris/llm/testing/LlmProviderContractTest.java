package io.osiris.llm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ConfigurationException;
import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.ChatResponse;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import io.osiris.llm.provider.RetryPolicy;
import io.osiris.llm.testing.ScriptedLlmServer.RecordedRequest;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every LLM provider passes: the real SDK client of the provider talks to a
 * {@link ScriptedLlmServer} that speaks its wire format. A provider's test supplies the wire format
 * (replies, the path, what a follow-up request must look like); the behaviour is the same for all.
 */
public abstract class LlmProviderContractTest {
    /** A recognisable fake key: it must never appear in an exception. */
    protected static final String KEY = "sk-test-SECRET-123";
    protected static final String SYSTEM = "You are Osiris, a data pipeline assistant.";
    protected static final ObjectMapper JSON = new ObjectMapper();

    protected static final ToolSpec DESCRIBE_TABLE = new ToolSpec("describe_table", "Describe one table.",
            "{\"type\":\"object\",\"properties\":{\"table\":{\"type\":\"string\"},\"connection\":{\"type\":\"string\"}},"
                    + "\"required\":[\"table\"],\"additionalProperties\":false}");
    protected static final ToolSpec SAMPLE_ROWS = new ToolSpec("sample_rows", "Sample rows of a table.",
            "{\"type\":\"object\",\"properties\":{\"table\":{\"type\":\"string\"},"
                    + "\"limit\":{\"type\":\"integer\",\"enum\":[10,100,1000]}},\"required\":[\"table\",\"limit\"]}");
    protected static final List<ToolSpec> TOOLS = List.of(DESCRIBE_TABLE, SAMPLE_ROWS);

    protected static final ToolCall CALL_1 = new ToolCall("call_1", "describe_table", "{\"table\":\"movies\"}");
    protected static final ToolCall CALL_2 = new ToolCall("call_2", "sample_rows", "{\"table\":\"reviews\",\"limit\":10}");

    /** A turn that ran two tools in parallel, one of which failed. */
    protected static final ChatRequest FOLLOW_UP = new ChatRequest(SYSTEM, List.of(
            new ChatMessage.User("Export movies rated above 8.0 to CSV"),
            new ChatMessage.Assistant("", List.of(CALL_1, CALL_2)),
            new ChatMessage.ToolResult("call_1", "describe_table", "{\"columns\":[\"movie_id\",\"title\"]}", false),
            new ChatMessage.ToolResult("call_2", "sample_rows", "{\"error\":\"no table reviews\"}", true)),
            TOOLS);

    protected static final ChatRequest QUESTION = new ChatRequest(SYSTEM,
            List.of(new ChatMessage.User("Which tables are there?")), TOOLS);

    protected ScriptedLlmServer server;

    @BeforeEach
    void startServer() {
        server = ScriptedLlmServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    // ---- what a provider's test supplies ----

    /** The provider under test, reading this environment, with these backoff delays. */
    protected abstract LlmProvider provider(Map<String, String> env, RetryPolicy retryPolicy);

    /** The environment variable the provider reads its key from. */
    protected abstract String keyVariable();

    /** The base URL that points the provider at the scripted server. */
    protected abstract String baseUrl();

    /** The path the SDK posts a chat to, under {@link #baseUrl()}. */
    protected abstract String chatPath();

    /** A 200 answer in text. */
    protected abstract String textReply(String model, String text, long inputTokens, long outputTokens);

    /** A 200 answer that calls these tools. */
    protected abstract String toolCallsReply(String model, List<ToolCall> calls, long inputTokens, long outputTokens);

    /** An error body as the provider's API writes it. */
    protected abstract String errorReply(String message);

    /** Asserts the JSON the SDK sent for {@link #FOLLOW_UP}: system prompt, tool schemas, tool calls and results linked by id. */
    protected abstract void assertFollowUpSent(JsonNode body);

    // ---- helpers ----

    protected LlmSettings settings(String model, List<String> fallbacks, String apiKey, Duration timeout, int maxRetries) {
        return new LlmSettings(provider(Map.of(), fast()).id(), model, fallbacks, baseUrl(), apiKey, timeout, 1024, maxRetries);
    }

    protected LlmSettings settings(String model, List<String> fallbacks) {
        return settings(model, fallbacks, KEY, Duration.ofSeconds(10), 2);
    }

    protected static RetryPolicy fast() {
        return RetryPolicy.withBaseDelay(Duration.ofMillis(5));
    }

    protected ChatModel open(LlmSettings settings) {
        return provider(Map.of(), fast()).open(settings);
    }

    protected Reply ok(String body) {
        return Reply.json(200, body);
    }

    protected static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    protected JsonNode sentBody(int index) {
        return json(server.request(index).body());
    }

    protected List<String> sentModels() {
        List<String> models = new ArrayList<>();
        for (RecordedRequest request : server.requests()) {
            models.add(json(request.body()).path("model").asText());
        }
        return models;
    }

    /** Every message and toString in the chain of causes and suppressed exceptions. */
    protected static String everythingSaidBy(Throwable error) {
        StringBuilder all = new StringBuilder();
        List<Throwable> pending = new ArrayList<>(List.of(error));
        while (!pending.isEmpty()) {
            Throwable t = pending.remove(0);
            all.append(t).append('\n').append(t.getMessage()).append('\n');
            if (t.getCause() != null && t.getCause() != t) {
                pending.add(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return all.toString();
    }

    // ---- the contract ----

    @Test
    void answersInText() {
        server.enqueue(chatPath(), ok(textReply("model-a", "There are two tables.", 12, 5)));
        try (ChatModel model = open(settings("model-a", List.of()))) {
            ChatResponse response = model.chat(QUESTION);

            assertThat(response.message().text()).isEqualTo("There are two tables.");
            assertThat(response.message().hasToolCalls()).isFalse();
            assertThat(response.model()).isEqualTo("model-a");
            assertThat(response.usage()).isEqualTo(new TokenUsage(12, 5));
        }
        RecordedRequest sent = server.request(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(chatPath());
        assertThat(json(sent.body()).path("model").asText()).isEqualTo("model-a");
        assertThat(sent.headers().values()).anyMatch(v -> v.contains(KEY));
    }

    @Test
    void parsesTwoParallelToolCallsWithTheirIdsNamesAndArguments() {
        server.enqueue(chatPath(), ok(toolCallsReply("model-a", List.of(CALL_1, CALL_2), 40, 20)));
        try (ChatModel model = open(settings("model-a", List.of()))) {
            ChatResponse response = model.chat(QUESTION);

            List<ToolCall> calls = response.message().toolCalls();
            assertThat(calls).extracting(ToolCall::id).containsExactly("call_1", "call_2");
            assertThat(calls).extracting(ToolCall::name).containsExactly("describe_table", "sample_rows");
            assertThat(json(calls.get(0).argumentsJson())).isEqualTo(json(CALL_1.argumentsJson()));
            assertThat(json(calls.get(1).argumentsJson())).isEqualTo(json(CALL_2.argumentsJson()));
            assertThat(response.usage()).isEqualTo(new TokenUsage(40, 20));
        }
    }

    @Test
    void sendsTheSystemPromptToolSchemasAndToolResultsLinkedById() {
        server.enqueue(chatPath(), ok(textReply("model-a", "The reviews table is missing.", 100, 8)));
        try (ChatModel model = open(settings("model-a", List.of()))) {
            model.chat(FOLLOW_UP);
        }
        assertFollowUpSent(sentBody(0));
    }

    @Test
    void retriesARateLimitAfterTheServersRetryAfter() {
        server.enqueue(chatPath(), Reply.json(429, errorReply("Rate limit reached")).withHeader("Retry-After", "0"));
        server.enqueue(chatPath(), ok(textReply("model-a", "done", 10, 2)));
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            ChatResponse response = model.chat(QUESTION);

            assertThat(response.message().text()).isEqualTo("done");
            assertThat(response.model()).isEqualTo("model-a");
        }
        assertThat(sentModels()).containsExactly("model-a", "model-a");
    }

    @Test
    void retriesAServerError() {
        server.enqueue(chatPath(), Reply.json(500, errorReply("internal error")));
        server.enqueue(chatPath(), ok(textReply("model-a", "done", 10, 2)));
        try (ChatModel model = open(settings("model-a", List.of()))) {
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("done");
        }
        assertThat(sentModels()).containsExactly("model-a", "model-a");
    }

    @Test
    void retriesATimeoutThenMovesToTheFallbackModel() {
        Duration slow = Duration.ofSeconds(3);
        server.enqueue(chatPath(), ok(textReply("model-a", "too late", 1, 1)).after(slow));
        server.enqueue(chatPath(), ok(textReply("model-a", "too late", 1, 1)).after(slow));
        server.enqueue(chatPath(), ok(textReply("model-b", "from the fallback", 7, 3)));
        try (ChatModel model = open(settings("model-a", List.of("model-b"), KEY, Duration.ofMillis(400), 1))) {
            ChatResponse response = model.chat(QUESTION);

            assertThat(response.message().text()).isEqualTo("from the fallback");
            assertThat(response.model()).isEqualTo("model-b");
            assertThat(response.usage()).isEqualTo(new TokenUsage(7, 3));
        }
        assertThat(sentModels()).containsExactly("model-a", "model-a", "model-b");
    }

    @Test
    void aRetryAfterLongerThanThePolicyAllowsMovesToTheFallbackAtOnce() {
        server.enqueue(chatPath(), Reply.json(429, errorReply("slow down")).withHeader("Retry-After", "3600"));
        server.enqueue(chatPath(), ok(textReply("model-b", "fallback", 3, 1)));
        long start = System.nanoTime();
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            assertThat(model.chat(QUESTION).model()).isEqualTo("model-b");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(sentModels()).containsExactly("model-a", "model-b");
    }

    @Test
    void anUnknownModelMovesToTheFallbackWithoutRetrying() {
        server.enqueue(chatPath(), Reply.json(404, errorReply("The model model-a does not exist")));
        server.enqueue(chatPath(), ok(textReply("model-b", "fallback", 3, 1)));
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            assertThat(model.chat(QUESTION).model()).isEqualTo("model-b");
        }
        assertThat(sentModels()).containsExactly("model-a", "model-b");
    }

    @Test
    void aModelNotFoundIsSkippedForTheRestOfTheSession() {
        server.enqueue(chatPath(), Reply.json(404, errorReply("The model model-a does not exist")));
        server.enqueue(chatPath(), ok(textReply("model-b", "first", 3, 1)));
        server.enqueue(chatPath(), ok(textReply("model-b", "second", 3, 1)));
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("first");
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("second");
        }
        assertThat(sentModels()).containsExactly("model-a", "model-b", "model-b");
    }

    @Test
    void aModelStillOverloadedAfterItsRetriesIsSkippedForTheRestOfTheSession() {
        server.enqueue(chatPath(), Reply.json(503, errorReply("overloaded")));
        server.enqueue(chatPath(), Reply.json(503, errorReply("overloaded")));
        server.enqueue(chatPath(), ok(textReply("model-b", "first", 3, 1)));
        server.enqueue(chatPath(), ok(textReply("model-b", "second", 3, 1)));
        server.enqueue(chatPath(), ok(textReply("model-b", "third", 3, 1)));
        try (ChatModel model = open(settings("model-a", List.of("model-b"), KEY, Duration.ofSeconds(10), 1))) {
            model.chat(QUESTION);
            model.chat(QUESTION);
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("third");
        }
        assertThat(sentModels()).containsExactly("model-a", "model-a", "model-b", "model-b", "model-b");
    }

    @Test
    void whenEveryModelFailedTheNextCallTriesThemAllAgain() {
        server.enqueue(chatPath(), Reply.json(404, errorReply("no model-a")));
        server.enqueue(chatPath(), Reply.json(404, errorReply("no model-b")));
        server.enqueue(chatPath(), ok(textReply("model-a", "back", 3, 1)));
        server.enqueue(chatPath(), ok(textReply("model-a", "still there", 3, 1)));
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            assertThatThrownBy(() -> model.chat(QUESTION)).isInstanceOf(ConnectionException.class);
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("back");
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("still there");
        }
        assertThat(sentModels()).containsExactly("model-a", "model-b", "model-a", "model-a");
    }

    @Test
    void aRefusedKeyIsNotRememberedAndFailsTheSameOnTheNextCall() {
        server.enqueue(chatPath(), Reply.json(401, errorReply("bad key")));
        server.enqueue(chatPath(), Reply.json(401, errorReply("bad key")));
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            assertThatThrownBy(() -> model.chat(QUESTION)).isInstanceOf(ConfigurationException.class);
            assertThatThrownBy(() -> model.chat(QUESTION)).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("model-a");
        }
        assertThat(sentModels()).containsExactly("model-a", "model-a");
    }

    @Test
    void aRefusedKeyFailsAtOnceNamingProviderModelAndStatusButNeverTheKey() {
        // The server echoes the key, as a careless proxy might: it must still not reach the exception.
        server.enqueue(chatPath(), Reply.json(401, errorReply("Incorrect API key provided: " + KEY)));
        Throwable error;
        String providerId;
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            providerId = provider(Map.of(), fast()).id();
            error = catchThrowable(() -> model.chat(QUESTION));
        }
        assertThat(error).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(providerId)
                .hasMessageContaining("model-a")
                .hasMessageContaining("401")
                .hasMessageContaining(keyVariable());
        assertThat(everythingSaidBy(error)).doesNotContain(KEY);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aBadRequestIsNotRetried() {
        server.enqueue(chatPath(), Reply.json(400, errorReply("messages: field required")));
        try (ChatModel model = open(settings("model-a", List.of("model-b")))) {
            assertThatThrownBy(() -> model.chat(QUESTION))
                    .isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("model-a")
                    .hasMessageContaining("400")
                    .hasMessageContaining("messages: field required");
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void whenEveryModelFailsTheErrorNamesEachModelAndStatus() {
        server.enqueue(chatPath(), Reply.json(503, errorReply("overloaded " + KEY)));
        server.enqueue(chatPath(), Reply.json(503, errorReply("overloaded")));
        server.enqueue(chatPath(), Reply.json(429, errorReply("rate limited")).withHeader("Retry-After", "0"));
        server.enqueue(chatPath(), Reply.json(429, errorReply("rate limited")).withHeader("Retry-After", "0"));
        Throwable error;
        try (ChatModel model = open(settings("model-a", List.of("model-b"), KEY, Duration.ofSeconds(10), 1))) {
            error = catchThrowable(() -> model.chat(QUESTION));
        }
        assertThat(error).isInstanceOf(ConnectionException.class)
                .hasMessageContaining(provider(Map.of(), fast()).id())
                .hasMessageContaining("model-a (HTTP 503")
                .hasMessageContaining("model-b (HTTP 429");
        assertThat(everythingSaidBy(error)).doesNotContain(KEY);
        assertThat(sentModels()).containsExactly("model-a", "model-a", "model-b", "model-b");
    }

    @Test
    void anUnreachableServerIsAConnectionErrorAfterTheRetries() {
        LlmProvider provider = provider(Map.of(), fast());
        // Port 1 on the loopback refuses connections at once.
        LlmSettings unreachable = new LlmSettings(provider.id(), "model-a", List.of("model-b"),
                "http://127.0.0.1:1/v1/", KEY, Duration.ofSeconds(2), 100, 1);
        Throwable error;
        try (ChatModel model = provider.open(unreachable)) {
            error = catchThrowable(() -> model.chat(QUESTION));
        }
        assertThat(error).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("model-a (network")
                .hasMessageContaining("model-b (network");
        assertThat(everythingSaidBy(error)).doesNotContain(KEY);
    }

    @Test
    void readsTheKeyFromTheEnvironmentWhenTheSettingsHaveNone() {
        server.enqueue(chatPath(), ok(textReply("model-a", "hi", 1, 1)));
        LlmProvider provider = provider(Map.of(keyVariable(), "sk-from-env"), fast());
        try (ChatModel model = provider.open(settings("model-a", List.of(), "", Duration.ofSeconds(10), 0))) {
            model.chat(QUESTION);
        }
        assertThat(server.request(0).headers().values()).anyMatch(v -> v.contains("sk-from-env"));
    }

    @Test
    void aMissingKeyForTheProvidersOwnApiNamesTheVariable() {
        LlmProvider provider = provider(Map.of(), fast());
        LlmSettings noKey = new LlmSettings(provider.id(), "model-a", List.of(), "", "", Duration.ofSeconds(5), 100, 0);
        assertThatThrownBy(() -> provider.open(noKey))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(keyVariable());
        assertThat(provider.apiKeyVariable()).isEqualTo(keyVariable());
    }
}
