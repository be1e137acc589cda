package io.osiris.connector.memory;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.SplitRead;
import java.util.List;
import java.util.Set;

/**
 * The {@code memory} connector type. A connection's name picks the {@link MemoryDatabase}
 * registered under it ({@code connection: shop} opens {@code MemoryDatabase.named("shop")});
 * it reads no setting.
 */
public final class MemoryConnectorProvider implements ConnectorProvider {
    /** The connector type. */
    public static final String TYPE = "memory";

    /** Found with {@link java.util.ServiceLoader}. */
    public MemoryConnectorProvider() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String description() {
        return "In-memory tables given in code, for tests and host applications";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.optional("label", "free text for people; the connection's name picks the database"),
                // Osiris gives every connection its limits.statement_timeout; nothing here runs long.
                ConfigKey.optional("statement_timeout", "accepted for every connection; not enforced in memory"));
    }

    /** {@link CsvExport}, {@link CsvImport} and {@link SplitRead}, when the database switches them on. */
    @Override
    public Set<Class<? extends ConnectorCapability>> capabilities() {
        return Set.of(CsvExport.class, CsvImport.class, SplitRead.class);
    }

    @Override
    public Connector open(ConnectorConfig config) {
        config.requireKnownKeys(configKeys());
        return new MemoryConnector(MemoryDatabase.named(config.name()));
    }
}
