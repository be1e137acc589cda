package io.osiris.llm.provider;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How often and how long to wait before calling one model again after a rate limit (429), a server
 * error (5xx) or a timeout: exponential backoff with jitter, or the server's own {@code Retry-After}.
 *
 * @param maxRetries    retries of one model before the next fallback model (attempts = retries + 1)
 * @param baseDelay     the wait before the first retry; doubles with each further retry
 * @param maxDelay      the longest computed wait
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a server asking for more makes the
 *                      caller move to the next model at once instead of blocking a person that long
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

    /**
     * The production defaults: 2 retries, 1 s doubling up to 20 s, honouring a Retry-After of up to
     * 30 s. Close to what the SDKs do themselves (whose own retries we switch off so this is the only
     * policy), a little more patient because an agent turn is worth more than one request.
     */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30));

    /** Jitter takes up to this share off a computed delay, so clients that failed together retry apart. */
    private static final double JITTER = 0.25;

    public RetryPolicy {
        requireNonNull(baseDelay, "baseDelay");
        requireNonNull(maxDelay, "maxDelay");
        requireNonNull(maxRetryAfter, "maxRetryAfter");
        if (maxRetries < 0 || baseDelay.isNegative() || maxDelay.isNegative() || maxRetryAfter.isNegative()) {
            throw new IllegalArgumentException("retries and delays must not be negative");
        }
    }

    /** A policy with short delays, for tests and local servers. */
    public static RetryPolicy withBaseDelay(Duration baseDelay) {
        return new RetryPolicy(DEFAULT.maxRetries, baseDelay, DEFAULT.maxDelay, DEFAULT.maxRetryAfter);
    }

    /** This policy with another retry count (the count comes from {@code LlmSettings}). */
    public RetryPolicy withMaxRetries(int retries) {
        return new RetryPolicy(retries, baseDelay, maxDelay, maxRetryAfter);
    }

    /**
     * The wait before retry number {@code retry} (1 for the first retry), or empty when the server
     * asked for a longer pause than {@link #maxRetryAfter()} and the caller should not wait.
     *
     * @param retry      1-based retry number
     * @param retryAfter the server's Retry-After, if it sent one
     * @param random     a number in [0, 1) that draws the jitter
     */
    public Optional<Duration> delayBefore(int retry, Optional<Duration> retryAfter, double random) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry must be >= 1");
        }
        if (retryAfter.isPresent()) {
            Duration asked = retryAfter.get();
            return asked.compareTo(maxRetryAfter) > 0 ? Optional.empty() : Optional.of(asked);
        }
        // base * 2^(retry-1), computed in double to avoid overflow for large retry counts.
        double exponential = baseDelay.toMillis() * Math.pow(2, retry - 1);
        double capped = Math.min(exponential, maxDelay.toMillis());
        long millis = Math.round(capped * (1 - JITTER * random));
        return Optional.of(Duration.ofMillis(millis));
    }
}
