package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

/**
 * A configuration key a connector reads from its connection entry in {@code .osiris.yaml}.
 *
 * @param name        the key ({@code host}, {@code password})
 * @param description one line for people
 * @param required    whether a connection must set it
 * @param secret      whether its value must never be logged, shown or sent to an LLM
 */
public record ConfigKey(String name, String description, boolean required, boolean secret) {
    public ConfigKey {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
    }

    /** An optional, non-secret key. */
    public static ConfigKey optional(String name, String description) {
        return new ConfigKey(name, description, false, false);
    }

    /** A required, non-secret key. */
    public static ConfigKey required(String name, String description) {
        return new ConfigKey(name, description, true, false);
    }

    /** An optional secret. */
    public static ConfigKey secret(String name, String description) {
        return new ConfigKey(name, description, false, true);
    }
}
