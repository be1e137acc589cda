package io.osiris.llm.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.llm.provider.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code openai} provider against a scripted OpenAI-compatible server. */
class OpenAiProviderTest extends OpenAiWireContractTest {

    @Override
    protected LlmProvider provider(Map<String, String> env, RetryPolicy retryPolicy) {
        return new OpenAiProvider(env, retryPolicy);
    }

    @Override
    protected String keyVariable() {
        return "OPENAI_API_KEY";
    }

    @Override
    protected String baseUrl() {
        return server.url("/v1");
    }

    @Override
    protected String chatPath() {
        return "/v1/chat/completions";
    }

    @Test
    void readsTheBaseUrlFromTheEnvironmentAndSendsTheKeyAsABearerToken() {
        server.enqueue(chatPath(), ok(textReply("gpt-test", "hi", 1, 1)));
        LlmProvider provider = provider(Map.of("OPENAI_BASE_URL", baseUrl(), "OPENAI_API_KEY", KEY), fast());
        LlmSettings settings = new LlmSettings("openai", "gpt-test", List.of(), "", "", Duration.ofSeconds(5), 64, 0);
        try (ChatModel model = provider.open(settings)) {
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("hi");
        }
        assertThat(server.request(0).header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void aLocalServerNeedsNoKey() {
        server.enqueue(chatPath(), ok(textReply("llama3.1", "hi", 1, 1)));
        LlmProvider provider = provider(Map.of(), fast());
        LlmSettings settings = new LlmSettings("openai", "llama3.1", List.of(), baseUrl(), "", Duration.ofSeconds(5), 64, 0);
        try (ChatModel model = provider.open(settings)) {
            assertThat(model.chat(QUESTION).message().text()).isEqualTo("hi");
        }
        assertThat(server.request(0).header("Authorization")).isEqualTo("Bearer " + OpenAiProvider.NO_KEY_PLACEHOLDER);
    }

    @Test
    void knowsOpenAisOwnApiFromACompatibleServer() {
        assertThat(OpenAiProvider.isOpenAi("")).isTrue();
        assertThat(OpenAiProvider.isOpenAi("https://api.openai.com/v1")).isTrue();
        assertThat(OpenAiProvider.isOpenAi("http://localhost:11434/v1")).isFalse();
    }
}
