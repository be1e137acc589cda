package io.osiris.connector.supabase;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TypeMapping;
import io.osiris.api.connector.capability.ConnectorCapability;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.SplitRead;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code supabase} connector, which also answers to {@code postgres} and {@code postgresql}
 * for any PostgreSQL server: discovery from the catalog, streaming extraction with a server-side
 * cursor (or several splits of a table in one exported snapshot, {@link SplitRead}), and
 * COPY-based loads in append, replace and upsert modes.
 *
 * <p>A connection names a Supabase project ({@code url: https://<ref>.supabase.co} or
 * {@code project_ref}, with the database {@code password}; {@code pooler_host}/{@code pooler_port}
 * to go through Supavisor), or a server ({@code host}, {@code port}, {@code database},
 * {@code user}, {@code password}), or a {@code jdbc_url}. Supabase hosts use
 * {@code sslmode=require} unless {@code sslmode} says otherwise; through the transaction pooler
 * (port 6543) server-side prepared statements are off.
 *
 * <p>Opening is cheap: nothing connects until the first call that needs the database
 * ({@link Connector#ping()} to check at once).
 */
public final class SupabaseConnectorProvider implements ConnectorProvider {

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public SupabaseConnectorProvider() {
    }

    @Override
    public String type() {
        return "supabase";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("postgres", "postgresql");
    }

    /** PostgreSQL SQL, with its reviewed {@code pg_} functions. */
    @Override
    public SqlDialect dialect() {
        return SqlDialect.POSTGRES;
    }

    /** {@link CsvExport}, {@link CsvImport}, {@link SplitRead}. */
    @Override
    public Set<Class<? extends ConnectorCapability>> capabilities() {
        return Set.of(CsvExport.class, CsvImport.class, SplitRead.class);
    }

    /** The published type map ({@code osiris types}): what {@link PostgresTypes} applies. */
    @Override
    public Optional<TypeMapping> typeMapping() {
        return Optional.of(PostgresTypeMapping.INSTANCE);
    }

    @Override
    public String description() {
        return "Supabase and any PostgreSQL database: discovery, streaming and split extract, COPY-based load";
    }

    @Override
    public List<ConfigKey> configKeys() {
        // statement_timeout (the server's own, sent as a startup option), connect_timeout, socket_timeout
        List<ConfigKey> timeouts = io.osiris.jdbc.JdbcTimeouts.configKeys();
        return List.of(
                ConfigKey.optional("url", "Supabase project URL, https://<ref>.supabase.co"),
                ConfigKey.optional("project_ref", "Supabase project reference, instead of url"),
                ConfigKey.optional("pooler_host", "Supavisor pooler host (aws-0-<region>.pooler.supabase.com)"),
                ConfigKey.optional("pooler_port", "pooler port: 6543 transaction mode (default), 5432 session mode"),
                ConfigKey.optional("host", "PostgreSQL host, for a server that is not a Supabase project"),
                ConfigKey.optional("port", "PostgreSQL port (default 5432)"),
                ConfigKey.optional("database", "database name (default postgres)"),
                ConfigKey.optional("user", "user (default postgres; postgres.<ref> through the pooler)"),
                new ConfigKey("password", "the database password", false, true),
                ConfigKey.optional("jdbc_url", "a full jdbc:postgresql:// URL, instead of the keys above"),
                ConfigKey.optional("sslmode", "disable, allow, prefer, require (Supabase default), verify-ca, verify-full"),
                ConfigKey.optional("schema", "schemas to discover, comma-separated; the first is the default (public)"),
                ConfigKey.optional("pool_size", "most pooled connections (default 4)"),
                ConfigKey.optional("create_database",
                        "true to create the database on connect when it does not exist (osiris init --demo-db)"),
                timeouts.get(0), timeouts.get(1), timeouts.get(2));
    }

    @Override
    public Connector open(ConnectorConfig config) {
        config.requireKnownKeys(configKeys());
        SupabaseSettings settings = SupabaseSettings.from(config);
        if (config.getBoolean("create_database", false)) {
            MissingDatabase.create(settings);
        }
        String type = config.type().equals("supabase") || aliases().contains(config.type()) ? config.type() : type();
        return new PostgresConnector(type, new PostgresClient(settings, config.name(), config.type()));
    }
}
