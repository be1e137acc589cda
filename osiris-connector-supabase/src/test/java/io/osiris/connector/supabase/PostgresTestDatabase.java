package io.osiris.connector.supabase;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The real PostgreSQL the integration tests use, from {@code OSIRIS_TEST_POSTGRES_URL}. */
final class PostgresTestDatabase {
    private PostgresTestDatabase() {
    }

    /** A connection entry that reaches the test database through {@code jdbc_url}. */
    static ConnectorConfig config(String type, Map<String, String> extra) {
        String url = TestDatabases.postgresUrl();
        // Skips (or fails, when required) with a reason when nobody answers.
        try (Connection ignored = TestDatabases.connect(url)) {
            // reachable
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> props = new HashMap<>(extra);
        props.put("jdbc_url", url);
        return new ConnectorConfig(type, "it", props);
    }

    /** The first column of every row {@code sql} returns on the test database, as text, outside the connector. */
    static List<String> texts(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** Runs statements on the test database, outside the connector. */
    static void execute(String... sql) {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test setup failed: " + e.getMessage(), e);
        }
    }
}
