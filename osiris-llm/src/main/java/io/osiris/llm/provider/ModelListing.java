package io.osiris.llm.provider;

import io.osiris.api.llm.LlmSettings;
import java.util.OptionalLong;

/**
 * A provider that can tell a model's context size from its model listing: a capability beside
 * {@link io.osiris.api.llm.LlmProvider}, offered by the providers whose API lists models, so
 * {@code osiris llm doctor} reports the size where the server says it and "unknown" elsewhere.
 */
public interface ModelListing {

    /**
     * How many input tokens {@code settings.model()} takes, as the provider's model listing says
     * (Anthropic's {@code max_input_tokens}; an OpenAI-compatible {@code /models} entry's
     * {@code context_length} or its kin), or empty when the listing does not say.
     *
     * @throws ModelCallException when the listing cannot be read (refused, unreachable)
     */
    OptionalLong contextTokens(LlmSettings settings);
}
