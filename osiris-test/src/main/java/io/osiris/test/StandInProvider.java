package io.osiris.test;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
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
        return new StandIn(config.type(), dialect, file, config.location().replace("connections.", ""));
    }

    /**
     * The DuckDB file's connector under the replaced type and dialect. It offers no capability:
     * the runner then moves rows as it does for any connector without fast paths.
     */
    private record StandIn(String type, SqlDialect dialect, Connector file, String label) implements Connector {
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
            IExtractor extractor = file.extractor();
            return new IExtractor() {
                @Override
                public RowStream extract(Extraction extraction) {
                    try {
                        return extractor.extract(extraction);
                    } catch (ExecutionFailedException e) {
                        throw explained(e);
                    }
                }

                @Override
                public RowSchema describe(Extraction extraction) {
                    try {
                        return extractor.describe(extraction);
                    } catch (ExecutionFailedException e) {
                        throw explained(e);
                    }
                }
            };
        }

        /** DuckDB's message, said of the connection the pipeline names rather than of a file it never saw. */
        private ExecutionFailedException explained(ExecutionFailedException e) {
            return new ExecutionFailedException(label + " (replaced in this test by DuckDB tables): " + e.getMessage()
                    + ". The test runs the step's SQL on DuckDB: standard SQL works, a function only " + type
                    + " has does not.", e);
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
