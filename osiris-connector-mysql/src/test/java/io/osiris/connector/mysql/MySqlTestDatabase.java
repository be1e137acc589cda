package io.osiris.connector.mysql;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.testkit.TestDatabases;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/** The test MariaDB/MySQL: a connector config derived from {@link TestDatabases#mysqlUrl()}, and DDL. */
final class MySqlTestDatabase implements AutoCloseable {
    private Connection jdbc;

    /** host/port/database/user/password parsed from the test URL, so the kit can swap the password. */
    ConnectorConfig config(String name) {
        connection();
        String url = TestDatabases.mysqlUrl();
        URI uri = URI.create(url.substring("jdbc:".length()));
        Map<String, String> props = new HashMap<>();
        props.put("host", uri.getHost() == null ? "127.0.0.1" : uri.getHost());
        props.put("port", String.valueOf(uri.getPort() > 0 ? uri.getPort() : 3306));
        String path = uri.getPath() == null ? "" : uri.getPath();
        props.put("database", path.startsWith("/") ? path.substring(1) : path);
        props.put("user", "root");
        props.put("password", "");
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("user") || key.equals("password")) {
                    props.put(key, value);
                }
            }
        }
        return new ConnectorConfig("mysql", name, props);
    }

    /**
     * Settings whose connections do not announce {@code LOAD DATA LOCAL}, so the writer takes its
     * fallback, JDBC batches, as against a server with {@code local_infile} off.
     */
    MySqlSettings settingsWithoutLocalInfile(String name) {
        MySqlSettings settings = MySqlSettings.from(config(name));
        Map<String, String> properties = new HashMap<>(settings.properties());
        properties.remove("allowLoadLocalInfileInPath");
        return new MySqlSettings(settings.jdbcUrl(), settings.user(), settings.password(), properties,
                settings.display(), settings.poolSize(), settings.timeouts(), settings.connection());
    }

    /** The shared plain JDBC connection (skips the test class when no database answers). */
    synchronized Connection connection() {
        if (jdbc == null) {
            jdbc = TestDatabases.connect(TestDatabases.mysqlUrl());
        }
        return jdbc;
    }

    /** The rows of a table. */
    long count(String table) throws java.sql.SQLException {
        try (Statement st = connection().createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void execute(String sql) {
        try (Statement st = connection().createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs one statement with an empty {@code sql_mode}, so zero dates and the like go in as written. */
    void executeWithoutSqlMode(String sql) throws SQLException {
        try (Statement st = connection().createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            try {
                st.execute(sql);
            } finally {
                st.execute("SET SESSION sql_mode = DEFAULT");
            }
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        if (jdbc != null) {
            jdbc.close();
            jdbc = null;
        }
    }
}
