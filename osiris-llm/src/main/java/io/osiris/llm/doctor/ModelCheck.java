package io.osiris.llm.doctor;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * What {@link LlmDoctor} found out about one configured model. Nothing in it holds the API key.
 *
 * @param provider      the provider id ({@code openai}, {@code anthropic}, {@code gemini})
 * @param model         the model, as {@code llm.model} or {@code llm.fallback_models} names it
 * @param key           whether the provider took the key
 * @param tools         whether a tool call came back with arguments that are a JSON object
 * @param contextTokens the context size the provider's model listing gives; 0 when unknown
 * @param latencyMillis how long the small tool-call request took, answered or failed
 * @param detail        why a check failed (the provider's message, key-free), or empty
 */
public record ModelCheck(String provider, String model, KeyStatus key, ToolStatus tools, long contextTokens,
        long latencyMillis, String detail) {
    public ModelCheck {
        requireNonNull(provider, "provider");
        requireNonNull(model, "model");
        requireNonNull(key, "key");
        requireNonNull(tools, "tools");
        requireNonNull(detail, "detail");
        if (contextTokens < 0 || latencyMillis < 0) {
            throw new IllegalArgumentException("contextTokens and latencyMillis must be >= 0");
        }
    }

    /** The context size, when the provider's listing says it. */
    public OptionalLong context() {
        return contextTokens > 0 ? OptionalLong.of(contextTokens) : OptionalLong.empty();
    }

    /** Whether this model is fit for the agent: the key is taken and tool calls work. */
    public boolean passed() {
        return key == KeyStatus.ACCEPTED && tools == ToolStatus.OK;
    }

    /** Whether the provider took the API key. */
    public enum KeyStatus {
        /** The model answered. */
        ACCEPTED("accepted"),
        /** 401 or 403. */
        REFUSED("key refused"),
        /** No key is set where the provider needs one. */
        MISSING("no key"),
        /** The model did not answer, so the key was not judged. */
        UNKNOWN("not checked");

        private final String label;

        KeyStatus(String label) {
            this.label = label;
        }

        /** How the report shows it. */
        public String label() {
            return label;
        }
    }

    /** Whether tool calls work. */
    public enum ToolStatus {
        /** The model called the tool and its arguments are a JSON object. */
        OK("ok"),
        /** The model answered in text instead of calling the tool. */
        NO_TOOL_CALL("no tool call"),
        /** The model called the tool, but its arguments are not a JSON object. */
        BAD_ARGUMENTS("arguments not JSON"),
        /** The request failed (refused, unreachable, unknown model). */
        FAILED("failed"),
        /** Not tried, as the model could not be opened. */
        NOT_CHECKED("not checked");

        private final String label;

        ToolStatus(String label) {
            this.label = label;
        }

        /** How the report shows it. */
        public String label() {
            return label;
        }
    }
}
