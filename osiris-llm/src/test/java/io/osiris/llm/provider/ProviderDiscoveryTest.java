package io.osiris.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.LlmProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProviderDiscoveryTest {

    @Test
    void serviceLoaderFindsOpenAiAnthropicAndGemini() {
        assertThat(ServiceLoader.load(LlmProvider.class))
                .extracting(LlmProvider::id)
                .contains("openai", "anthropic", "gemini");
    }

    @Test
    void eachProviderNamesItsKeyVariable() {
        assertThat(ServiceLoader.load(LlmProvider.class))
                .extracting(LlmProvider::apiKeyVariable)
                .contains("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY");
    }
}
