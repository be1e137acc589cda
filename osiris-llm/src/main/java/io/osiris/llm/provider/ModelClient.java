package io.osiris.llm.provider;

import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.ChatResponse;

/**
 * One provider's wire format: sends a conversation to a named model once, without retries. The
 * retry and fallback policy lives in {@link FallbackChatModel}, once for every provider.
 */
public interface ModelClient extends AutoCloseable {

    /**
     * Calls {@code model} once.
     *
     * @throws ModelCallException when the call failed, classified and free of secrets
     */
    ChatResponse call(String model, ChatRequest request);

    /** Releases the HTTP client. */
    @Override
    void close();
}
