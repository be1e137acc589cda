package io.osiris.cli;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.llm.LlmProvider;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.config.SecretMask;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.privacy.PiiPolicy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What {@code osiris validate} without a FILE checks: every configured connection answers and
 * has its required keys, and the LLM provider is known with its key present. Secrets are shown
 * masked, never in full.
 */
final class ConfigCheck {
    private final Osiris osiris;
    private final OsirisConfig config;
    private final Map<String, String> environment;
    private SecretMask mask = SecretMask.NONE;

    ConfigCheck(Osiris osiris, Map<String, String> environment) {
        this.osiris = osiris;
        this.config = osiris.config();
        this.environment = environment;
    }

    /** Prints one line per connection and one for the LLM; returns the exit code (0, 1 or 2). */
    int run(PrintWriter out, PrintWriter err) {
        out.println("config: " + config.file().map(Object::toString).orElse("(none)"));
        int exit = 0;
        ConnectorRegistry registry = osiris.registry();
        mask = SecretMask.of(config, registry.providers(), environment);
        for (Map<String, ConnectorConfig> byName : config.connections().values()) {
            for (ConnectorConfig connection : byName.values()) {
                exit = Math.max(exit, check(registry, connection, out));
            }
        }
        if (config.connections().isEmpty()) {
            out.println("  no connections: add some under connections: (see osiris init)");
        }
        exit = Math.max(exit, checkLlm(out));
        exit = Math.max(exit, checkDiscovery(out));
        err.println(exit == 0 ? "everything checks out" : "problems found (see above)");
        return exit;
    }

    private int check(ConnectorRegistry registry, ConnectorConfig connection, PrintWriter out) {
        String name = connection.type() + "." + connection.name();
        Optional<ConnectorProvider> provider = registry.find(connection.type());
        if (provider.isEmpty()) {
            out.printf("  %-22s unknown connector type '%s'; known: %s%n", name, connection.type(),
                    String.join(", ", registry.types()));
            return 2;
        }
        List<String> missing = new ArrayList<>();
        for (ConfigKey key : provider.get().configKeys()) {
            if (key.required() && connection.get(key.name()).isEmpty()) {
                missing.add(key.name());
            }
        }
        String settings = mask.shown(connection, provider.get().configKeys());
        if (!missing.isEmpty()) {
            out.printf("  %-22s %s  MISSING %s%n", name, settings, missing);
            return 2;
        }
        long start = System.nanoTime();
        try (Connector connector = provider.get().open(connection)) {
            connector.ping();
            out.printf("  %-22s %s  ok (%d ms)%n", name, settings, (System.nanoTime() - start) / 1_000_000);
            return 0;
        } catch (OsirisException e) {
            out.printf("  %-22s %s  FAILED: %s%n", name, settings, mask.apply(e.getMessage()));
            return e.kind().exitCode();
        }
    }

    private int checkLlm(PrintWriter out) {
        String providerId = config.llm().getOrDefault("provider", "");
        if (providerId.isEmpty()) {
            out.println("  llm                    not configured: chat falls back to templates");
            return 0;
        }
        Optional<LlmProvider> provider = ServiceLoader.load(LlmProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals(providerId)).findFirst();
        String model = config.llm().getOrDefault("model", "");
        if (provider.isEmpty()) {
            out.printf("  llm                    unknown provider '%s'%n", providerId);
            return 2;
        }
        String variable = provider.get().apiKeyVariable();
        String key = config.llm().getOrDefault("api_key", environment.getOrDefault(variable, ""));
        boolean local = !config.llm().getOrDefault("base_url", "").isEmpty();
        if (key.isEmpty() && !local) {
            out.printf("  llm                    %s %s  MISSING %s (set it in the environment or .env)%n",
                    providerId, model, variable);
            return 2;
        }
        out.printf("  llm                    %s %s  %s=%s%n", providerId, model, variable, masked(key));
        return 0;
    }

    private int checkDiscovery(PrintWriter out) {
        try {
            out.printf("  %-22s sample_data=%s pii=%s%n", "discovery", DiscoveryService.sampleDataEnabled(config),
                    PiiPolicy.of(config).name().toLowerCase(java.util.Locale.ROOT));
            return 0;
        } catch (OsirisException e) {
            out.printf("  %-22s %s%n", "discovery", e.getMessage());
            return e.kind().exitCode();
        }
    }

    /**
     * An API key shown as {@code ****} plus its last four characters when it is long enough to
     * spare them, as provider dashboards show keys, so a person can tell which key is in use.
     */
    static String masked(String secret) {
        if (secret.isEmpty()) {
            return "(empty)";
        }
        return secret.length() >= 16 ? "****" + secret.substring(secret.length() - 4) : "****";
    }
}
