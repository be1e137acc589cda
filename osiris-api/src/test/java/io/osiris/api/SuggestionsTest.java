package io.osiris.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.connector.ConfigKey;
import io.osiris.api.connector.ConnectorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<ConfigKey> KEYS = List.of(ConfigKey.required("path", "the file"),
            ConfigKey.optional("delimiter", "a character"), ConfigKey.secret("password", "a secret"));

    @Test
    void aTypoGetsTheClosestNameAndAStrangerGetsNone() {
        assertThat(Suggestions.closest("pth", List.of("path", "port"))).contains("path");
        assertThat(Suggestions.closest("delimter", List.of("path", "delimiter"))).contains("delimiter");
        assertThat(Suggestions.closest("hots", List.of("host", "port"))).contains("host");
        assertThat(Suggestions.closest("warehouse", List.of("path", "port"))).isEmpty();
        assertThat(Suggestions.didYouMean("x", List.of())).isEmpty();
    }

    @Test
    void anUnknownConnectionKeyIsRefusedWithTheClosestKnownKey() {
        ConnectorConfig config = new ConnectorConfig("csv", "default", Map.of("path", "a.csv", "pth_typo", "x"));
        assertThatThrownBy(() -> config.requireKnownKeys(KEYS))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("connections.csv.default: unknown key 'pth_typo'. Known keys: delimiter, password, path.");
        ConnectorConfig typo = new ConnectorConfig("csv", "default", Map.of("path", "a.csv", "delimter", ";"));
        assertThatThrownBy(() -> typo.requireKnownKeys(KEYS))
                .hasMessageContaining("unknown key 'delimter' (did you mean 'delimiter'?)");
    }

    @Test
    void aMissingRequiredKeyIsRefusedAndKnownKeysPass() {
        assertThatThrownBy(() -> new ConnectorConfig("csv", "default", Map.of()).requireKnownKeys(KEYS))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing 'path'");
        ConnectorConfig ok = new ConnectorConfig("csv", "default", Map.of("path", "a.csv"));
        assertThat(ok.requireKnownKeys(KEYS)).isSameAs(ok);
    }
}
