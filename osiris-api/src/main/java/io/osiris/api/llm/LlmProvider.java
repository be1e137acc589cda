package io.osiris.api.llm;

/**
 * Entry point of an LLM provider, found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.osiris.api.llm.LlmProvider}. The provider
 * {@link #id()} is what {@code llm.provider} names in {@code .osiris.yaml}.
 */
public interface LlmProvider {

    /** The provider id ({@code openai}, {@code anthropic}, {@code gemini}). */
    String id();

    /** The environment variable holding the API key when the config names none ({@code OPENAI_API_KEY}). */
    String apiKeyVariable();

    /**
     * Opens a chat model with these settings.
     *
     * @throws io.osiris.api.ConfigurationException when a setting is missing (no API key)
     */
    ChatModel open(LlmSettings settings);
}
