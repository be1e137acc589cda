package io.osiris.llm.doctor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ConfigurationException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.ChatResponse;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.config.SecretMask;
import io.osiris.llm.agent.ChatModels;
import io.osiris.llm.provider.ModelListing;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every model {@code .osiris.yaml} configures ({@code llm.model}, then each of
 * {@code llm.fallback_models}) on its own, with the real provider client: one tiny request that
 * offers one tool and asks for a call tells whether the key is taken, whether tool calls come
 * back with JSON-object arguments, and how long a small call takes; the provider's model listing
 * gives the context size where it says. Each model is opened without fallbacks or retries, so a
 * failing fallback shows as itself instead of hiding behind the primary.
 *
 * <pre>{@code
 * LlmDoctor.of(osiris.config()).map(LlmDoctor::examine).orElseThrow(...)
 * }</pre>
 */
public final class LlmDoctor {
    /** The tool the probe offers. */
    static final String TOOL = "report_status";
    /** The probe needs a few dozen tokens; a small cap keeps it cheap on every provider. */
    static final int PROBE_MAX_TOKENS = 256;
    private static final int SHOWN_CHARS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChatRequest PROBE = new ChatRequest(
            "You are checking that tool calls work. Answer only by calling the tool " + TOOL + ".",
            List.of(new ChatMessage.User("Call " + TOOL + " with status \"ok\".")),
            List.of(new ToolSpec(TOOL, "Reports a status.", "{\"type\":\"object\",\"properties\":{\"status\":"
                    + "{\"type\":\"string\",\"description\":\"The status to report.\"}},\"required\":[\"status\"]}")));

    private final LlmProvider provider;
    private final LlmSettings settings;
    private final SecretMask mask;

    private LlmDoctor(ChatModels.Resolved configured) {
        this.provider = configured.provider();
        this.settings = configured.settings();
        this.mask = settings.apiKey().isBlank() ? SecretMask.NONE : SecretMask.of(List.of(settings.apiKey()));
    }

    /**
     * The doctor of the config's {@code llm:} section, with the providers on the class path and the
     * process environment, or empty when no LLM is configured.
     *
     * @throws ConfigurationException when the provider is unknown or a setting is malformed
     */
    public static Optional<LlmDoctor> of(OsirisConfig config) {
        return of(config, ChatModels.providers(), System.getenv());
    }

    /**
     * The doctor of the config's {@code llm:} section with these providers and this environment,
     * or empty when no LLM is configured.
     *
     * @throws ConfigurationException when the provider is unknown or a setting is malformed
     */
    public static Optional<LlmDoctor> of(OsirisConfig config, List<LlmProvider> providers,
            Map<String, String> environment) {
        return ChatModels.resolve(config, providers, environment).map(LlmDoctor::new);
    }

    /** The provider id. */
    public String provider() {
        return settings.provider();
    }

    /** The models checked, in order: {@code llm.model}, then the fallbacks. */
    public List<String> models() {
        Set<String> models = new LinkedHashSet<>();
        models.add(settings.model());
        models.addAll(settings.fallbackModels());
        return List.copyOf(models);
    }

    /** Checks every configured model, in order. */
    public List<ModelCheck> examine() {
        return models().stream().map(this::check).toList();
    }

    /** Checks one model: key, tool calls, context size, latency. */
    public ModelCheck check(String model) {
        requireNonNull(model, "model");
        LlmSettings one = new LlmSettings(settings.provider(), model, List.of(), settings.baseUrl(), settings.apiKey(),
                settings.timeout(), Math.min(settings.maxTokens(), PROBE_MAX_TOKENS), 0);
        ChatModel chat;
        try {
            chat = provider.open(one);
        } catch (ConfigurationException e) {
            return result(model, ModelCheck.KeyStatus.MISSING, ModelCheck.ToolStatus.NOT_CHECKED, 0, 0, e.getMessage());
        }
        long start = System.nanoTime();
        ChatResponse response;
        try (ChatModel opened = chat) {
            response = opened.chat(PROBE);
        } catch (ConfigurationException e) {
            // FallbackChatModel's answer to 401 and 403.
            return result(model, ModelCheck.KeyStatus.REFUSED, ModelCheck.ToolStatus.FAILED, 0, since(start),
                    e.getMessage());
        } catch (ExecutionFailedException e) {
            // A 400 comes after the key was checked: the request itself (often its tools) was refused.
            return result(model, ModelCheck.KeyStatus.ACCEPTED, ModelCheck.ToolStatus.FAILED, context(one),
                    since(start), e.getMessage());
        } catch (OsirisException e) {
            return result(model, ModelCheck.KeyStatus.UNKNOWN, ModelCheck.ToolStatus.FAILED, 0, since(start),
                    e.getMessage());
        }
        long latency = since(start);
        List<ToolCall> calls = response.message().toolCalls();
        long context = context(one);
        if (calls.isEmpty()) {
            return result(model, ModelCheck.KeyStatus.ACCEPTED, ModelCheck.ToolStatus.NO_TOOL_CALL, context, latency,
                    "answered in text instead of calling " + TOOL + ": " + shown(response.message().text()));
        }
        if (!isJsonObject(calls.get(0).argumentsJson())) {
            return result(model, ModelCheck.KeyStatus.ACCEPTED, ModelCheck.ToolStatus.BAD_ARGUMENTS, context, latency,
                    "the tool call's arguments are not a JSON object: " + shown(calls.get(0).argumentsJson()));
        }
        return result(model, ModelCheck.KeyStatus.ACCEPTED, ModelCheck.ToolStatus.OK, context, latency, "");
    }

    /** The listed context size, or 0: a listing that fails or says nothing leaves it unknown. */
    private long context(LlmSettings one) {
        if (!(provider instanceof ModelListing listing)) {
            return 0;
        }
        try {
            return listing.contextTokens(one).orElse(0);
        } catch (RuntimeException unknown) {
            return 0;
        }
    }

    private ModelCheck result(String model, ModelCheck.KeyStatus key, ModelCheck.ToolStatus tools, long context,
            long latency, String detail) {
        return new ModelCheck(settings.provider(), model, key, tools, context, latency, mask.apply(detail));
    }

    private static boolean isJsonObject(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String shown(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.isEmpty() ? "(empty)" : line.length() <= SHOWN_CHARS ? line : line.substring(0, SHOWN_CHARS) + "...";
    }

    private static long since(long start) {
        return Math.max(0, (System.nanoTime() - start) / 1_000_000);
    }
}
