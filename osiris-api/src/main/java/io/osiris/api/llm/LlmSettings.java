package io.osiris.api.llm;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * How to reach a model. {@link #toString()} never shows the API key.
 *
 * @param provider       the provider id
 * @param model          the first model to try
 * @param fallbackModels models to try next, in order, when one keeps failing
 * @param baseUrl        the API's base URL; empty for the provider's default
 * @param apiKey         the API key (a secret); empty where the server needs none (a local Ollama)
 * @param timeout        how long one request may take
 * @param maxTokens      the most tokens one answer may use
 * @param maxRetries     retries of one model on 429 and 5xx before the next fallback
 */
public record LlmSettings(
        String provider,
        String model,
        List<String> fallbackModels,
        String baseUrl,
        String apiKey,
        Duration timeout,
        int maxTokens,
        int maxRetries) {
    public LlmSettings {
        requireNonNull(provider, "provider");
        requireNonNull(model, "model");
        requireNonNull(baseUrl, "baseUrl");
        requireNonNull(apiKey, "apiKey");
        requireNonNull(timeout, "timeout");
        fallbackModels = List.copyOf(fallbackModels);
        if (maxTokens <= 0 || maxRetries < 0) {
            throw new IllegalArgumentException("maxTokens must be > 0 and maxRetries >= 0");
        }
    }

    @Override
    public String toString() {
        return "LlmSettings[provider=" + provider + ", model=" + model + ", fallbackModels=" + fallbackModels
                + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey.isEmpty() ? "" : "****")
                + ", timeout=" + timeout + ", maxTokens=" + maxTokens + ", maxRetries=" + maxRetries + "]";
    }
}
