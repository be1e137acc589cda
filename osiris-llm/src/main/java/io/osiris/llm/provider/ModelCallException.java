package io.osiris.llm.provider;

import static java.util.Objects.requireNonNull;

import io.osiris.api.llm.TokenUsage;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One call to one model failed. Thrown by a {@link ModelClient}, consumed by {@link FallbackChatModel}
 * which decides whether to retry, fall back or give up; it never leaves this module.
 *
 * <p>It deliberately carries no cause: SDK exceptions hold response headers and bodies that a
 * misbehaving server or proxy could fill with the request's credentials. The {@code detail} is built
 * by the client from the parts known to be safe and passed through {@link Secrets#redact}.
 */
public final class ModelCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final FailureKind kind;
    private final OptionalInt status;
    private final transient Optional<Duration> retryAfter;
    private final transient TokenUsage usage;

    /**
     * @param kind       what went wrong
     * @param status     the HTTP status, if the server answered
     * @param retryAfter the server's requested pause, if any
     * @param usage      tokens the failed call still consumed (a 200 with an unusable body)
     * @param detail     a short, key-free description (the API's error message, "timed out after PT30S")
     */
    public ModelCallException(
            FailureKind kind, OptionalInt status, Optional<Duration> retryAfter, TokenUsage usage, String detail) {
        super(requireNonNull(detail, "detail"), null, false, false);
        this.kind = requireNonNull(kind, "kind");
        this.status = requireNonNull(status, "status");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter");
        this.usage = requireNonNull(usage, "usage");
    }

    /** A failure with an HTTP status. */
    public static ModelCallException http(int status, Optional<Duration> retryAfter, String detail) {
        return new ModelCallException(
                FailureKind.ofStatus(status), OptionalInt.of(status), retryAfter, TokenUsage.NONE, detail);
    }

    /** A failure without an HTTP status (timeout, network, unusable body). */
    public static ModelCallException of(FailureKind kind, TokenUsage usage, String detail) {
        return new ModelCallException(kind, OptionalInt.empty(), Optional.empty(), usage, detail);
    }

    public FailureKind kind() {
        return kind;
    }

    public OptionalInt status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public TokenUsage usage() {
        return usage;
    }

    /** "HTTP 429: Rate limit reached" or "timeout: no answer within PT1S". */
    public String describe() {
        String head = status.isPresent() ? "HTTP " + status.getAsInt() : kind.name().toLowerCase(java.util.Locale.ROOT);
        return getMessage().isEmpty() ? head : head + ": " + getMessage();
    }
}
