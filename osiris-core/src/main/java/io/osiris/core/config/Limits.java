package io.osiris.core.config;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.connector.ConnectorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code limits:} section of {@code .osiris.yaml}: how long Osiris lets things run, and how
 * much the agent may send and do.
 *
 * @param statementTimeout   how long one database statement of a run may take (default 10m);
 *                           given to every connection that does not set its own {@code statement_timeout}
 * @param previewTimeout     the statement timeout of the agent's previews and samples (default 30s)
 * @param turnTimeout        how long one agent turn may take (default 5m)
 * @param promptBudgetTokens the most tokens of context the agent sends in one request (default 8000, at
 *                           least {@value #MIN_PROMPT_BUDGET_TOKENS}): the schema it lists is ranked and cut to
 *                           fit, older messages and tool results are compacted to fit
 * @param maxToolRounds      model calls one agent turn may make before it stops (default 12)
 * @param maxResultChars     the longest tool result the agent sends back to the model, in characters
 *                           (default 16000, at least {@value #MIN_RESULT_CHARS})
 */
public record Limits(Duration statementTimeout, Duration previewTimeout, Duration turnTimeout,
        int promptBudgetTokens, int maxToolRounds, int maxResultChars) {
    /** The smallest prompt budget: the agent's instructions and tool specs alone take about 2000 tokens. */
    public static final int MIN_PROMPT_BUDGET_TOKENS = 2000;
    /** The shortest tool result limit. */
    public static final int MIN_RESULT_CHARS = 1000;
    /** The connection key core fills from {@link #statementTimeout}. */
    public static final String STATEMENT_TIMEOUT_KEY = "statement_timeout";
    private static final Set<String> KEYS = Set.of("statement_timeout", "preview_timeout", "turn_timeout",
            "prompt_budget_tokens", "max_tool_rounds", "max_result_chars");

    public Limits {
        requireNonNull(statementTimeout, "statementTimeout");
        requireNonNull(previewTimeout, "previewTimeout");
        requireNonNull(turnTimeout, "turnTimeout");
        if (promptBudgetTokens < MIN_PROMPT_BUDGET_TOKENS || maxToolRounds < 1 || maxResultChars < MIN_RESULT_CHARS) {
            throw new IllegalArgumentException("limits out of range: prompt_budget_tokens >= "
                    + MIN_PROMPT_BUDGET_TOKENS + ", max_tool_rounds >= 1, max_result_chars >= " + MIN_RESULT_CHARS);
        }
    }

    /**
     * The defaults: {@code statement_timeout: 10m, preview_timeout: 30s, turn_timeout: 5m,
     * prompt_budget_tokens: 8000, max_tool_rounds: 12, max_result_chars: 16000}.
     */
    public static Limits defaults() {
        return new Limits(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(5), 8000, 12, 16_000);
    }

    /** These limits with {@code statement_timeout} set to {@code timeout} (zero for none). */
    public Limits withStatementTimeout(Duration timeout) {
        return new Limits(timeout, previewTimeout, turnTimeout, promptBudgetTokens, maxToolRounds, maxResultChars);
    }

    /** These limits with {@code preview_timeout} set to {@code timeout}. */
    public Limits withPreviewTimeout(Duration timeout) {
        return new Limits(statementTimeout, timeout, turnTimeout, promptBudgetTokens, maxToolRounds, maxResultChars);
    }

    /** These limits with {@code turn_timeout} set to {@code timeout}. */
    public Limits withTurnTimeout(Duration timeout) {
        return new Limits(statementTimeout, previewTimeout, timeout, promptBudgetTokens, maxToolRounds, maxResultChars);
    }

    /** These limits with {@code max_tool_rounds} set to {@code rounds}. */
    public Limits withMaxToolRounds(int rounds) {
        return new Limits(statementTimeout, previewTimeout, turnTimeout, promptBudgetTokens, rounds, maxResultChars);
    }

    /** These limits with {@code max_result_chars} set to {@code chars}. */
    public Limits withMaxResultChars(int chars) {
        return new Limits(statementTimeout, previewTimeout, turnTimeout, promptBudgetTokens, maxToolRounds, chars);
    }

    /** These limits with {@code prompt_budget_tokens} set to {@code tokens}. */
    public Limits withPromptBudgetTokens(int tokens) {
        return new Limits(statementTimeout, previewTimeout, turnTimeout, tokens, maxToolRounds, maxResultChars);
    }

    /**
     * Reads the section's values (as text); absent keys keep their defaults.
     *
     * @throws ConfigurationException naming {@code limits.KEY} and the file, for an unknown key or a bad value
     */
    static Limits parse(Map<String, String> section, Path file) {
        Set<String> unknown = new TreeSet<>(section.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            String key = unknown.iterator().next();
            throw new ConfigurationException(file + ": unknown key limits." + key
                    + io.osiris.api.Suggestions.didYouMean(key, KEYS) + "; limits: takes " + new TreeSet<>(KEYS));
        }
        Limits d = defaults();
        return new Limits(duration(section, "statement_timeout", d.statementTimeout(), file),
                duration(section, "preview_timeout", d.previewTimeout(), file),
                duration(section, "turn_timeout", d.turnTimeout(), file),
                count(section, "prompt_budget_tokens", d.promptBudgetTokens(), MIN_PROMPT_BUDGET_TOKENS, "tokens", file),
                count(section, "max_tool_rounds", d.maxToolRounds(), 1, "model calls", file),
                count(section, "max_result_chars", d.maxResultChars(), MIN_RESULT_CHARS, "characters", file));
    }

    private static int count(Map<String, String> section, String key, int fallback, int min, String unit, Path file) {
        String text = section.getOrDefault(key, "").trim();
        if (text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            value = Integer.MIN_VALUE;
        }
        if (value < min) {
            throw new ConfigurationException(file + ": limits." + key + ": expected a whole number of " + unit
                    + " of at least " + min + ", got '" + text + "'");
        }
        return value;
    }

    private static Duration duration(Map<String, String> section, String key, Duration fallback, Path file) {
        String text = section.getOrDefault(key, "");
        if (text.isBlank()) {
            return fallback;
        }
        return ConnectorConfig.parseDuration(text).orElseThrow(() -> new ConfigurationException(file + ": limits."
                + key + ": expected a duration like 500ms, 30s, 10m or 1h (0 for none), got '" + text + "'"));
    }

    /**
     * A connection with {@code statement_timeout} set to {@link #statementTimeout} unless it sets
     * its own: what every run's connector is opened with.
     */
    public ConnectorConfig applyTo(ConnectorConfig connection) {
        return connection.get(STATEMENT_TIMEOUT_KEY).isPresent() ? connection
                : connection.with(STATEMENT_TIMEOUT_KEY, ConnectorConfig.formatDuration(statementTimeout));
    }

    /**
     * A connection for the agent's previews and samples: its statement timeout is
     * {@link #previewTimeout}, or the connection's own when that is shorter. Open the connector
     * with it: {@code registry.provider(c.type()).open(limits.forPreview(c))}.
     */
    public ConnectorConfig forPreview(ConnectorConfig connection) {
        if (previewTimeout.isZero()) {
            return applyTo(connection);
        }
        Optional<Duration> own = connection.get(STATEMENT_TIMEOUT_KEY).flatMap(ConnectorConfig::parseDuration)
                .filter(d -> !d.isZero());
        Duration timeout = own.filter(d -> d.compareTo(previewTimeout) < 0).orElse(previewTimeout);
        return withStatementTimeout(connection, timeout);
    }

    /** A copy of {@code connection} whose {@code statement_timeout} is {@code timeout}. */
    public static ConnectorConfig withStatementTimeout(ConnectorConfig connection, Duration timeout) {
        return connection.with(STATEMENT_TIMEOUT_KEY, ConnectorConfig.formatDuration(timeout));
    }
}
