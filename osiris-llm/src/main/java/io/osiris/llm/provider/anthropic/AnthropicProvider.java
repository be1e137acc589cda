package io.osiris.llm.provider.anthropic;

import static java.util.Objects.requireNonNull;

import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.llm.provider.FallbackChatModel;
import io.osiris.llm.provider.ModelListing;
import io.osiris.llm.provider.ProviderConfig;
import io.osiris.llm.provider.RetryPolicy;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code anthropic} provider: the Messages API with tools through anthropic-java. Defaults come
 * from {@code ANTHROPIC_API_KEY} and {@code ANTHROPIC_BASE_URL}.
 */
public final class AnthropicProvider implements LlmProvider, ModelListing {
    /** The variable holding the key. */
    public static final String API_KEY_VARIABLE = "ANTHROPIC_API_KEY";
    /** The variable holding the base URL. */
    public static final String BASE_URL_VARIABLE = "ANTHROPIC_BASE_URL";

    /** Sent to a custom base URL (a local gateway) when no key is configured; the SDK insists on one. */
    static final String NO_KEY_PLACEHOLDER = "no-key";

    private final Map<String, String> env;
    private final RetryPolicy retryPolicy;

    /** The provider ServiceLoader creates: the process environment and the default retry delays. */
    public AnthropicProvider() {
        this(System.getenv(), RetryPolicy.DEFAULT);
    }

    /**
     * @param env         where {@code ANTHROPIC_API_KEY} and {@code ANTHROPIC_BASE_URL} are read
     * @param retryPolicy the backoff delays (the retry count comes from the settings)
     */
    public AnthropicProvider(Map<String, String> env, RetryPolicy retryPolicy) {
        this.env = Map.copyOf(requireNonNull(env, "env"));
        this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
    }

    @Override
    public String id() {
        return "anthropic";
    }

    @Override
    public String apiKeyVariable() {
        return API_KEY_VARIABLE;
    }

    @Override
    public ChatModel open(LlmSettings settings) {
        ProviderConfig config = ProviderConfig.resolve(settings, env, API_KEY_VARIABLE, BASE_URL_VARIABLE, retryPolicy);
        return new FallbackChatModel(id(), API_KEY_VARIABLE, config.models(), client(config), config.retryPolicy());
    }

    @Override
    public OptionalLong contextTokens(LlmSettings settings) {
        ProviderConfig config = ProviderConfig.resolve(settings, env, API_KEY_VARIABLE, BASE_URL_VARIABLE, retryPolicy);
        try (AnthropicModelClient client = client(config)) {
            return client.contextTokens(settings.model().strip());
        }
    }

    private AnthropicModelClient client(ProviderConfig config) {
        // Anthropic's own API needs a key; a gateway named by base_url may not.
        String key = config.baseUrl().isEmpty() ? config.requireApiKey(API_KEY_VARIABLE)
                : config.apiKey().isEmpty() ? NO_KEY_PLACEHOLDER : config.apiKey();
        return new AnthropicModelClient(config.baseUrl(), key, config.timeout(), config.maxTokens());
    }
}
