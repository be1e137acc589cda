package io.osiris.api.connector;

import io.osiris.api.connector.capability.ConnectorCapability;
import java.util.Optional;

/**
 * An open connection to one source or destination, as {@link ConnectorProvider#open} returns
 * it. Everything a connector does hangs off it. It owns its pool; close it when done.
 * Implementations are thread-safe: core discovers tables and runs extracts in parallel.
 */
public interface Connector extends AutoCloseable {

    /** The connector type this was opened as. */
    String type();

    /** The SQL dialect queries for this source are written in. */
    SqlDialect dialect();

    /**
     * Checks that the source answers and accepts the credentials.
     *
     * @throws io.osiris.api.ConnectionException naming the cause, never the password
     */
    void ping();

    /** Schema and sample discovery. */
    IDiscovery discovery();

    /** Streaming reads. */
    IExtractor extractor();

    /** Writes, or empty when this connector is a source only. */
    Optional<ILoader> loader();

    /**
     * An optional capability this connector offers (see
     * {@link io.osiris.api.connector.capability}), or empty; none by default. Implementations
     * usually answer with {@link ConnectorCapability#find}.
     */
    default <T extends ConnectorCapability> Optional<T> capability(Class<T> type) {
        return Optional.empty();
    }

    /** Releases pools and files. Idempotent. */
    @Override
    void close();
}
