package io.osiris.core.privacy;

import io.osiris.api.ConfigurationException;
import io.osiris.core.config.OsirisConfig;
import java.util.Locale;

/**
 * What happens to personal data and secrets found in sample values ({@code discovery.pii} in
 * {@code .osiris.yaml}): {@link #MASK} by default. Applies to every value a model is shown and to
 * every value the state store keeps; {@code discovery.sample_data: false} keeps all values away
 * whatever this says.
 */
public enum PiiPolicy {
    /** Sensitive values are replaced by a tag saying what they were ({@code <email>}, {@code <masked>}). */
    MASK,
    /** Sensitive values are replaced by {@code <dropped>}. */
    DROP,
    /** Values are shown as they are. */
    ALLOW;

    /** The config key. */
    public static final String KEY = "pii";

    /**
     * The policy a config sets in {@code discovery.pii}; {@link #MASK} when it sets none.
     *
     * @throws ConfigurationException when the value is not mask, drop or allow
     */
    public static PiiPolicy of(OsirisConfig config) {
        String value = config.discovery().getOrDefault(KEY, "").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "mask" -> MASK;
            case "drop" -> DROP;
            case "allow" -> ALLOW;
            default -> throw new ConfigurationException("discovery.pii: expected mask, drop or allow, got '"
                    + value + "'" + config.file().map(f -> " in " + f).orElse("")
                    + ". mask (the default) hides personal data and secrets from the model.");
        };
    }
}
