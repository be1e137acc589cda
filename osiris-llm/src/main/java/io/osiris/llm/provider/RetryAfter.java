package io.osiris.llm.provider;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads the pause a server asks for: {@code retry-after-ms} (OpenAI), {@code retry-after} in seconds or as an HTTP date. */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * The requested pause, or empty when the headers are absent or unreadable.
     *
     * @param retryAfterMs the {@code retry-after-ms} header, if present
     * @param retryAfter   the {@code retry-after} header, if present
     * @param now          the current time, for an HTTP-date value
     */
    public static Optional<Duration> parse(Optional<String> retryAfterMs, Optional<String> retryAfter, Instant now) {
        Optional<Duration> millis = retryAfterMs.flatMap(v -> number(v).map(d -> Duration.ofMillis(Math.round(d))));
        if (millis.isPresent()) {
            return millis;
        }
        if (retryAfter.isEmpty()) {
            return Optional.empty();
        }
        String value = retryAfter.get().strip();
        Optional<Duration> seconds = number(value).map(d -> Duration.ofMillis(Math.round(d * 1000)));
        if (seconds.isPresent()) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> number(String value) {
        try {
            double d = Double.parseDouble(value.strip());
            return d >= 0 && Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
