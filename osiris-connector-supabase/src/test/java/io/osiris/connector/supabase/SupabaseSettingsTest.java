package io.osiris.connector.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupabaseSettingsTest {
    private static final String REF = "abcdefghijklmnop";

    private static SupabaseSettings settings(Map<String, String> props) {
        return SupabaseSettings.from(new ConnectorConfig("supabase", "default", props));
    }

    @Test
    void aProjectUrlConnectsDirectlyToItsDatabaseHostWithSsl() {
        SupabaseSettings s = settings(Map.of("url", "https://" + REF + ".supabase.co", "password", "s3cret!"));
        assertThat(s.host()).isEqualTo("db." + REF + ".supabase.co");
        assertThat(s.port()).isEqualTo(5432);
        assertThat(s.database()).isEqualTo("postgres");
        assertThat(s.user()).isEqualTo("postgres");
        assertThat(s.sslMode()).isEqualTo("require");
        assertThat(s.transactionPooler()).isFalse();
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db." + REF + ".supabase.co:5432/postgres");
        assertThat(s.driverProperties()).containsEntry("sslmode", "require").containsEntry("password", "s3cret!")
                .doesNotContainKey("prepareThreshold");
    }

    @Test
    void aProjectRefIsTheSameAsItsUrl() {
        assertThat(settings(Map.of("project_ref", REF)).jdbcUrl())
                .isEqualTo(settings(Map.of("url", REF + ".supabase.co/")).jdbcUrl());
    }

    @Test
    void theTransactionPoolerNamesTheTenantInTheUserAndTurnsOffServerSidePrepares() {
        SupabaseSettings s = settings(Map.of("url", "https://" + REF + ".supabase.co",
                "pooler_host", "aws-0-eu-central-1.pooler.supabase.com"));
        assertThat(s.host()).isEqualTo("aws-0-eu-central-1.pooler.supabase.com");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.user()).isEqualTo("postgres." + REF);
        assertThat(s.transactionPooler()).isTrue();
        assertThat(s.sslMode()).isEqualTo("require");
        assertThat(s.driverProperties()).containsEntry("prepareThreshold", "0").containsEntry("user", "postgres." + REF);
    }

    @Test
    void thePoolerInSessionModeKeepsPreparedStatements() {
        SupabaseSettings s = settings(Map.of("project_ref", REF, "pooler_host", "aws-0-us-east-1.pooler.supabase.com",
                "pooler_port", "5432"));
        assertThat(s.transactionPooler()).isFalse();
        assertThat(s.driverProperties()).doesNotContainKey("prepareThreshold");
    }

    @Test
    void sslmodeOverridesTheSupabaseDefault() {
        assertThat(settings(Map.of("project_ref", REF, "sslmode", "verify-full")).sslMode()).isEqualTo("verify-full");
    }

    @Test
    void aPlainServerUsesItsKeysAndTheDriverDefaultSsl() {
        SupabaseSettings s = settings(Map.of("host", "10.0.0.5", "port", "5433", "database", "shop", "user", "etl"));
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5:5433/shop");
        assertThat(s.user()).isEqualTo("etl");
        assertThat(s.sslMode()).isEmpty();
        assertThat(s.driverProperties()).doesNotContainKeys("sslmode", "password");
    }

    @Test
    void aJdbcUrlIsUsedAsGivenAndItsPasswordTreatedAsTheSecret() {
        SupabaseSettings s = settings(Map.of("jdbc_url", "jdbc:postgresql://db.example.com:6543/app?user=u&password=pw123"));
        assertThat(s.host()).isEqualTo("db.example.com");
        assertThat(s.port()).isEqualTo(6543);
        assertThat(s.database()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("pw123");
        assertThat(s.transactionPooler()).isTrue();
        assertThat(s.toString()).doesNotContain("pw123");
    }

    @Test
    void schemasAreConfigurableAndTheFirstIsTheDefault() {
        SupabaseSettings s = settings(Map.of("host", "h", "schema", "analytics, public"));
        assertThat(s.schemas()).containsExactly("analytics", "public");
        assertThat(s.defaultSchema()).isEqualTo("analytics");
        assertThat(settings(Map.of("host", "h")).schemas()).containsExactly("public");
    }

    @Test
    void thePasswordNeverAppearsInToString() {
        assertThat(settings(Map.of("project_ref", REF, "password", "hunter2-secret")).toString())
                .doesNotContain("hunter2-secret").contains("****");
    }

    @Test
    void malformedSettingsNameTheirKey() {
        assertThatThrownBy(() -> settings(Map.of("url", "https://example.com")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(".url");
        assertThatThrownBy(() -> settings(Map.of("project_ref", "NOT A REF")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("project_ref");
        assertThatThrownBy(() -> settings(Map.of("host", "h", "sslmode", "maybe")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sslmode");
        assertThatThrownBy(() -> settings(Map.of("password", "x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing");
    }
}
