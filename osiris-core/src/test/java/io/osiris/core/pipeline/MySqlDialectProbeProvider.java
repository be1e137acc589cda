package io.osiris.core.pipeline;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.SqlDialect;
import java.util.List;

/**
 * A third party's provider as core sees it: registered in this module's test
 * META-INF/services, unknown to core by name, declaring that its sources speak MySQL.
 */
public final class MySqlDialectProbeProvider implements ConnectorProvider {
    /** The connector type. */
    public static final String TYPE = "probe-mysql";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.MYSQL;
    }

    @Override
    public String description() {
        return "A plugin-like provider that declares the MySQL dialect";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of();
    }

    @Override
    public Connector open(ConnectorConfig config) {
        throw new UnsupportedOperationException("probe connectors do not open");
    }
}
