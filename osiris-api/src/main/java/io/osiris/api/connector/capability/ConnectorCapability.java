package io.osiris.api.connector.capability;

import java.util.Optional;

/**
 * An optional fast path a connector may offer beside its basic interfaces (Trino's way: the
 * basic provider plus optional providers). Core asks for one with
 * {@link io.osiris.api.connector.Connector#capability(Class)}; a connector lists what it offers
 * with {@link #find}.
 */
public interface ConnectorCapability {

    /**
     * The first of {@code offered} that is a {@code type}, or empty: the one-line body of a
     * connector's {@code capability} method.
     *
     * <pre>{@code
     * public <T extends ConnectorCapability> Optional<T> capability(Class<T> type) {
     *     return ConnectorCapability.find(type, extractor, writer);
     * }
     * }</pre>
     */
    static <T extends ConnectorCapability> Optional<T> find(Class<T> type, Object... offered) {
        for (Object o : offered) {
            if (type.isInstance(o)) {
                return Optional.of(type.cast(o));
            }
        }
        return Optional.empty();
    }
}
