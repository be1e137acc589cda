package io.osiris.cli;

import io.osiris.api.ErrorKind;
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
import java.util.LinkedHashMap;
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

    /** One thing checked: its line for people, and its parts for {@code --json}. */
    private record Check(String name, String status, String detail, int exitCode, String line) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("status", status);
            m.put("detail", detail);
            m.put("exit_code", exitCode);
            return m;
        }
    }

    /**
     * Prints one line per connection and one for the LLM (with {@code json}, one document, or
     * the error object when something failed); returns the exit code (0, 1 or 2).
     */
    int run(PrintWriter out, PrintWriter err, boolean json) {
        String file = config.file().map(Object::toString).orElse("(none)");
        ConnectorRegistry registry = osiris.registry();
        mask = SecretMask.of(config, registry.providers(), environment);
        List<Check> checks = new ArrayList<>();
        for (Map<String, ConnectorConfig> byName : config.connections().values()) {
            for (ConnectorConfig connection : byName.values()) {
                checks.add(check(registry, connection));
            }
        }
        checks.add(checkLlm());
        checks.add(checkDiscovery());
        int exit = checks.stream().mapToInt(Check::exitCode).max().orElse(0);
        if (json) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("config", file);
            details.put("checks", checks.stream().map(Check::json).toList());
            if (exit != 0) {
                throw CommandFailure.reported(exit == 1 ? ErrorKind.CONNECTION : ErrorKind.CONFIGURATION,
                        "problems found: " + checks.stream().filter(c -> c.exitCode() != 0).map(Check::name)
                                .collect(java.util.stream.Collectors.joining(", ")), details);
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("valid", true);
            document.putAll(details);
            JsonOutput.print(out, document);
            return 0;
        }
        out.println("config: " + file);
        List<Check> connections = checks.subList(0, checks.size() - 2);
        connections.forEach(c -> out.println(c.line()));
        if (connections.isEmpty()) {
            out.println("  no connections: add some under connections: (see osiris init)");
        }
        checks.subList(checks.size() - 2, checks.size()).forEach(c -> out.println(c.line()));
        err.println(exit == 0 ? "everything checks out" : "problems found (see above)");
        return exit;
    }

    private Check check(ConnectorRegistry registry, ConnectorConfig connection) {
        String name = connection.type() + "." + connection.name();
        Optional<ConnectorProvider> provider = registry.find(connection.type());
        if (provider.isEmpty()) {
            String detail = "unknown connector type '" + connection.type() + "'; known: "
                    + String.join(", ", registry.types());
            return new Check(name, "unknown", detail, 2, String.format("  %-22s %s", name, detail));
        }
        List<String> missing = new ArrayList<>();
        for (ConfigKey key : provider.get().configKeys()) {
            if (key.required() && connection.get(key.name()).isEmpty()) {
                missing.add(key.name());
            }
        }
        String settings = mask.shown(connection, provider.get().configKeys());
        if (!missing.isEmpty()) {
            return new Check(name, "missing", settings + "  MISSING " + missing, 2,
                    String.format("  %-22s %s  MISSING %s", name, settings, missing));
        }
        long start = System.nanoTime();
        try (Connector connector = provider.get().open(connection)) {
            connector.ping();
            String detail = String.format("%s  ok (%d ms)", settings, (System.nanoTime() - start) / 1_000_000);
            return new Check(name, "ok", detail, 0, String.format("  %-22s %s", name, detail));
        } catch (OsirisException e) {
            String detail = settings + "  FAILED: " + mask.apply(e.getMessage());
            return new Check(name, "failed", detail, e.kind().exitCode(), String.format("  %-22s %s", name, detail));
        }
    }

    private Check checkLlm() {
        String providerId = config.llm().getOrDefault("provider", "");
        if (providerId.isEmpty()) {
            return line("llm", "not configured", "not configured: chat falls back to templates", 0);
        }
        Optional<LlmProvider> provider = ServiceLoader.load(LlmProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals(providerId)).findFirst();
        String model = config.llm().getOrDefault("model", "");
        if (provider.isEmpty()) {
            return line("llm", "unknown", "unknown provider '" + providerId + "'", 2);
        }
        String variable = provider.get().apiKeyVariable();
        String key = config.llm().getOrDefault("api_key", environment.getOrDefault(variable, ""));
        boolean local = !config.llm().getOrDefault("base_url", "").isEmpty();
        if (key.isEmpty() && !local) {
            return line("llm", "missing", providerId + " " + model + "  MISSING " + variable
                    + " (set it in the environment or .env)", 2);
        }
        return line("llm", "ok", providerId + " " + model + "  " + variable + "=" + masked(key), 0);
    }

    private Check checkDiscovery() {
        try {
            return line("discovery", "ok", "sample_data=" + DiscoveryService.sampleDataEnabled(config) + " pii="
                    + PiiPolicy.of(config).name().toLowerCase(java.util.Locale.ROOT), 0);
        } catch (OsirisException e) {
            return line("discovery", "invalid", e.getMessage(), e.kind().exitCode());
        }
    }

    private static Check line(String name, String status, String detail, int exitCode) {
        return new Check(name, status, detail, exitCode, String.format("  %-22s %s", name, detail));
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
