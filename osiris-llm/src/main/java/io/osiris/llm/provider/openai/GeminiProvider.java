package io.osiris.llm.provider.openai;

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
 * The {@code gemini} provider: Google's Gemini through its OpenAI-compatible endpoint, on the same
 * client as {@link OpenAiProvider}. The key comes from {@code GEMINI_API_KEY}.
 */
public final class GeminiProvider implements LlmProvider, ModelListing {
    /** The variable holding the key. */
    public static final String API_KEY_VARIABLE = "GEMINI_API_KEY";
    /** Gemini's OpenAI-compatible API root. */
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com/v1beta/openai/";

    private final Map<String, String> env;
    private final RetryPolicy retryPolicy;

    /** The provider ServiceLoader creates: the process environment and the default retry delays. */
    public GeminiProvider() {
        this(System.getenv(), RetryPolicy.DEFAULT);
    }

    /**
     * @param env         where {@code GEMINI_API_KEY} is read
     * @param retryPolicy the backoff delays (the retry count comes from the settings)
     */
    public GeminiProvider(Map<String, String> env, RetryPolicy retryPolicy) {
        this.env = Map.copyOf(requireNonNull(env, "env"));
        this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
    }

    @Override
    public String id() {
        return "gemini";
    }

    @Override
    public String apiKeyVariable() {
        return API_KEY_VARIABLE;
    }

    @Override
    public ChatModel open(LlmSettings settings) {
        ProviderConfig config = config(settings);
        return new FallbackChatModel(id(), API_KEY_VARIABLE, config.models(), client(config), config.retryPolicy());
    }

    @Override
    public OptionalLong contextTokens(LlmSettings settings) {
        try (OpenAiModelClient client = client(config(settings))) {
            return client.contextTokens(settings.model().strip());
        }
    }

    private ProviderConfig config(LlmSettings settings) {
        // No base URL variable: OPENAI_BASE_URL belongs to the openai provider, not to Gemini.
        return ProviderConfig.resolve(settings, env, API_KEY_VARIABLE, "", retryPolicy);
    }

    private OpenAiModelClient client(ProviderConfig config) {
        String baseUrl = config.baseUrl().isEmpty() ? DEFAULT_BASE_URL : config.baseUrl();
        return new OpenAiModelClient(id(), baseUrl, config.requireApiKey(API_KEY_VARIABLE),
                config.timeout(), config.maxTokens(), OpenAiWire.MaxTokensField.MAX_TOKENS);
    }
}
