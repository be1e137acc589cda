package io.osiris.core.config;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys each section of {@code .osiris.yaml} takes, declared once: the loader and the
 * builder refuse any other, with the closest known key, so a typo is never a setting silently
 * ignored.
 */
final class ConfigKeys {
    static final Set<String> TOP = Set.of("version", "connections", "llm", "discovery", "output", "limits", "engine");
    static final Set<String> LLM = Set.of("provider", "model", "fallback_models", "base_url", "api_key", "timeout",
            "max_tokens", "max_retries");
    static final Set<String> DISCOVERY = Set.of("sample_data", "pii");
    static final Set<String> OUTPUT = Set.of("directory", "allow_outside");

    private ConfigKeys() {
    }

    /** A problem per key of {@code keys} not in {@code known}: {@code llm.modle: unknown key (did you mean 'model'?)...}. */
    static List<String> unknown(String section, Collection<String> keys, Set<String> known) {
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            if (!known.contains(key)) {
                problems.add((section.isEmpty() ? "" : section + ".") + key + ": unknown key"
                        + Suggestions.didYouMean(key, known) + "; " + (section.isEmpty() ? "the top level" : section + ":")
                        + " takes " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return problems;
    }

    /** Throws one {@link ConfigurationException} listing {@code problems}, if any. */
    static void throwIfAny(String where, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(where + String.join("; " + where, problems));
        }
    }
}
