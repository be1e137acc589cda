package io.osiris.test;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stands in for a connector type in a test: same type, aliases and dialect (so a pipeline is
 * parsed and its SQL checked exactly as with the real one), but each connection is a DuckDB file
 * of the tables the test gave, in the test's directory. A query written for the real source runs
 * on DuckDB, which reads standard SQL.
 */
final class StandInProvider implements ConnectorProvider {
    private static final DuckDbConnectorProvider DUCKDB = new DuckDbConnectorProvider();

    private final String type;
    private final Set<String> aliases;
    private final SqlDialect dialect;

    StandInProvider(String type, Set<String> aliases, SqlDialect dialect) {
        this.type = type;
        this.aliases = Set.copyOf(aliases);
        this.dialect = dialect;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public Set<String> aliases() {
        return aliases;
    }

    @Override
    public SqlDialect dialect() {
        return dialect;
    }

    @Override
    public String description() {
        return "In-memory stand-in for " + type + " (osiris-test)";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(ConfigKey.required("path", "the DuckDB file holding the test's tables"));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        Connector file = DUCKDB.open(new ConnectorConfig(DuckDbConnectorProvider.TYPE, config.name(),
                Map.of("path", config.require("path"))));
        return new StandIn(config.type(), dialect, file);
    }

    /**
     * The DuckDB file's connector under the replaced type and dialect. It offers no capability:
     * the runner then moves rows as it does for any connector without fast paths.
     */
    private record StandIn(String type, SqlDialect dialect, Connector file) implements Connector {
        @Override
        public void ping() {
            // The file is made when the test gives tables or a load writes; nothing to reach.
        }

        @Override
        public IDiscovery discovery() {
            return file.discovery();
        }

        @Override
        public IExtractor extractor() {
            return file.extractor();
        }

        @Override
        public Optional<ILoader> loader() {
            return file.loader();
        }

        @Override
        public void close() {
            file.close();
        }
    }
}
