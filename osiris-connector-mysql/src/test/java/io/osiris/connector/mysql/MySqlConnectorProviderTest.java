package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.SqlDialect;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MySqlConnectorProviderTest {
    /** Core checks SQL in the provider's dialect before opening; the opened connector must speak the same. */
    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void theDeclaredDialectIsTheOneEveryOpenedConnectorSpeaks(String type) {
        MySqlConnectorProvider provider = new MySqlConnectorProvider();
        // Opening connects nothing: the pool is made on first use, so no server is needed here.
        try (Connector connector = provider.open(new ConnectorConfig(type, "default",
                Map.of("host", "127.0.0.1", "database", "test", "user", "root")))) {
            assertThat(connector.dialect()).isEqualTo(provider.dialect()).isEqualTo(SqlDialect.MYSQL);
        }
    }
}
