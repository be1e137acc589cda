package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubmitArgumentsTest {

    @Test
    void readsTheOptionsOfOsirisRun() {
        SubmitArguments a = SubmitArguments.parse(List.of("run", "p.yaml", "--config", "conf/.osiris.yaml",
                "--var", "day=2026-12-01", "--var=country=FR", "--full-refresh"));

        assertThat(a.help()).isFalse();
        assertThat(a.pipeline()).isEqualTo(Path.of("p.yaml"));
        assertThat(a.config()).contains(Path.of("conf/.osiris.yaml"));
        assertThat(a.vars()).containsExactly(Map.entry("day", "2026-12-01"), Map.entry("country", "FR"));
        assertThat(a.fullRefresh()).isTrue();
        assertThat(a.dryRun()).isFalse();
    }

    @Test
    void withoutConfigTheUsualLookupApplies() {
        SubmitArguments a = SubmitArguments.parse(List.of("run", "--dry-run", "p.yaml", "--config=c.yaml"));

        assertThat(a.config()).contains(Path.of("c.yaml"));
        assertThat(a.dryRun()).isTrue();
        assertThat(SubmitArguments.parse(List.of("run", "p.yaml")).config()).isEmpty();
    }

    @Test
    void noArgumentsOrHelpAsksForTheUsage() {
        assertThat(SubmitArguments.parse(List.of()).help()).isTrue();
        assertThat(SubmitArguments.parse(List.of("run", "--help")).help()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "submit p.yaml                      | unknown command 'submit'",
        "run                                | run needs the pipeline file",
        "run p.yaml q.yaml                  | one pipeline file per run",
        "run p.yaml --config                | --config needs a value",
        "run p.yaml --config a --config b   | --config is given twice",
        "run p.yaml --var day               | --var day: expected NAME=VALUE",
        "run p.yaml --var =1                | --var =1: expected NAME=VALUE",
        "run p.yaml --var a=1 --var a=2     | --var a is given twice",
        "run p.yaml --master local[2]       | unknown option '--master'",
        "run p.yaml --yes                   | unknown option '--yes'",
    })
    void refusesWhatRunDoesNotTake(String line, String message) {
        assertThatThrownBy(() -> SubmitArguments.parse(List.of(line.split(" +"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining(message);
    }

    @Test
    void aBadArgumentExitsWithTwoAndTheUsageBeforeSparkStarts() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = SparkMain.run(List.of("run"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), Path.of("."), Optional.empty());

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("osiris: run needs the pipeline file")
                .contains("usage: spark-submit");
    }

    @Test
    void helpPrintsTheUsageOnStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = SparkMain.run(List.of("--help"), new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                Map.of(), Path.of("."), Optional.empty());

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("run PIPELINE.yaml [--config FILE]");
    }
}
