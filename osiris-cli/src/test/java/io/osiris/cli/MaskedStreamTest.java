package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.config.SecretMask;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MaskedStreamTest {
    @Test
    void logLinesOnStandardErrorLoseTheConfigsSecretsAndUrlPasswords() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        AtomicInteger built = new AtomicInteger();
        PrintStream err = MaskedStream.over(target, () -> {
            built.incrementAndGet();
            return SecretMask.of(List.of("Sup3r-Secret"));
        });

        err.print("[main] WARN Hikari - pool for jdbc:postgresql://h/db?user=u&password=Url-Pw-77 failed: Sup3r");
        err.print("-Secret rejected\n");
        err.print("progress 50%\r");
        err.flush();

        String written = target.toString(StandardCharsets.UTF_8);
        assertThat(written).doesNotContain("Sup3r-Secret", "Url-Pw-77")
                .isEqualTo("[main] WARN Hikari - pool for jdbc:postgresql://h/db?user=u&password=**** failed: "
                        + "**** rejected\nprogress 50%\r");
        assertThat(built).hasValue(1);
    }

    @Test
    void aCommandThatWritesNothingNeverBuildsTheMask() {
        AtomicInteger built = new AtomicInteger();
        MaskedStream.over(new ByteArrayOutputStream(), () -> {
            built.incrementAndGet();
            return SecretMask.NONE;
        }).flush();
        assertThat(built).hasValue(0);
    }
}
