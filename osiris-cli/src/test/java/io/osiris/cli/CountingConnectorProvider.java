package io.osiris.cli;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connector on the test class path that counts how often it is instantiated: the
 * {@link java.util.ServiceLoader} makes one per registry load, so the count is the number of
 * times a command loaded the connector types.
 */
public final class CountingConnectorProvider implements ConnectorProvider {
    static final AtomicInteger INSTANCES = new AtomicInteger();

    public CountingConnectorProvider() {
        INSTANCES.incrementAndGet();
    }

    @Override
    public String type() {
        return "registry_probe";
    }

    @Override
    public String description() {
        return "Counts registry loads in tests; opens nothing.";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public Connector open(ConnectorConfig config) {
        throw new ConfigurationException("registry_probe opens no connection");
    }
}
