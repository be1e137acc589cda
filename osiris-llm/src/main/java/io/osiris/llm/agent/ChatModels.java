package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.LlmProvider;
import io.osiris.api.llm.LlmSettings;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.config.SecretMask;
import io.osiris.core.connector.ConnectorRegistry;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Opens the chat model {@code .osiris.yaml} names in its {@code llm:} section: {@code provider}
 * (an {@link LlmProvider} id found with {@link ServiceLoader}), {@code model},
 * {@code fallback_models}, {@code base_url}, {@code api_key}, {@code timeout} ({@code 60},
 * {@code 30s}, {@code 2m}), {@code max_tokens} and {@code max_retries}. What the section leaves
 * empty the provider reads from the environment ({@code OPENAI_API_KEY}, ...).
 */
public final class ChatModels {
    /** How long one request may take unless {@code llm.timeout} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    /** The answer limit unless {@code llm.max_tokens} says otherwise. */
    public static final int DEFAULT_MAX_TOKENS = 4096;
    /** Retries of one model unless {@code llm.max_retries} says otherwise. */
    public static final int DEFAULT_MAX_RETRIES = 2;

    private ChatModels() {
    }

    /** Whether the config names an LLM at all. */
    public static boolean configured(OsirisConfig config) {
        return !config.llm().getOrDefault("provider", "").isBlank();
    }

    /**
     * The configured model, with the providers on the class path, or empty when no LLM is configured.
     * A key or base URL the {@code llm:} section leaves empty is read from the environment or the
     * {@code .env} beside the config ({@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, ...).
     *
     * @throws ConfigurationException when the provider is unknown or a setting is malformed
     */
    public static Optional<ChatModel> open(OsirisConfig config) {
        return open(config, providers());
    }

    /** The configured model from these providers, or empty when no LLM is configured. */
    public static Optional<ChatModel> open(OsirisConfig config, List<LlmProvider> providers) {
        if (!configured(config)) {
            return Optional.empty();
        }
        LlmSettings settings = settings(config.llm());
        LlmProvider provider = provider(settings, providers);
        return Optional.of(provider.open(fromVariables(settings, provider,
                ConfigLoader.variables(config, System.getenv()))));
    }

    /**
     * Why the configured LLM cannot be used, or empty when it can (or none is configured): its
     * provider needs an API key and none is set in {@code llm.api_key}, the environment or {@code .env}.
     */
    public static Optional<String> unavailable(OsirisConfig config, Map<String, String> environment) {
        if (!configured(config)) {
            return Optional.empty();
        }
        LlmSettings configured = settings(config.llm());
        LlmProvider provider = provider(configured, providers());
        LlmSettings settings = fromVariables(configured, provider, ConfigLoader.variables(config, environment));
        if (!settings.apiKey().isBlank() || !settings.baseUrl().isBlank()) {
            return Optional.empty();
        }
        return Optional.of("llm.provider is " + settings.provider() + " but no API key is set: put "
                + provider.apiKeyVariable()
                + " in the environment or in .env beside .osiris.yaml, or set llm.api_key");
    }

    /**
     * The configured provider and its settings, the key and base URL filled as {@link #open} fills
     * them, or empty when no LLM is configured. For callers that open each model on its own
     * ({@code osiris llm doctor}).
     *
     * @param environment the process environment; {@code .env} beside the config adds to it
     * @throws ConfigurationException when the provider is unknown or a setting is malformed
     */
    public static Optional<Resolved> resolve(OsirisConfig config, List<LlmProvider> providers,
            Map<String, String> environment) {
        if (!configured(config)) {
            return Optional.empty();
        }
        LlmSettings settings = settings(config.llm());
        LlmProvider provider = provider(settings, providers);
        return Optional.of(new Resolved(provider, fromVariables(settings, provider,
                ConfigLoader.variables(config, environment))));
    }

    /**
     * A configured provider and its resolved settings.
     *
     * @param provider the provider {@code llm.provider} names
     * @param settings the settings, key and base URL filled from the environment where the config left them empty
     */
    public record Resolved(LlmProvider provider, LlmSettings settings) {
        public Resolved {
            requireNonNull(provider, "provider");
            requireNonNull(settings, "settings");
        }
    }

    /** The providers on the class path, found with {@link ServiceLoader}. */
    public static List<LlmProvider> providers() {
        List<LlmProvider> providers = new ArrayList<>();
        ServiceLoader.load(LlmProvider.class, ChatModels.class.getClassLoader()).forEach(providers::add);
        return providers;
    }

    private static LlmProvider provider(LlmSettings settings, List<LlmProvider> providers) {
        return providers.stream().filter(p -> p.id().equals(settings.provider())).findFirst()
                .orElseThrow(() -> new ConfigurationException("Unknown LLM provider '" + settings.provider()
                        + "' in llm.provider. Known: " + providers.stream().map(LlmProvider::id).sorted()
                        .collect(Collectors.joining(", ")) + "."));
    }

    /** Fills an empty key and base URL from {@code PROVIDER_API_KEY} and {@code PROVIDER_BASE_URL}. */
    private static LlmSettings fromVariables(LlmSettings s, LlmProvider provider, Map<String, String> variables) {
        String keyVariable = provider.apiKeyVariable();
        String urlVariable = keyVariable.endsWith("_API_KEY")
                ? keyVariable.substring(0, keyVariable.length() - "_API_KEY".length()) + "_BASE_URL" : "";
        String key = s.apiKey().isBlank() ? variables.getOrDefault(keyVariable, "").strip() : s.apiKey();
        String url = s.baseUrl().isBlank() && !urlVariable.isEmpty() ? variables.getOrDefault(urlVariable, "").strip()
                : s.baseUrl();
        return new LlmSettings(s.provider(), s.model(), s.fallbackModels(), url, key, s.timeout(), s.maxTokens(),
                s.maxRetries());
    }

    /**
     * Reads the {@code llm:} section.
     *
     * @throws ConfigurationException naming the malformed setting
     */
    public static LlmSettings settings(Map<String, String> llm) {
        String provider = llm.getOrDefault("provider", "").strip();
        String model = llm.getOrDefault("model", "").strip();
        if (model.isEmpty()) {
            throw new ConfigurationException("llm.model is missing: name the model to use in .osiris.yaml.");
        }
        List<String> fallbacks = Arrays.stream(llm.getOrDefault("fallback_models", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new LlmSettings(provider, model, fallbacks, llm.getOrDefault("base_url", "").strip(),
                llm.getOrDefault("api_key", "").strip(), timeout(llm.getOrDefault("timeout", "")),
                positive(llm, "max_tokens", DEFAULT_MAX_TOKENS, 1), positive(llm, "max_retries", DEFAULT_MAX_RETRIES, 0));
    }

    /**
     * The secret values of a config and environment, for masking, by the one rule of
     * {@link SecretMask#of(OsirisConfig, java.util.Collection, Map)}: the settings the connectors
     * on the class path (and in the plugin folder) declare secret, credentials inside URLs,
     * {@code llm.api_key}, and secret-looking variables of the environment and {@code .env}.
     */
    public static Set<String> secrets(OsirisConfig config, Map<String, String> env) {
        try (ConnectorRegistry registry = ConnectorRegistry.load()) {
            return SecretMask.of(config, registry.providers(), env).values();
        }
    }

    static Duration timeout(String text) {
        String t = requireNonNull(text, "text").strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).strip()));
            } else if (t.startsWith("pt")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
            if (d.isZero() || d.isNegative()) {
                throw new NumberFormatException("not positive");
            }
            return d;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigurationException("llm.timeout: expected a duration such as 60, 30s, 2m or 500ms, got '"
                    + text + "'.");
        }
    }

    private static int positive(Map<String, String> llm, String key, int defaultValue, int min) {
        String value = llm.getOrDefault(key, "").strip();
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException("llm." + key + ": expected an integer >= " + min + ", got '" + value + "'.");
        }
    }
}
