package io.osiris.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30));

    @Test
    void delaysDoubleWithEachRetryUpToTheMaximum() {
        assertThat(policy.delayBefore(1, Optional.empty(), 0)).contains(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(2, Optional.empty(), 0)).contains(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(3, Optional.empty(), 0)).contains(Duration.ofSeconds(4));
        assertThat(policy.delayBefore(10, Optional.empty(), 0)).contains(Duration.ofSeconds(20));
    }

    @Test
    void jitterTakesUpToAQuarterOff() {
        assertThat(policy.delayBefore(3, Optional.empty(), 0.999).orElseThrow())
                .isBetween(Duration.ofMillis(3000), Duration.ofMillis(3010));
    }

    @Test
    void theServersRetryAfterWinsUnlessItIsTooLong() {
        assertThat(policy.delayBefore(1, Optional.of(Duration.ofSeconds(7)), 0.5)).contains(Duration.ofSeconds(7));
        assertThat(policy.delayBefore(1, Optional.of(Duration.ofMinutes(5)), 0.5)).isEmpty();
    }

    @Test
    void readsRetryAfterInMillisecondsSecondsAndAsADate() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(RetryAfter.parse(Optional.of("1500"), Optional.of("9"), now)).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse(Optional.empty(), Optional.of("2"), now)).contains(Duration.ofSeconds(2));
        assertThat(RetryAfter.parse(Optional.empty(), Optional.of("Wed, 01 Jan 2025 00:00:10 GMT"), now))
                .contains(Duration.ofSeconds(10));
        assertThat(RetryAfter.parse(Optional.empty(), Optional.of("soon"), now)).isEmpty();
        assertThat(RetryAfter.parse(Optional.empty(), Optional.empty(), now)).isEmpty();
    }

    @Test
    void statusesAreClassifiedByWhatRetryingCanChange() {
        assertThat(FailureKind.ofStatus(429)).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(FailureKind.ofStatus(529).retryable()).isTrue();
        assertThat(FailureKind.ofStatus(401)).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(FailureKind.ofStatus(403)).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(FailureKind.ofStatus(400).retryable()).isFalse();
        assertThat(FailureKind.ofStatus(404)).isEqualTo(FailureKind.MODEL_NOT_FOUND);
    }

    @Test
    void secretsAreMaskedInServerText() {
        assertThat(Secrets.redact("bad key sk-1 here", "sk-1")).isEqualTo("bad key **** here");
    }
}
