package io.osiris.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WritePolicyTest {
    @TempDir
    Path root;

    Path project;
    Path outside;
    OsirisConfig config;

    @BeforeEach
    void project() throws Exception {
        project = Files.createDirectories(root.resolve("project"));
        outside = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(project.resolve(".osiris.yaml"), "version: 1\n");
        config = ConfigLoader.load(project.resolve(".osiris.yaml"), Map.of());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien')) AS t(movie_id, title)");
        }
    }

    private static Pipeline pipeline(String... loads) {
        StringBuilder yaml = new StringBuilder("""
                # osiris-pipeline-v2
                name: p
                extract:
                  - id: movies
                    source: duckdb
                    path: movies.duckdb
                    query: SELECT * FROM movies
                load:
                """);
        for (int i = 0; i < loads.length; i++) {
            yaml.append("  - id: l").append(i).append('\n').append(loads[i].indent(4));
        }
        return Pipelines.parse(yaml.toString());
    }

    private static String file(String path) {
        return "to: csv\npath: '" + path + "'";
    }

    private List<Problem> problems(Pipeline p) {
        return WritePolicy.of(config, project).problems(p, "p.yaml", Optional.of(project.resolve("p.yaml")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape.csv", "output/../../escape.csv", "../elsewhere/x.csv", "/tmp/osiris-escape.csv"})
    void aFileLoadOutsideTheProjectIsRefused(String path) {
        assertThat(problems(pipeline(file(path))))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.path()).isEqualTo("load[0].path");
                    assertThat(p.message()).contains("is outside the project").contains("output.allow_outside");
                });
    }

    @Test
    void aDirectoryNamedInAllowOutsideMayBeWritten() throws Exception {
        Files.writeString(project.resolve(".osiris.yaml"), "version: 1\noutput:\n  allow_outside: [../elsewhere]\n");
        config = ConfigLoader.load(project.resolve(".osiris.yaml"), Map.of());
        assertThat(problems(pipeline(file("../elsewhere/x.csv")))).isEmpty();
        assertThat(problems(pipeline(file("../escape.csv")))).hasSize(1);
    }

    @Test
    void aSymbolicLinkOutOfTheProjectDoesNotLetALoadEscape() throws Exception {
        Files.createDirectories(project.resolve("output"));
        Files.createSymbolicLink(project.resolve("output/link"), outside);
        Files.createSymbolicLink(project.resolve("output/dangling.csv"), outside.resolve("not-yet.csv"));
        assertThat(problems(pipeline(file("output/link/x.csv")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("outside the project"));
        assertThat(problems(pipeline(file("output/dangling.csv")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("outside the project"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"p.yaml", "./p.yaml", ".osiris.yaml", ".env", ".osiris/state.db", ".osiris/x.csv"})
    void aLoadMayNotOverwriteThePipelineTheConfigOrTheState(String path) {
        assertThat(problems(pipeline(file(path)))).singleElement()
                .satisfies(p -> assertThat(p.message()).containsAnyOf("own file", "configuration", "state"));
    }

    @Test
    void aLoadMayNotOverwriteAFileThePipelineReads() {
        assertThat(problems(pipeline(file("movies.duckdb")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("extract movies reads"));
    }

    @Test
    void twoLoadsIntoOneFileAreRefusedWhateverTheSpellingOrFormat() {
        List<Problem> problems = problems(pipeline(file("output/a.csv"), "to: json\npath: ./output/../output/a.csv"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("load[1].path");
            assertThat(p.message()).contains("load l1 writes output/a.csv, which load l0 writes too");
        });
    }

    @Test
    void anAppendLoadWhosePartsDirectoryIsAFileIsRefusedAndOneWithoutAnExtensionAppendsIntoItsPath()
            throws Exception {
        Files.createDirectories(project.resolve("output/events"));
        Files.writeString(project.resolve("output/movies"), "a file, not a directory of parts");

        assertThat(problems(pipeline(file("output/movies.csv") + "\nmode: append"))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("appends its parts to the directory")
                        .contains("which is a file"));
        assertThat(problems(pipeline(file("output/events") + "\nmode: append"))).isEmpty();
        assertThat(problems(pipeline(file("output/events")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is a directory; name a file"));
    }

    @Test
    void twoLoadsIntoOneTableAreRefused() {
        List<Problem> problems = problems(pipeline("to: duckdb\npath: out.duckdb\ntable: t",
                "to: duckdb\npath: ./out.duckdb\ntable: T"));
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message())
                .contains("writes table T, which load l0 writes too"));
    }

    @Test
    void theRunnerRefusesBeforeAnythingIsWritten() throws Exception {
        Path escape = root.resolve("escape.csv");
        Pipeline p = pipeline(file("output/fine.csv"), file("../escape.csv"));
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(project).build()) {
            assertThatThrownBy(() -> runner.run(p)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("load[1].path").hasMessageContaining("outside the project");
            assertThatThrownBy(() -> runner.dryRun(p)).isInstanceOf(ValidationException.class);
        }
        assertThat(escape).doesNotExist();
        assertThat(project.resolve("output/fine.csv")).doesNotExist();
    }

    @Test
    void withoutAConfigTheWorkingDirectoryIsTheProject() throws Exception {
        Pipeline p = pipeline(file("output/top.csv"));
        try (PipelineRunner runner = PipelineRunner.builder().config(OsirisConfig.empty(project))
                .workingDirectory(project).build()) {
            assertThat(runner.run(p).steps()).isNotEmpty();
        }
        assertThat(Files.readString(project.resolve("output/top.csv"))).contains("Alien");
    }

    @Test
    void aLoadMayNotOverwriteAnyPipelineFile() throws Exception {
        Files.createDirectories(project.resolve("output"));
        Files.writeString(project.resolve("output/other.yaml"), "# osiris-pipeline-v2\nname: other\n");
        assertThat(problems(pipeline(file("output/other.yaml")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is a pipeline file"));
    }

    @Test
    void aCsvAndADuckDbFileAtOnePathCollideButTwoTablesOfOneDuckDbFileDoNot() {
        assertThat(problems(pipeline("to: duckdb\npath: out.duckdb\ntable: a", "to: duckdb\npath: out.duckdb\ntable: b")))
                .isEmpty();
        assertThat(problems(pipeline("to: duckdb\npath: out.duckdb\ntable: a", file("out.duckdb")))).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("which load l0 writes too"));
    }

    @Test
    void theConfiguredOutputDirectoryMayBeOutsideTheProject() throws Exception {
        Files.writeString(project.resolve(".osiris.yaml"), "version: 1\noutput:\n  directory: ../elsewhere\n");
        config = ConfigLoader.load(project.resolve(".osiris.yaml"), Map.of());
        assertThat(problems(pipeline(file("../elsewhere/x.csv")))).isEmpty();
    }
}
