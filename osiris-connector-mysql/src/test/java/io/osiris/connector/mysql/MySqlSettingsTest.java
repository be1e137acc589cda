package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.ConnectorConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MySqlSettingsTest {

    private static ConnectorConfig config(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return new ConnectorConfig("mysql", "default", props);
    }

    @Test
    void hostPortAndDatabaseMakeTheUrlWithCredentialsKeptApart() {
        MySqlSettings s = MySqlSettings.from(config("host", "db.example.com", "port", "3307", "database", "movies",
                "user", "etl", "password", "s3cret!"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:mysql://db.example.com:3307/movies");
        assertThat(s.user()).isEqualTo("etl");
        assertThat(s.password()).isEqualTo("s3cret!");
        assertThat(s.display()).isEqualTo("db.example.com:3307/movies");
        assertThat(s.toString()).doesNotContain("s3cret!");
        assertThat(s.properties()).doesNotContainValue("s3cret!");
    }

    @Test
    void portDefaultsTo3306AndPoolIsSmall() {
        MySqlSettings s = MySqlSettings.from(config("host", "127.0.0.1", "database", "test", "user", "root"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3306/test");
        assertThat(s.password()).isEmpty();
        assertThat(s.poolSize()).isEqualTo(4);
        assertThat(s.connectTimeoutMillis()).isEqualTo(10_000);
    }

    @Test
    void ipv6HostsAreBracketed() {
        assertThat(MySqlSettings.from(config("host", "::1", "user", "root")).jdbcUrl())
                .isEqualTo("jdbc:mysql://[::1]:3306/");
    }

    @Test
    void driverPropertiesPinStreamingTimeZonesAndZeroDates() {
        Map<String, String> p = MySqlSettings.from(config("host", "h", "user", "u")).properties();
        assertThat(p).containsEntry("useServerPrepStmts", "true")
                .containsEntry("rewriteBatchedStatements", "true")
                .containsEntry("connectionTimeZone", "UTC")
                .containsEntry("forceConnectionTimeZoneToSession", "true")
                .containsEntry("zeroDateTimeBehavior", "CONVERT_TO_NULL")
                .containsEntry("characterEncoding", "UTF-8")
                .containsEntry("tinyInt1isBit", "true")
                .containsEntry("allowLoadLocalInfile", "false")
                .containsEntry("sslMode", "PREFERRED")
                .doesNotContainKey("cachePrepStmts")
                .doesNotContainKey("allowPublicKeyRetrieval");
    }

    @Test
    void localFilesMayOnlyComeFromADirectoryThatCannotExist() {
        Map<String, String> p = MySqlSettings.from(config("host", "h", "user", "u")).properties();
        assertThat(p).containsEntry("allowLoadLocalInfile", "false").doesNotContainKey("allowUrlInLocalInfile");
        if (java.io.File.separatorChar == '/') {
            String path = p.get("allowLoadLocalInfileInPath");
            assertThat(path).startsWith("/dev/null/");
            assertThat(java.nio.file.Files.exists(java.nio.file.Path.of(path))).isFalse();
        }
    }

    @ParameterizedTest
    @CsvSource({"disabled,DISABLED", "DISABLE,DISABLED", "require,REQUIRED", "REQUIRED,REQUIRED",
            "verify-ca,VERIFY_CA", "verify_identity,VERIFY_IDENTITY", "verify-full,VERIFY_IDENTITY",
            "prefer,PREFERRED"})
    void sslModeAcceptsMySqlAndPostgresSpellings(String given, String expected) {
        assertThat(MySqlSettings.from(config("host", "h", "user", "u", "ssl_mode", given)).properties())
                .containsEntry("sslMode", expected);
    }

    @Test
    void anUnknownSslModeIsAConfigurationError() {
        assertThatThrownBy(() -> MySqlSettings.from(config("host", "h", "user", "u", "ssl_mode", "maybe")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("connections.mysql.default.ssl_mode").hasMessageContaining("maybe");
    }

    @Test
    void aJdbcUrlIsUsedAsGivenAndItsPasswordNeverShown() {
        MySqlSettings s = MySqlSettings.from(config("jdbc_url",
                "jdbc:mysql://10.0.0.5:3306/shop?user=app&password=hunter2&useSSL=true"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:mysql://10.0.0.5:3306/shop?user=app&password=hunter2&useSSL=true");
        assertThat(s.display()).doesNotContain("hunter2").contains("password=****");
        assertThat(MySqlSettings.redactUrl("jdbc:mysql://app:pw123@h/db")).doesNotContain("pw123");
    }

    @Test
    void aMariaDbUrlIsSpokenToWithConnectorJ() {
        assertThat(MySqlSettings.from(config("jdbc_url", "jdbc:mariadb://h:3306/db")).jdbcUrl())
                .isEqualTo("jdbc:mysql://h:3306/db");
    }

    @Test
    void aForeignUrlHostlessOrUserlessConfigIsRefused() {
        assertThatThrownBy(() -> MySqlSettings.from(config("jdbc_url", "jdbc:postgresql://h/db?password=x1")))
                .isInstanceOf(ConfigurationException.class).hasMessageNotContaining("x1");
        assertThatThrownBy(() -> MySqlSettings.from(config("user", "root")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'host'");
        assertThatThrownBy(() -> MySqlSettings.from(config("host", "h")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("'user'");
        assertThatThrownBy(() -> MySqlSettings.from(config("host", "h", "user", "u", "port", "70000")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> MySqlSettings.from(config("host", "h", "user", "u", "pool_size", "0")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("pool_size");
    }

    @Test
    void theProviderDocumentsThePasswordAsASecretAndOpensWithoutConnecting() {
        MySqlConnectorProvider provider = new MySqlConnectorProvider();
        assertThat(provider.type()).isEqualTo("mysql");
        assertThat(provider.aliases()).contains("mariadb");
        assertThat(provider.configKeys()).filteredOn(ConfigKey::secret).extracting(ConfigKey::name)
                .containsExactly("password");
        // Nothing listens on port 1: open() must not connect.
        provider.open(config("host", "127.0.0.1", "port", "1", "user", "u")).close();
    }
}
