package io.osiris.core.config;

import io.osiris.api.ConfigurationException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${VAR}} and {@code ${VAR:-default}} in config values. */
final class Substitution {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> variables;
    private final Path file;

    Substitution(Map<String, String> variables, Path file) {
        this.variables = variables;
        this.file = file;
    }

    String apply(String value, String location) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement = variables.get(name);
            if (replacement == null) {
                if (m.group(2) == null) {
                    throw new ConfigurationException("Variable " + name + " is not set (used at " + location
                            + " in " + file + "). Set it in the environment or in " + file.resolveSibling(".env")
                            + ", or write ${" + name + ":-} to allow it empty.");
                }
                replacement = m.group(3);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
