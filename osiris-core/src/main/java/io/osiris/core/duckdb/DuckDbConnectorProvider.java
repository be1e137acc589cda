package io.osiris.core.duckdb;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.connector.capability.DatabaseFile;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in {@code duckdb} connector: reads and writes tables of a DuckDB database file
 * given by {@code path}, so a pipeline can run with no server at all. A missing file is an
 * error when read from and is created when written to.
 */
public final class DuckDbConnectorProvider implements ConnectorProvider {
    /** The connector type. */
    public static final String TYPE = "duckdb";

    /** Found through {@link java.util.ServiceLoader}. */
    public DuckDbConnectorProvider() {
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** DuckDB SQL, with its file-reading table functions refused. */
    @Override
    public SqlDialect dialect() {
        return SqlDialect.DUCKDB;
    }

    /** {@link DatabaseFile}. */
    @Override
    public Set<Class<? extends ConnectorCapability>> capabilities() {
        return Set.of(DatabaseFile.class);
    }

    /** The published type map ({@code osiris types}): what {@link DuckDbTypes} applies. */
    @Override
    public Optional<TypeMapping> typeMapping() {
        return Optional.of(DuckDbTypeMapping.INSTANCE);
    }

    @Override
    public String description() {
        return "DuckDB database file (embedded, no server)";
    }

    @Override
    public List<ConfigKey> configKeys() {
        return List.of(
                ConfigKey.required("path", "the DuckDB database file; created when a load writes to it"),
                ConfigKey.optional("read_only", "open the file read-only (true/false), so other processes may read it too"),
                ConfigKey.optional("memory_limit", "DuckDB memory_limit for this file, e.g. 1GB"),
                // Osiris gives every connection its limits.statement_timeout; a local file has no server to stop.
                ConfigKey.optional("statement_timeout", "accepted for every connection; not enforced on a local file"));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        config.requireKnownKeys(configKeys());
        return new DuckDbConnector(config);
    }
}
