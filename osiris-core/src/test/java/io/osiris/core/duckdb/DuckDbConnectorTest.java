package io.osiris.core.duckdb;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.testkit.Behavior;
import io.osiris.testkit.ConnectorContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

/** The built-in duckdb connector passes the connector contract on a DuckDB file, no server needed. */
class DuckDbConnectorTest extends ConnectorContractTest {
    private final Path directory;
    private final Path file;

    DuckDbConnectorTest() {
        try {
            directory = Files.createTempDirectory("osiris-duckdb-kit");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file = directory.resolve("kit.duckdb");
        // An empty database file, so reading (ping) works before anything is loaded.
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + file);
                Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ConnectorConfig connectorConfig() {
        return new ConnectorConfig("duckdb", "default", Map.of("path", file.toString()));
    }

    @Override
    protected void execute(String sql) {
        // Through the connector's own database instance: a second instance on the same file would be refused.
        try (Connection c = ((DuckDbConnector) connector()).connect(true); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected boolean hasBehavior(Behavior behavior) {
        return behavior != Behavior.CREDENTIALS;
    }

    @AfterAll
    void removeFile() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(directory);
    }

}
