package io.osiris.llm.provider;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.llm.LlmSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Settings after the environment has filled what {@code .osiris.yaml} left empty. {@link #toString()}
 * never shows the key.
 *
 * @param provider the provider id
 * @param models   the models to try, in order, without duplicates
 * @param baseUrl  the API base URL; empty for the SDK's default
 * @param apiKey   the API key; empty only where the provider allows it
 * @param timeout  how long one request may take
 * @param maxTokens the most tokens one answer may use
 * @param retryPolicy the retry policy, its retry count taken from the settings
 */
public record ProviderConfig(
        String provider,
        List<String> models,
        String baseUrl,
        String apiKey,
        Duration timeout,
        int maxTokens,
        RetryPolicy retryPolicy) {

    public ProviderConfig {
        requireNonNull(provider, "provider");
        models = List.copyOf(models);
        requireNonNull(baseUrl, "baseUrl");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(timeout, "timeout");
        requireNonNull(retryPolicy, "retryPolicy");
    }

    /**
     * Resolves settings against the environment.
     *
     * @param settings        what the configuration says
     * @param env             the environment (injected so tests control it)
     * @param keyVariable     the variable holding the key when the settings name none
     * @param baseUrlVariable the variable holding the base URL when the settings name none; empty for none
     * @param basePolicy      the backoff delays; the retry count comes from the settings
     */
    public static ProviderConfig resolve(
            LlmSettings settings, Map<String, String> env, String keyVariable, String baseUrlVariable,
            RetryPolicy basePolicy) {
        if (settings.model().isBlank()) {
            throw new ConfigurationException("llm.model is empty for provider " + settings.provider()
                    + ": name a model in .osiris.yaml (llm.model).");
        }
        LinkedHashSet<String> models = new LinkedHashSet<>();
        models.add(settings.model().strip());
        for (String fallback : settings.fallbackModels()) {
            if (!fallback.isBlank()) {
                models.add(fallback.strip());
            }
        }
        String baseUrl = orEnv(settings.baseUrl(), env, baseUrlVariable);
        String apiKey = orEnv(settings.apiKey(), env, keyVariable);
        return new ProviderConfig(settings.provider(), new ArrayList<>(models), baseUrl, apiKey,
                settings.timeout(), settings.maxTokens(), basePolicy.withMaxRetries(settings.maxRetries()));
    }

    private static String orEnv(String configured, Map<String, String> env, String variable) {
        if (!configured.isBlank()) {
            return configured.strip();
        }
        if (variable.isEmpty()) {
            return "";
        }
        String value = env.get(variable);
        return value == null ? "" : value.strip();
    }

    /** The key, or a ConfigurationException naming the variable to set. */
    public String requireApiKey(String keyVariable) {
        if (apiKey.isEmpty()) {
            throw new ConfigurationException("No API key for LLM provider " + provider + ": set " + keyVariable
                    + " (or llm.api_key in .osiris.yaml).");
        }
        return apiKey;
    }

    @Override
    public String toString() {
        return "ProviderConfig[provider=" + provider + ", models=" + models + ", baseUrl=" + baseUrl
                + ", apiKey=" + (apiKey.isEmpty() ? "" : Secrets.MASK) + ", timeout=" + timeout
                + ", maxTokens=" + maxTokens + ", retryPolicy=" + retryPolicy + "]";
    }
}
