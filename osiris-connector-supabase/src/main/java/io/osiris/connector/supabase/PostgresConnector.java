package io.osiris.connector.supabase;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.capability.ConnectorCapability;
import java.util.Optional;

/** One open PostgreSQL connection entry: its pool and the three capabilities built on it. */
final class PostgresConnector implements Connector {
    private final String type;
    private final PostgresClient client;
    private final PostgresExtractor extractor;
    private final PostgresDiscovery discovery;
    private final PostgresWriter writer;
    private final PostgresSplitRead splitRead;

    PostgresConnector(String type, PostgresClient client) {
        this.type = requireNonNull(type, "type");
        this.client = requireNonNull(client, "client");
        this.extractor = new PostgresExtractor(client);
        this.discovery = new PostgresDiscovery(client, extractor);
        this.writer = new PostgresWriter(client);
        this.splitRead = new PostgresSplitRead(client, extractor);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.POSTGRES;
    }

    @Override
    public void ping() {
        client.ping();
    }

    @Override
    public IDiscovery discovery() {
        return discovery;
    }

    @Override
    public IExtractor extractor() {
        return extractor;
    }

    @Override
    public Optional<ILoader> loader() {
        return Optional.of(writer);
    }

    /**
     * Rows out as CSV text ({@code CsvExport}), in from it ({@code CsvImport}), and a table read
     * as several splits in one snapshot ({@code SplitRead}).
     */
    @Override
    public <T extends ConnectorCapability> Optional<T> capability(Class<T> type) {
        return ConnectorCapability.find(type, extractor, writer, splitRead);
    }

    @Override
    public void close() {
        client.close();
    }
}
