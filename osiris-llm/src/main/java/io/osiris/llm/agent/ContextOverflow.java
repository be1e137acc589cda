package io.osiris.llm.agent;

import java.util.List;
import java.util.Locale;

/**
 * Recognises a provider's "the prompt is longer than my context" refusal. Providers answer it
 * as an ordinary 400 ({@code context_length_exceeded} from OpenAI and the servers copying it,
 * {@code prompt is too long} from Anthropic), so only the message tells it apart from a request
 * that is wrong in itself; the agent answers it by compacting and trying once more.
 */
final class ContextOverflow {
    private static final List<String> SIGNS = List.of("context_length_exceeded", "maximum context length",
            "context length", "context window", "prompt is too long", "too many tokens", "input is too long",
            "reduce the length of the messages");

    private ContextOverflow() {
    }

    /** Whether a failure of a model call, or any of its causes, says the prompt did not fit. */
    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (SIGNS.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }
}
