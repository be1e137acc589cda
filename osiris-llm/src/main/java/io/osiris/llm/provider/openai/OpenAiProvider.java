package io.osiris.llm.provider.openai;

import static java.util.Objects.requireNonNull;

import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.llm.provider.FallbackChatModel;
import io.osiris.llm.provider.ModelListing;
import io.osiris.llm.provider.ProviderConfig;
import io.osiris.llm.provider.RetryPolicy;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The {@code openai} provider: the Chat Completions API with tools through openai-java. With a
 * {@code base_url} it serves every OpenAI-compatible server (Ollama, vLLM, LM Studio), which may need
 * no key. Defaults come from {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL}.
 */
public final class OpenAiProvider implements LlmProvider, ModelListing {
    /** The variable holding the key. */
    public static final String API_KEY_VARIABLE = "OPENAI_API_KEY";
    /** The variable holding the base URL. */
    public static final String BASE_URL_VARIABLE = "OPENAI_BASE_URL";

    /**
     * Sent as the bearer token to a compatible server when no key is configured: the SDK insists on a
     * key and local servers ignore it.
     */
    static final String NO_KEY_PLACEHOLDER = "no-key";

    private final Map<String, String> env;
    private final RetryPolicy retryPolicy;

    /** The provider ServiceLoader creates: the process environment and the default retry delays. */
    public OpenAiProvider() {
        this(System.getenv(), RetryPolicy.DEFAULT);
    }

    /**
     * @param env         where {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL} are read
     * @param retryPolicy the backoff delays (the retry count comes from the settings)
     */
    public OpenAiProvider(Map<String, String> env, RetryPolicy retryPolicy) {
        this.env = Map.copyOf(requireNonNull(env, "env"));
        this.retryPolicy = requireNonNull(retryPolicy, "retryPolicy");
    }

    @Override
    public String id() {
        return "openai";
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
        try (OpenAiModelClient client = client(config)) {
            return client.contextTokens(settings.model().strip());
        }
    }

    private OpenAiModelClient client(ProviderConfig config) {
        boolean official = isOpenAi(config.baseUrl());
        // OpenAI itself needs a key; a local server (Ollama, LM Studio) usually does not.
        String key = official ? config.requireApiKey(API_KEY_VARIABLE)
                : config.apiKey().isEmpty() ? NO_KEY_PLACEHOLDER : config.apiKey();
        return new OpenAiModelClient(id(), config.baseUrl(), key, config.timeout(), config.maxTokens(),
                official ? OpenAiWire.MaxTokensField.MAX_COMPLETION_TOKENS : OpenAiWire.MaxTokensField.MAX_TOKENS);
    }

    /** Whether the base URL is OpenAI's own API (empty means the SDK's default, which is). */
    static boolean isOpenAi(String baseUrl) {
        if (baseUrl.isEmpty()) {
            return true;
        }
        try {
            String host = URI.create(baseUrl).getHost();
            return host != null && host.toLowerCase(Locale.ROOT).equals("api.openai.com");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
