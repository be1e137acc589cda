package io.osiris.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(OsirisExtension.class)
class OsirisExtensionTest {
    private PipelineHarness fromBeforeEach;

    @BeforeEach
    void setUp(PipelineHarness osiris) {
        fromBeforeEach = osiris;
    }

    @Test
    void aTestAndItsBeforeEachShareOneHarnessInAFreshTemporaryDirectory(PipelineHarness osiris) {
        assertThat(osiris).isSameAs(fromBeforeEach);
        assertThat(osiris.directory()).isDirectory().isEmptyDirectory()
                .startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize());
    }

    @Test
    void aHarnessInADirectoryOfOneOwnLeavesItInPlace(@TempDir Path dir) throws Exception {
        PipelineHarness harness = PipelineHarness.in(dir.resolve("runs"));
        PipelineOutputs out = harness.pipelineYaml("""
                # osiris-pipeline-v2
                name: copy
                extract:
                  - id: rows
                    source: memory
                    table: t
                load:
                  - id: save
                    to: csv
                    path: out/t.csv
                """).source("memory", "default", db -> db.csv("t", "a\n1\n")).run();
        harness.close();
        assertThat(dir.resolve("runs/out/t.csv")).isRegularFile();
        assertThat(Files.readString(out.file("out/t.csv"))).isEqualTo("a\n1\n");
    }
}
