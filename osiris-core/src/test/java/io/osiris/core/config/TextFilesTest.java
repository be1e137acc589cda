package io.osiris.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ValidationException;
import io.osiris.core.pipeline.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void aPipelineFileOverOneMebibyteIsRefusedBeforeParsing() throws Exception {
        Path big = dir.resolve("big.yaml");
        String line = "# osiris-pipeline-v2\nname: p\ndescription: '" + "x".repeat(5 * 1024 * 1024) + "'\n";
        Files.writeString(big, line);
        assertThatThrownBy(() -> Pipelines.read(big)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Pipeline file " + big + " is " + Files.size(big) + " bytes")
                .hasMessageContaining("over the limit of 1048576 bytes");
    }

    @Test
    void aConfigFileOverTheLimitIsRefused() throws Exception {
        Path big = dir.resolve(".osiris.yaml");
        Files.writeString(big, "version: 1\n#" + "x".repeat(TextFiles.MAX_BYTES) + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(big, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Config file").hasMessageContaining("over the limit");
    }

    @Test
    void pipelineTextOverTheLimitIsAProblemNotAParse() {
        String yaml = "# osiris-pipeline-v2\nname: p\ndescription: '" + "é".repeat(TextFiles.MAX_BYTES / 2 + 1) + "'\n";
        assertThatThrownBy(() -> Pipelines.parse(yaml, "proposal")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("the pipeline is").hasMessageContaining("over the limit");
    }

    @Test
    void aFileThatIsNotUtf8SaysWhichLineAndWhatToDo() throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "# osiris-pipeline-v2\nname: p\ndescription: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Pipelines.read(latin1)).isInstanceOf(ConfigurationException.class)
                .hasMessage("Pipeline file " + latin1 + " is not UTF-8 text: byte 0xE9 at line 3 (offset 45) is not"
                        + " valid UTF-8. Save the file as UTF-8.");
    }

    @Test
    void aMissingFileSaysSo() {
        assertThatThrownBy(() -> TextFiles.read(dir.resolve("none.yaml"), "Pipeline file"))
                .hasMessage("Pipeline file " + dir.resolve("none.yaml") + " does not exist.");
    }

    @Test
    void utf8TextReadsBack() throws Exception {
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "name: café ☕\n");
        assertThat(TextFiles.read(ok, "Pipeline file")).isEqualTo("name: café ☕\n");
    }
}
