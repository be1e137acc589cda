package io.osiris.connector.supabase;

import io.osiris.api.connector.ConnectorConfig;
import io.osiris.testkit.ConnectorContractTest;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** The connector contract, against the real PostgreSQL (trust auth, database {@code test}). */
class PostgresConnectorIT extends ConnectorContractTest {

    @Override
    protected ConnectorConfig connectorConfig() {
        return PostgresTestDatabase.config("postgres", Map.of());
    }

    @Override
    protected void execute(String sql) {
        PostgresTestDatabase.execute(sql);
    }

    /**
     * The test server trusts every local connection, so no password can be wrong there, and
     * creating a password-checked role would need a pg_hba.conf change the tests cannot make.
     * The honest failure we can provoke is the other half of "wrong credentials": a database
     * the server refuses (SQLSTATE 3D000), still with the kit's wrong password in the config,
     * so the test still proves the password appears in no message of the cause chain.
     */
    @Override
    protected ConnectorConfig wrongCredentialsConfig() {
        ConnectorConfig config = connectorConfig();
        URI uri = URI.create(config.properties().get("jdbc_url").substring("jdbc:".length()));
        String url = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432)
                + "/osiris_kit_no_such_database" + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, String> props = new HashMap<>(config.properties());
        props.put("jdbc_url", url);
        props.put("password", WRONG_PASSWORD);
        return new ConnectorConfig(config.type(), config.name(), props);
    }
}
