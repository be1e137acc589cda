package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.IDiscovery;
import io.osiris.api.connector.IExtractor;
import io.osiris.api.connector.ILoader;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.capability.ConnectorCapability;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** An open MySQL/MariaDB connection entry: one pool shared by discovery, extraction and loads. */
final class MySqlConnector implements Connector {
    private final String type;
    private final MySqlClient client;
    private final MySqlExtractor extractor;
    private final MySqlDiscovery discovery;
    private final MySqlWriter writer;
    private final MySqlSplitRead splitRead;

    MySqlConnector(String type, MySqlClient client) {
        this.type = requireNonNull(type, "type");
        this.client = requireNonNull(client, "client");
        this.extractor = new MySqlExtractor(client);
        this.discovery = new MySqlDiscovery(client, extractor);
        this.writer = new MySqlWriter(client);
        this.splitRead = new MySqlSplitRead(client, extractor);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public SqlDialect dialect() {
        return SqlDialect.MYSQL;
    }

    @Override
    public void ping() {
        try (Connection c = client.connection()) {
            if (!c.isValid(5)) {
                throw client.connectionFailure(new SQLException("the server did not answer a ping", "08S01"));
            }
        } catch (SQLException e) {
            throw client.connectionFailure(e);
        }
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

    /** Rows out as CSV text ({@code CsvExport}) and in from it ({@code CsvImport}); key-range splits ({@code SplitRead}). */
    @Override
    public <T extends ConnectorCapability> Optional<T> capability(Class<T> type) {
        return ConnectorCapability.find(type, extractor, writer, splitRead);
    }

    @Override
    public void close() {
        client.close();
    }
}
