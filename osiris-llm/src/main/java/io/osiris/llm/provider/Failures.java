package io.osiris.llm.provider;

import io.osiris.api.llm.TokenUsage;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Classifies transport and HTTP failures the same way for every SDK. */
public final class Failures {
    private Failures() {
    }

    /**
     * A failure with no HTTP answer: a timeout when an {@link InterruptedIOException} (OkHttp's call
     * and read timeouts) is in the chain, a network failure otherwise. Only exception class names and
     * redacted messages of the chain are used.
     */
    public static ModelCallException transport(Throwable error, Duration timeout, String apiKey) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return ModelCallException.of(FailureKind.TIMEOUT, TokenUsage.NONE,
                        "no answer within " + timeout.toMillis() + " ms");
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return ModelCallException.of(FailureKind.NETWORK, TokenUsage.NONE,
                root.getClass().getSimpleName() + ": " + Secrets.redact(root.getMessage(), apiKey));
    }

    /**
     * An HTTP error answer. Only the status, the Retry-After headers and the API's error message
     * are kept: the SDK exception's message and headers are dropped so nothing the server echoed
     * reaches a log.
     *
     * @param headers the values of a response header, by name
     * @param detail  the API's error message; one that cannot be read counts as none
     */
    public static ModelCallException http(int status, Function<String, List<String>> headers,
            Supplier<String> detail, String apiKey) {
        Optional<Duration> retryAfter = RetryAfter.parse(headers.apply("retry-after-ms").stream().findFirst(),
                headers.apply("retry-after").stream().findFirst(), Instant.now());
        String message;
        try {
            message = detail.get();
        } catch (RuntimeException unreadable) {
            message = "";
        }
        return ModelCallException.http(status, retryAfter, Secrets.redact(message, apiKey));
    }
}
