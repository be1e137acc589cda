package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.ConnectorProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration part of the contract: a required key left out, or a key the connector does
 * not know, is refused when the connector opens, with a {@link ConfigurationException} naming
 * the key; no message carries a secret's value.
 */
public abstract class ConfigurationChecks extends IdentifierChecks {
    /** The value the kit gives secret keys; it must appear in no message. */
    protected static final String SECRET_VALUE = "Kit-S3cret-Value-7731";

    ConfigurationChecks() {
    }

    @Test
    void eachRequiredKeyLeftOutIsRefusedNamingIt() {
        ConnectorConfig config = connectorConfig();
        ConnectorProvider provider = provider(config.type());
        List<ConfigKey> required = provider.configKeys().stream().filter(ConfigKey::required).toList();
        assumeTrue(!required.isEmpty(), "connector has no required configuration key");
        for (ConfigKey key : required) {
            Map<String, String> props = new java.util.HashMap<>(config.properties());
            props.remove(key.name());
            assertRefused(provider, new ConnectorConfig(config.type(), config.name(), props), key.name(),
                    "the required key '" + key.name() + "' left out");
        }
    }

    @Test
    void anUnknownKeyIsRefusedNamingIt() {
        ConnectorConfig config = connectorConfig();
        ConnectorProvider provider = provider(config.type());
        String unknown = "osiris_kit_no_such_key";
        assertRefused(provider, config.with(unknown, "x"), unknown, "the unknown key '" + unknown + "'");
        String typo = provider.configKeys().get(0).name() + "x";
        if (provider.configKeys().stream().noneMatch(k -> k.name().equals(typo))) {
            assertRefused(provider, config.with(typo, "x"), typo, "the misspelt key '" + typo + "'");
        }
    }

    /** Refusals of a configuration that holds secrets never show their values. */
    @Test
    void configurationErrorsNeverShowASecret() {
        ConnectorConfig config = connectorConfig();
        ConnectorProvider provider = provider(config.type());
        List<ConfigKey> secrets = provider.configKeys().stream().filter(ConfigKey::secret).toList();
        assumeTrue(!secrets.isEmpty(), "connector has no secret configuration key");
        ConnectorConfig withSecrets = config;
        for (ConfigKey secret : secrets) {
            withSecrets = withSecrets.with(secret.name(), SECRET_VALUE);
        }
        Throwable unknown = assertRefused(provider, withSecrets.with("osiris_kit_no_such_key", SECRET_VALUE),
                "osiris_kit_no_such_key", "an unknown key beside the secrets");
        assertNoSecret(unknown);
        for (ConfigKey key : provider.configKeys()) {
            if (key.secret()) {
                continue;
            }
            Throwable t = openQuietly(provider, withSecrets.with(key.name(), "not a valid " + key.name()));
            assertNoSecret(t);
        }
    }

    private Throwable assertRefused(ConnectorProvider provider, ConnectorConfig config, String key, String what) {
        Throwable thrown = openQuietly(provider, config);
        if (!(thrown instanceof ConfigurationException)) {
            throw new AssertionError("opening with " + what + " must throw a ConfigurationException naming it"
                    + " (call config.requireKnownKeys(configKeys()) first thing in your provider's open()), but "
                    + (thrown == null ? "it opened" : "it threw " + thrown), thrown);
        }
        assertThat(thrown.getMessage()).as("message refusing %s", what).contains(key);
        return thrown;
    }

    private static Throwable openQuietly(ConnectorProvider provider, ConnectorConfig config) {
        try (Connector c = provider.open(config)) {
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assertNoSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).as("a configuration error (%s) shows a secret's value",
                    t.getClass().getSimpleName()).doesNotContain(SECRET_VALUE);
        }
    }
}
