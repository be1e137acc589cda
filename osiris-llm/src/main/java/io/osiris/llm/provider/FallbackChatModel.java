package io.osiris.llm.provider;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.ChatResponse;
import io.osiris.api.llm.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry and fallback policy of every provider: call the first model; on a rate limit, a
 * server error or a timeout wait (exponential backoff with jitter, or the server's Retry-After) and
 * call it again, up to {@link RetryPolicy#maxRetries()} times; then move to the next fallback model.
 * A refused key or a refused request stops at once, since no retry or model would change the answer.
 *
 * <p>A model that failed for good (unknown, unreachable, or still failing after its retries) is
 * remembered for the life of this object, a chat session: later calls go straight to the next
 * model instead of spending the retries on it again. Only when every model has failed are they
 * all tried again, so a session outlives a network outage.
 *
 * <p>The response carries the model that answered and the tokens of every attempt, failed ones
 * included. Errors name the provider, each model tried and the HTTP status, never the key.
 */
public final class FallbackChatModel implements ChatModel {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackChatModel.class);

    private final String provider;
    private final String keyVariable;
    private final List<String> models;
    private final ModelClient client;
    private final RetryPolicy policy;
    /** Models that failed for good in this session, with why: skipped while another model is left. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    /**
     * @param provider    the provider id, for messages
     * @param keyVariable the environment variable that holds the key, for the "bad key" message
     * @param models      the models to try, in order (the configured model, then its fallbacks)
     * @param client      the provider's single-call client; closed with this model
     * @param policy      when to retry
     */
    public FallbackChatModel(
            String provider, String keyVariable, List<String> models, ModelClient client, RetryPolicy policy) {
        this.provider = requireNonNull(provider, "provider");
        this.keyVariable = requireNonNull(keyVariable, "keyVariable");
        this.models = List.copyOf(new LinkedHashSet<>(models));
        this.client = requireNonNull(client, "client");
        this.policy = requireNonNull(policy, "policy");
        if (this.models.isEmpty()) {
            throw new IllegalArgumentException("at least one model is required");
        }
    }

    /** The models tried, in order. */
    public List<String> models() {
        return models;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        requireNonNull(request, "request");
        TokenUsage spent = TokenUsage.NONE;
        List<String> failures = new ArrayList<>();
        List<String> live = models.stream().filter(m -> !failed.containsKey(m)).toList();
        for (String model : models) {
            if (!live.isEmpty() && !live.contains(model)) {
                failures.add(model + " (skipped: failed earlier in this session, " + failed.get(model) + ")");
                continue;
            }
            for (int attempt = 0; ; attempt++) {
                ModelCallException failure;
                try {
                    ChatResponse response = client.call(model, request);
                    failed.remove(model);
                    return new ChatResponse(response.message(), response.model(), spent.plus(response.usage()));
                } catch (ModelCallException e) {
                    failure = e;
                }
                spent = spent.plus(failure.usage());
                stopIfHopeless(model, failure);
                Optional<Duration> delay = nextDelay(attempt, failure);
                if (delay.isEmpty()) {
                    failures.add(model + " (" + failure.describe() + (attempt > 0 ? ", after " + (attempt + 1) + " attempts" : "") + ")");
                    LOG.warn("LLM provider {} model {} failed: {}; {}", provider, model, failure.describe(),
                            isLast(model) ? "no fallback model left" : "moving to the next fallback model");
                    remember(model, failure);
                    break;
                }
                LOG.warn("LLM provider {} model {} failed: {}; retry {} of {} in {} ms",
                        provider, model, failure.describe(), attempt + 1, policy.maxRetries(), delay.get().toMillis());
                sleep(delay.get(), model);
            }
        }
        throw new ConnectionException("LLM provider " + provider + " did not answer: every model failed: "
                + String.join("; ", failures)
                + ". Check the network and base_url, wait for the rate limit, or add fallback_models.");
    }

    /** Skips {@code model} in later calls, and says so once. */
    private void remember(String model, ModelCallException failure) {
        if (failed.putIfAbsent(model, failure.describe()) == null && models.size() > 1) {
            LOG.info("LLM provider {} model {} is skipped for the rest of this session: it failed ({})", provider,
                    model, failure.describe());
        }
    }

    /** A wrong key or a refused request fails the same way with any model and any number of retries. */
    private void stopIfHopeless(String model, ModelCallException failure) {
        switch (failure.kind()) {
            case AUTHENTICATION:
                throw new ConfigurationException("LLM provider " + provider + " refused the API key for model "
                        + model + " (" + failure.describe() + "). Check " + keyVariable
                        + " or the api key in .osiris.yaml.");
            case BAD_REQUEST:
                throw new ExecutionFailedException("LLM provider " + provider + " refused the request to model "
                        + model + " (" + failure.describe() + ").");
            default:
                // Retryable, or a per-model failure that the next model may not have.
        }
    }

    /** The wait before the next attempt on the same model, or empty to move to the next model. */
    private Optional<Duration> nextDelay(int attempt, ModelCallException failure) {
        if (!failure.kind().retryable() || attempt >= policy.maxRetries()) {
            return Optional.empty();
        }
        return policy.delayBefore(attempt + 1, failure.retryAfter(), ThreadLocalRandom.current().nextDouble());
    }

    private boolean isLast(String model) {
        return models.get(models.size() - 1).equals(model);
    }

    private void sleep(Duration delay, String model) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionException("Interrupted while waiting to retry LLM provider " + provider
                    + " model " + model + ".");
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "FallbackChatModel[provider=" + provider + ", models=" + models + "]";
    }
}
