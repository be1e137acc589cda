package io.osiris.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitsTest {
    @TempDir
    Path dir;

    private OsirisConfig load(String yaml) throws Exception {
        Path file = dir.resolve(".osiris.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, Map.of());
    }

    @Test
    void withoutALimitsSectionTheDefaultsHold() throws Exception {
        OsirisConfig config = load("connections: { mysql: { default: { host: h, user: u } } }\n");
        assertThat(config.limits()).isEqualTo(Limits.defaults());
        assertThat(config.limits().statementTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.limits().previewTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.limits().turnTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.limits().promptBudgetTokens()).isEqualTo(8000);
        assertThat(config.requireConnection("mysql", "default").get("statement_timeout")).contains("10m");
    }

    @Test
    void theAgentLimitsAreReadFromTheLimitsSection() throws Exception {
        OsirisConfig config = load("limits: { prompt_budget_tokens: 4000, max_tool_rounds: 6, max_result_chars: 8_000 }\n");
        assertThat(config.limits().promptBudgetTokens()).isEqualTo(4000);
        assertThat(config.limits().maxToolRounds()).isEqualTo(6);
        assertThat(config.limits().maxResultChars()).isEqualTo(8000);
        assertThat(Limits.defaults().maxToolRounds()).isEqualTo(12);
        assertThat(Limits.defaults().maxResultChars()).isEqualTo(16_000);
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "10m, 600000", "1h, 3600000", "45, 45000", "0, 0"})
    void durationsReadInTheirUnits(String text, long millis) throws Exception {
        OsirisConfig config = load("limits: { statement_timeout: " + text + " }\n");
        assertThat(config.limits().statementTimeout()).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void theLimitFillsConnectionsThatSetNoneAndLeavesTheirOwn() throws Exception {
        OsirisConfig config = load("""
                limits: { statement_timeout: 2m, preview_timeout: 5s }
                connections:
                  mysql:
                    default: { host: h, user: u }
                    slow: { host: h, user: u, statement_timeout: 1h }
                """);
        assertThat(config.requireConnection("mysql", "default").get("statement_timeout")).contains("2m");
        assertThat(config.requireConnection("mysql", "slow").get("statement_timeout")).contains("1h");
        assertThat(config.connections().get("mysql").get("default").get("statement_timeout")).contains("2m");
    }

    @Test
    void previewsUseThePreviewTimeoutOrTheConnectionsOwnWhenShorter() {
        Limits limits = Limits.defaults();
        ConnectorConfig plain = limits.applyTo(new ConnectorConfig("mysql", "default", Map.of()));
        ConnectorConfig quick = new ConnectorConfig("mysql", "quick", Map.of("statement_timeout", "5s"));
        assertThat(limits.forPreview(plain).get("statement_timeout")).contains("30s");
        assertThat(limits.forPreview(quick).get("statement_timeout")).contains("5s");
        assertThat(Limits.withStatementTimeout(plain, Duration.ofMillis(1500)).getDuration("statement_timeout",
                Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"statement_timeout: ten minutes", "statement_timeout: 10 min", "preview_timeout: -5s",
            "turn_timeout: 1.5h", "prompt_budget_tokens: many", "prompt_budget_tokens: 0",
            "prompt_budget_tokens: 500", "max_tool_rounds: 0", "max_tool_rounds: twelve", "max_result_chars: 10",
            "max_result_chars: 2.5"})
    void aBadValueNamesItsKeyAndTheFile(String entry) {
        String key = entry.substring(0, entry.indexOf(':'));
        assertThatThrownBy(() -> load("limits:\n  " + entry + "\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("limits." + key)
                .hasMessageContaining(dir.resolve(".osiris.yaml").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limits: { statment_timeout: 10m }", "limits: { query_timeout: 1m }", "limits: 10m"})
    void unknownKeysOrAScalarAreErrors(String yaml) {
        assertThatThrownBy(() -> load(yaml + "\n")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("limits");
    }
}
