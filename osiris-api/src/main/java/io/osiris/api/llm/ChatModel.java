package io.osiris.api.llm;

/**
 * A model that answers a conversation, possibly with tool calls. Implementations retry rate
 * limits and server errors with backoff, then move to the next fallback model.
 */
public interface ChatModel extends AutoCloseable {

    /**
     * Sends the conversation and returns the model's next message.
     *
     * @throws io.osiris.api.ConnectionException naming provider, model and status (never the key)
     *                                           when every model and retry failed
     */
    ChatResponse chat(ChatRequest request);

    /** Releases HTTP clients. */
    @Override
    void close();
}
