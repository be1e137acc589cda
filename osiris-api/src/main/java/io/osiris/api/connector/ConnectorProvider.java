package io.osiris.api.connector;

import io.osiris.api.connector.capability.ConnectorCapability;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Entry point of a connector, found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.osiris.api.connector.ConnectorProvider}.
 * A provider names its type, documents its configuration keys, and opens connectors.
 * Implementations must have a public no-argument constructor and be cheap to create:
 * nothing is loaded or connected before {@link #open(ConnectorConfig)}.
 */
public interface ConnectorProvider {

    /** The connector type used in pipelines and {@code .osiris.yaml} ({@code mysql}, {@code supabase}). */
    String type();

    /** Other type names this provider answers to ({@code postgres} for {@code supabase}). */
    default Set<String> aliases() {
        return Set.of();
    }

    /** One line for people: what this connector talks to. */
    String description();

    /** The configuration keys this connector reads, which are required, and which are secrets. */
    List<ConfigKey> configKeys();

    /**
     * The SQL dialect of every connector this provider opens: what its queries are written in,
     * and so which SQL safety rules check them. Core reads it before any connection is opened
     * (a pipeline's extraction SQL is checked statically), so it must not depend on the
     * configuration, and {@link Connector#dialect()} of each opened connector must agree.
     * The default, {@link SqlDialect#ANSI}, is checked by the strictest rules: those refuse
     * what any dialect refuses.
     */
    default SqlDialect dialect() {
        return SqlDialect.ANSI;
    }

    /**
     * The optional capabilities (see {@link io.osiris.api.connector.capability}) connectors of
     * this type may offer through {@link Connector#capability(Class)}: declared here, as the
     * dialect is, so tools list them without opening a connection ({@code osiris connectors}).
     * An opened connector may offer fewer when its configuration switches one off, never more.
     * None by default.
     */
    default Set<Class<? extends ConnectorCapability>> capabilities() {
        return Set.of();
    }

    /**
     * The type map connectors of this type apply (what each native type reads as, which column
     * type a load creates), declared without a connection so {@code osiris types} prints it;
     * empty when the connector publishes none.
     */
    default Optional<TypeMapping> typeMapping() {
        return Optional.empty();
    }

    /**
     * Opens a connector. Implementations validate the configuration here and may connect
     * lazily; the caller closes the connector.
     *
     * @throws io.osiris.api.ConfigurationException when a key is missing or malformed
     * @throws io.osiris.api.ConnectionException    when the source refuses or cannot be reached
     */
    Connector open(ConnectorConfig config);
}
