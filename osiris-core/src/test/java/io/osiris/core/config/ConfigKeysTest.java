package io.osiris.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every section of {@code .osiris.yaml} refuses a key it does not take, naming the closest one. */
class ConfigKeysTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "enigne: {type: duckdb}|enigne: unknown key (did you mean 'engine'?)",
            "llm: {provder: openai}|llm.provder: unknown key (did you mean 'provider'?)",
            "discovery: {sample_dta: false}|discovery.sample_dta: unknown key (did you mean 'sample_data'?)",
            "output: {directroy: out}|output.directroy: unknown key (did you mean 'directory'?)",
            "limits: {statement_timout: 1m}|unknown key limits.statement_timout (did you mean 'statement_timeout'?)",
            "engine: {type: sprak}|engine.type: unsupported engine 'sprak' (did you mean 'spark'?); supported: duckdb, spark",
            "engine: {type: duckdb, conf: {threads: 2}}|engine.conf.threads: unknown key",
            "engine: {type: duckdb, master: 'local[2]'}|engine.master: unknown key",
            "engine: {type: duckdb, threads: 0}|engine.threads: must be a whole number from 1 to 1024, not '0'",
            "engine: {type: duckdb, threads: many}|engine.threads: must be a whole number from 1 to 1024, not 'many'",
    })
    void anUnknownKeyOrEngineIsRefusedWithWhatItMeant(String yaml, String message) throws Exception {
        Path file = Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n" + yaml + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"engine: {type: duckdb}", "engine: {type: duckdb, threads: 3}", "llm: {provider: openai, model: m, timeout: 30s}",
            "discovery: {sample_data: false, pii: drop}", "output: {directory: out, allow_outside: [/tmp]}"})
    void theKeysEachSectionTakesAreAccepted(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n" + yaml + "\n");
        assertThat(ConfigLoader.load(file, Map.of()).version()).isEqualTo(1);
    }
}
