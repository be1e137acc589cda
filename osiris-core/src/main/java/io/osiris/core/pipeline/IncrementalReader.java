package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.pipeline.Incremental;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an extract step's {@code incremental: {cursor, lookback, initial, nulls}}. The cursor
 * is a plain column name (a run quotes it in the source's dialect); the initial value is
 * checked against the cursor's type when a run knows that type.
 */
final class IncrementalReader {
    static final Set<String> KEYS = Set.of("cursor", "lookback", "initial", "nulls");
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,127}");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");
    private static final int MAX_INITIAL = 100;

    private final NodeReader reader;

    IncrementalReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The step's incremental settings, if it has them; a problem for each bad part. */
    Optional<Incremental> read(JsonNode step, String stepPath) {
        JsonNode node = step.get("incremental");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String path = stepPath + ".incremental";
        if (!node.isObject()) {
            reader.problem(path, "'incremental' is a mapping: {cursor: COLUMN, lookback: 10m,"
                    + " initial: \"2024-01-01\"}");
            return Optional.empty();
        }
        reader.unknownKeys(node, path, KEYS);
        String cursor = reader.text(node, "cursor", path, true);
        if (cursor != null && !COLUMN.matcher(cursor).matches()) {
            reader.problem(path + ".cursor", "'" + cursor + "' is not a column name (letters, digits and _);"
                    + " to use an expression, compute it as a column in the query");
            cursor = null;
        }
        Duration lookback = Duration.ZERO;
        String lookbackText = reader.text(node, "lookback", path, false);
        if (!lookbackText.isEmpty()) {
            Optional<Duration> parsed = duration(lookbackText);
            if (parsed.isEmpty()) {
                reader.problem(path + ".lookback", "expected a duration like 30s, 10m, 2h or 1d, not '"
                        + lookbackText + "'");
            }
            lookback = parsed.orElse(Duration.ZERO);
        }
        String initial = reader.text(node, "initial", path, false);
        if (initial.length() > MAX_INITIAL || initial.indexOf('\0') >= 0) {
            reader.problem(path + ".initial", "the initial watermark is a value of the cursor's type"
                    + " (2024-01-01, 2024-01-01 08:00:00, 1000), at most " + MAX_INITIAL + " characters");
        }
        Incremental.Nulls nulls = Incremental.Nulls.INCLUDE;
        String nullsText = reader.text(node, "nulls", path, false);
        if (!nullsText.isEmpty()) {
            try {
                nulls = Incremental.Nulls.valueOf(nullsText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                reader.problem(path + ".nulls", "'nulls' is include (read rows with a NULL cursor every run) or"
                        + " exclude (never read them), not '" + nullsText + "'");
            }
        }
        if (step.has("limit") && !reader.text(step, "limit", stepPath, false).equals("0")) {
            reader.problem(stepPath + ".limit", "'limit' cannot go with 'incremental': a partial read would"
                    + " move the watermark past rows it never read");
        }
        return cursor == null ? Optional.empty()
                : Optional.of(new Incremental(cursor, lookback, initial.strip(), nulls));
    }

    /** {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, {@code 500ms}, or a bare number of seconds. */
    static Optional<Duration> duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        });
    }

    /** A duration as {@link #duration} reads it back: {@code 1d}, {@code 10m}, {@code 1500ms}. */
    static String format(Duration duration) {
        long ms = duration.toMillis();
        for (long[] unit : new long[][] {{86_400_000L, 'd'}, {3_600_000L, 'h'}, {60_000L, 'm'}, {1000L, 's'}}) {
            if (ms > 0 && ms % unit[0] == 0) {
                return ms / unit[0] + String.valueOf((char) unit[1]);
            }
        }
        return ms + "ms";
    }
}
