package io.osiris.core.connector;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import java.util.List;
import java.util.Set;

/** A provider registered in this module's test META-INF/services, to be found by ServiceLoader. */
public final class ExampleConnectorProvider implements ConnectorProvider {
    @Override
    public String type() {
        return "example";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("example-alias");
    }

    @Override
    public String description() {
        return "An example registered for tests";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public Connector open(ConnectorConfig config) {
        throw new UnsupportedOperationException("example connectors do not open");
    }
}
