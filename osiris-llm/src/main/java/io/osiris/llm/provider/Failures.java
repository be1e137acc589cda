package io.osiris.llm.provider;

import io.osiris.api.llm.TokenUsage;
import java.io.InterruptedIOException;
import java.time.Duration;

/** Classifies transport failures the same way for every SDK. */
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
}
