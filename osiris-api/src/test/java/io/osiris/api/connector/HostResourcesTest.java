package io.osiris.api.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostResourcesTest {
    /** A data source nobody connects through: these tests only carry it. */
    private static javax.sql.DataSource unusedDataSource() {
        return (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(HostResourcesTest.class.getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aSuppliedPasswordTravelsBesideTheSettingsAndIsReadOnlyWhenAsked() {
        AtomicInteger reads = new AtomicInteger();
        ConnectorConfig config = new ConnectorConfig("mysql", "default", Map.of("host", "db"),
                HostResources.ofPassword(() -> "pw-" + reads.incrementAndGet()));

        ConnectorConfig timed = config.with("statement_timeout", "1m");

        assertThat(timed.password()).isPresent();
        assertThat(timed.properties()).containsOnlyKeys("host", "statement_timeout");
        assertThat(timed.toString()).contains("password supplier").doesNotContain("pw-");
        assertThat(reads).hasValue(0);
        assertThat(timed.password().get().get()).isEqualTo("pw-1");
    }

    @Test
    void aRequiredSecretIsSatisfiedByWhatTheHostSupplies() {
        List<ConfigKey> keys = List.of(ConfigKey.optional("host", "h"), new ConfigKey("password", "p", true, true));
        ConnectorConfig withPool = new ConnectorConfig("x", "default", Map.of(),
                HostResources.ofDataSource(unusedDataSource()));

        assertThat(withPool.requireKnownKeys(keys)).isSameAs(withPool);
        assertThat(withPool.dataSource()).isPresent();
        assertThat(new ConnectorConfig("x", "default", Map.of()).dataSource()).isEmpty();
    }
}
