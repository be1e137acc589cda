package io.osiris.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ErrorKind;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.runner.PipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code engine:} section of a config, on a class path without osiris-engine-spark. */
class EngineChoiceTest {
    @TempDir
    Path dir;

    @Test
    void aConfigWithoutAnEngineSectionRunsOnDuckDb() throws Exception {
        Path file = Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n");
        assertThat(ConfigLoader.load(file, Map.of()).engine()).isEqualTo(EngineSettings.duckdb());
    }

    @Test
    void sparkSettingsAreReadWithTheirNestedConfFlattened() throws Exception {
        Path file = Files.writeString(dir.resolve(".osiris.yaml"), """
                version: 1
                engine:
                  type: spark
                  master: ${MASTER}
                  conf: {spark.sql.shuffle.partitions: 4}
                """);
        EngineSettings engine = ConfigLoader.load(file, Map.of("MASTER", "local[2]")).engine();
        assertThat(engine.type()).isEqualTo("spark");
        assertThat(engine.settings()).containsExactlyInAnyOrderEntriesOf(
                Map.of("master", "local[2]", "conf.spark.sql.shuffle.partitions", "4"));
        assertThat(engine.under("conf")).containsExactlyEntriesOf(Map.of("spark.sql.shuffle.partitions", "4"));
    }

    @Test
    void sparkWithoutItsModuleFailsTheRunnerNamingWhatToAdd() throws Exception {
        Path file = Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\nengine: {type: spark, master: 'local[2]'}\n");
        OsirisConfig config = ConfigLoader.load(file, Map.of());
        assertThatThrownBy(() -> PipelineRunner.builder().config(config).workingDirectory(dir).build())
                .isInstanceOfSatisfying(ConfigurationException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFIGURATION))
                .hasMessageContaining("io.osiris:osiris-engine-spark").hasMessageContaining("class path")
                .hasMessageContaining("spark-submit");
    }

    @Test
    void anEngineBuiltInCodeIsCheckedAsTheFileIs() {
        assertThatThrownBy(() -> OsirisConfig.builder().engine(new EngineSettings("duckdb", Map.of("master", "x"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("engine.master: unknown key");
        assertThat(OsirisConfig.builder().engine(new EngineSettings("spark", Map.of("master", "local[2]"))).build()
                .engine().type()).isEqualTo("spark");
    }
}
