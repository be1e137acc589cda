package io.osiris.core;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Suggestions;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.core.config.Limits;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connections of a config checked against the connector types loaded: each type is one a
 * connector answers to, and each setting is a key its provider declares
 * ({@link ConnectorConfig#requireKnownKeys}), so a typo fails when Osiris loads its connectors,
 * not silently at the first run that needs the connection.
 */
final class ConfiguredConnections {
    private ConfiguredConnections() {
    }

    /** @throws ConfigurationException naming the first unknown type or key, with the closest known one */
    static void check(OsirisConfig config, ConnectorRegistry registry) {
        String where = config.file().map(f -> f + ": ").orElse("");
        for (Map.Entry<String, Map<String, ConnectorConfig>> type : config.connections().entrySet()) {
            Optional<ConnectorProvider> provider = registry.find(type.getKey());
            if (provider.isEmpty()) {
                throw new ConfigurationException(where + "connections." + type.getKey() + ": unknown connector type"
                        + Suggestions.didYouMean(type.getKey(), registry.types()) + "; known types: "
                        + String.join(", ", registry.types()) + ".");
            }
            List<ConfigKey> keys = provider.get().configKeys();
            if (keys.isEmpty()) {
                continue; // the provider declares nothing to check against
            }
            boolean timeoutDeclared = keys.stream().anyMatch(k -> k.name().equals(Limits.STATEMENT_TIMEOUT_KEY));
            for (ConnectorConfig connection : type.getValue().values()) {
                // Core gives every connection the config's statement_timeout; a connector that takes none ignores it.
                ConnectorConfig own = connection;
                if (!timeoutDeclared && connection.properties().containsKey(Limits.STATEMENT_TIMEOUT_KEY)) {
                    Map<String, String> rest = new java.util.TreeMap<>(connection.properties());
                    rest.remove(Limits.STATEMENT_TIMEOUT_KEY);
                    own = new ConnectorConfig(connection.type(), connection.name(), rest, connection.host());
                }
                try {
                    own.requireKnownKeys(keys);
                } catch (ConfigurationException e) {
                    throw new ConfigurationException(where + e.getMessage(), e);
                }
            }
        }
    }
}
