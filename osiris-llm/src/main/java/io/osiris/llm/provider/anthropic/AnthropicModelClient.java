package io.osiris.llm.provider.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.Timeout;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
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

/** One Messages API call on anthropic-java. */
final class AnthropicModelClient implements ModelClient {
    private static final Logger LOG = LoggerFactory.getLogger(AnthropicModelClient.class);

    private final AnthropicClient client;
    private final String apiKey;
    private final Duration timeout;
    private final long maxTokens;

    /**
     * @param baseUrl the API root; empty for Anthropic's own
     * @param apiKey  the key sent as {@code x-api-key}
     */
    AnthropicModelClient(String baseUrl, String apiKey, Duration timeout, long maxTokens) {
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.maxTokens = maxTokens;
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
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
        LOG.debug("LLM provider anthropic model {}: sending {} messages, {} tools",
                model, request.messages().size(), request.tools().size());
        try {
            Message message = client.messages().create(AnthropicWire.request(model, request, maxTokens));
            TokenUsage usage = AnthropicWire.usage(message);
            ChatMessage.Assistant answer;
            try {
                answer = AnthropicWire.answer(message);
            } catch (AnthropicInvalidDataException e) {
                // The body parsed but a block is malformed: the tokens were still spent.
                throw ModelCallException.of(FailureKind.INVALID_RESPONSE, usage, Secrets.redact(e.getMessage(), apiKey));
            }
            return new ChatResponse(answer, model, usage);
        } catch (AnthropicServiceException e) {
            throw serviceFailure(e);
        } catch (AnthropicIoException e) {
            throw Failures.transport(e, timeout, apiKey);
        } catch (AnthropicInvalidDataException e) {
            throw ModelCallException.of(FailureKind.INVALID_RESPONSE, TokenUsage.NONE,
                    "unreadable response: " + Secrets.redact(e.getMessage(), apiKey));
        } catch (AnthropicException e) {
            throw Failures.transport(e, timeout, apiKey);
        }
    }

    /** The model's {@code max_input_tokens} from the Models API, or empty when the answer has none. */
    OptionalLong contextTokens(String model) {
        try {
            return client.models().retrieve(model).maxInputTokens().map(OptionalLong::of).orElse(OptionalLong.empty());
        } catch (AnthropicServiceException e) {
            throw serviceFailure(e);
        } catch (AnthropicException e) {
            throw Failures.transport(e, timeout, apiKey);
        }
    }

    private ModelCallException serviceFailure(AnthropicServiceException e) {
        return Failures.http(e.statusCode(), e.headers()::values, () -> e.apiMessage().orElse(""), apiKey);
    }

    @Override
    public void close() {
        client.close();
    }
}
