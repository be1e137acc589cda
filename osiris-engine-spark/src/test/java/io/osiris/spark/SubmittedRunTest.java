package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.engine.EngineSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmittedRunTest {
    @TempDir
    Path project;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void sparkSubmitsMasterReplacesTheConfigsAndSaysSo() throws IOException {
        OsirisConfig config = config("""
                version: 1
                engine:
                  type: spark
                  master: local[4]
                  app_name: nightly
                  conf:
                    spark.sql.shuffle.partitions: 3
                """);

        EngineSettings engine = submitted(Optional.of("yarn")).onSpark(config).engine();

        assertThat(engine.type()).isEqualTo("spark");
        assertThat(engine.settings()).containsOnly(Map.entry("master", "yarn"), Map.entry("app_name", "nightly"),
                Map.entry("conf.spark.sql.shuffle.partitions", "3"));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("osiris: engine.master 'local[4]' in the config"
                + " is ignored: spark-submit's --master 'yarn' runs this pipeline" + System.lineSeparator());
    }

    @Test
    void aConfigWithoutAnEngineRunsOnSparkWithTheSubmittedMasterSilently() throws IOException {
        OsirisConfig config = config("version: 1\n");

        OsirisConfig onSpark = submitted(Optional.of("local[2]")).onSpark(config);

        assertThat(onSpark.engine()).isEqualTo(new EngineSettings("spark", Map.of("master", "local[2]")));
        assertThat(onSpark.file()).isEqualTo(config.file());
        assertThat(onSpark.outputDirectory()).isEqualTo(config.outputDirectory());
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void outsideSparkSubmitTheConfigsMasterStays() throws IOException {
        OsirisConfig config = config("""
                version: 1
                engine: {type: spark, master: "local[1]"}
                """);

        assertThat(submitted(Optional.empty()).onSpark(config).engine().settings())
                .containsOnly(Map.entry("master", "local[1]"));
        assertThat(submitted(Optional.of("local[1]")).onSpark(config).engine().settings())
                .containsOnly(Map.entry("master", "local[1]"));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    private OsirisConfig config(String yaml) throws IOException {
        Path file = project.resolve(ConfigLoader.FILE_NAME);
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return ConfigLoader.load(file, Map.of());
    }

    private SubmittedRun submitted(Optional<String> master) {
        SubmitArguments arguments = SubmitArguments.parse(List.of("run", "p.yaml"));
        return new SubmittedRun(arguments, new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), project,
                master);
    }
}
