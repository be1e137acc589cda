package io.osiris.llm.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmProvider;
import io.osiris.llm.provider.RetryPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code gemini} provider: the OpenAI wire format under Gemini's {@code /v1beta/openai/} root. */
class GeminiProviderTest extends OpenAiWireContractTest {

    @Override
    protected LlmProvider provider(Map<String, String> env, RetryPolicy retryPolicy) {
        return new GeminiProvider(env, retryPolicy);
    }

    @Override
    protected String keyVariable() {
        return "GEMINI_API_KEY";
    }

    @Override
    protected String baseUrl() {
        return server.url("/v1beta/openai/");
    }

    @Override
    protected String chatPath() {
        return "/v1beta/openai/chat/completions";
    }

    @Test
    void sendsTheGeminiKeyAsABearerTokenToTheOpenAiCompatiblePath() {
        server.enqueue(chatPath(), ok(textReply("gemini-2.5-flash", "hi", 1, 1)));
        try (ChatModel model = open(settings("gemini-2.5-flash", List.of()))) {
            assertThat(model.chat(QUESTION).model()).isEqualTo("gemini-2.5-flash");
        }
        assertThat(server.request(0).path()).isEqualTo("/v1beta/openai/chat/completions");
        assertThat(server.request(0).header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void defaultsToGooglesOpenAiCompatibleEndpoint() {
        assertThat(GeminiProvider.DEFAULT_BASE_URL).isEqualTo("https://generativelanguage.googleapis.com/v1beta/openai/");
    }
}
