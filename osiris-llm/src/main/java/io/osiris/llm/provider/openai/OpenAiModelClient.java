package io.osiris.llm.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.models.Model;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.ChatResponse;
import io.osiris.api.llm.TokenUsage;
import io.osiris.llm.provider.FailureKind;
import io.osiris.llm.provider.Failures;
import io.osiris.llm.provider.ModelCallException;
import io.osiris.llm.provider.ModelClient;
import io.osiris.llm.provider.Secrets;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Chat Completions call on openai-java, for OpenAI and every server that speaks its wire format. */
final class OpenAiModelClient implements ModelClient {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiModelClient.class);

    private final String provider;
    private final OpenAIClient client;
    private final String apiKey;
    private final Duration timeout;
    private final long maxTokens;
    private final OpenAiWire.MaxTokensField maxTokensField;

    /**
     * @param baseUrl the API root; empty for OpenAI's own
     * @param apiKey  the key sent as a bearer token (a placeholder for local servers that need none)
     */
    OpenAiModelClient(String provider, String baseUrl, String apiKey, Duration timeout, long maxTokens,
            OpenAiWire.MaxTokensField maxTokensField) {
        this.provider = provider;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.maxTokens = maxTokens;
        this.maxTokensField = maxTokensField;
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .apiKey(apiKey)
                // Retries are FallbackChatModel's job, so one policy applies to every provider.
                .maxRetries(0)
                .timeout(Timeout.builder().connect(timeout).read(timeout).write(timeout).request(timeout).build());
        if (!baseUrl.isEmpty()) {
            builder.baseUrl(baseUrl);
        }
        this.client = builder.build();
    }

    @Override
    public ChatResponse call(String model, ChatRequest request) {
        LOG.debug("LLM provider {} model {}: sending {} messages, {} tools",
                provider, model, request.messages().size(), request.tools().size());
        try {
            ChatCompletion completion = client.chat().completions()
                    .create(OpenAiWire.request(model, request, maxTokens, maxTokensField));
            TokenUsage usage = OpenAiWire.usage(completion);
            ChatMessage.Assistant answer;
            try {
                answer = OpenAiWire.answer(completion, usage);
            } catch (OpenAIInvalidDataException e) {
                // The body parsed but a required field is missing: the tokens were still spent.
                throw ModelCallException.of(FailureKind.INVALID_RESPONSE, usage, Secrets.redact(e.getMessage(), apiKey));
            }
            return new ChatResponse(answer, model, usage);
        } catch (OpenAIServiceException e) {
            throw serviceFailure(e);
        } catch (OpenAIIoException e) {
            throw Failures.transport(e, timeout, apiKey);
        } catch (OpenAIInvalidDataException e) {
            throw ModelCallException.of(FailureKind.INVALID_RESPONSE, TokenUsage.NONE,
                    "unreadable response: " + Secrets.redact(e.getMessage(), apiKey));
        } catch (OpenAIException e) {
            throw Failures.transport(e, timeout, apiKey);
        }
    }

    /**
     * The context size the {@code /models} listing gives for {@code model}: the first of the
     * fields compatible servers use ({@code context_length} on OpenRouter, {@code context_window}
     * on Groq, {@code max_model_len} on vLLM, ...), or empty when the entry has none (OpenAI's own).
     */
    OptionalLong contextTokens(String model) {
        try {
            for (Model entry : client.models().list().data()) {
                String id = entry._id().asKnown().orElse("");
                if (id.equals(model) || id.equals("models/" + model)) {
                    return OpenAiWire.contextTokens(entry._additionalProperties());
                }
            }
            return OptionalLong.empty();
        } catch (OpenAIServiceException e) {
            throw serviceFailure(e);
        } catch (OpenAIException e) {
            throw Failures.transport(e, timeout, apiKey);
        }
    }

    private ModelCallException serviceFailure(OpenAIServiceException e) {
        return Failures.http(e.statusCode(), e.headers()::values, () -> {
            JsonNode body = e.body().convert(JsonNode.class);
            return body == null ? "" : OpenAiWire.errorMessage(body);
        }, apiKey);
    }

    @Override
    public void close() {
        client.close();
    }
}
