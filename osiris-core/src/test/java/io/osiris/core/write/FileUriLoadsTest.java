package io.osiris.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File loads whose path is a file system URI: never resolved as a local path, refused on the
 * embedded DuckDB engine with what to configure, and allowed on an engine that writes URIs only
 * under a URI prefix that {@code output.allow_outside} names.
 */
class FileUriLoadsTest {
    @TempDir
    Path project;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies AS SELECT * FROM (VALUES (1, 'Alien')) AS t(movie_id, title)");
        }
    }

    private static String yaml(String to, String path) {
        return """
                # osiris-pipeline-v2
                name: p
                extract:
                  - id: movies
                    source: duckdb
                    path: movies.duckdb
                    query: SELECT * FROM movies
                load:
                  - id: save
                    to: %s
                    path: '%s'
                """.formatted(to, path);
    }

    private OsirisConfig config(String engine, String... allowed) throws Exception {
        StringBuilder text = new StringBuilder("version: 1\n");
        if (!engine.isEmpty()) {
            text.append("engine:\n  type: ").append(engine).append('\n');
        }
        text.append("output:\n  allow_outside: [").append(String.join(", ", allowed)).append("]\n");
        Files.writeString(project.resolve(".osiris.yaml"), text);
        return ConfigLoader.load(project.resolve(".osiris.yaml"), Map.of());
    }

    private List<Problem> problems(OsirisConfig config, String path) {
        return WritePolicy.of(config, project).problems(Pipelines.parse(yaml("parquet", path)), "p.yaml",
                Optional.empty());
    }

    @Test
    void theDuckDbEngineRefusesAUriWithItsLineAndWhatToConfigure() throws Exception {
        OsirisConfig config = config("", "'hdfs://nn/out'");
        Files.writeString(project.resolve("p.yaml"), yaml("parquet", "hdfs://nn/out/x.parquet"));
        try (Osiris osiris = Osiris.configure().workingDirectory(project).config(config).load()) {
            assertThatThrownBy(() -> osiris.validate(Path.of("p.yaml")))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).singleElement()
                            .satisfies(p -> {
                                assertThat(p.path()).isEqualTo("load[0].path");
                                assertThat(p.line()).isEqualTo(11);
                                assertThat(p.message()).contains("load save", "hdfs://nn/out/x.parquet",
                                        "needs engine: {type: spark}");
                            }));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs://nn/out/x.parquet", "s3a://bucket/x.csv", "file:///tmp/x.json", "hdfs:x.csv"})
    void theRunnerOnDuckDbRefusesAUriBeforeAnythingRunsAndNeverResolvesItLocally(String path) throws Exception {
        OsirisConfig config = config("", "'hdfs://nn/out'", "'s3a://bucket'", "'file:///tmp'");
        Pipeline pipeline = Pipelines.parse(yaml("csv", path));
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(project).build()) {
            assertThatThrownBy(() -> runner.run(pipeline)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("load[0].path");
            assertThatThrownBy(() -> runner.dryRun(pipeline)).isInstanceOf(ValidationException.class);
        }
        try (var files = Files.list(project)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(".osiris.yaml",
                    "movies.duckdb");
        }
    }

    @Test
    void onAnEngineThatWritesUrisOnlyAnAllowedPrefixOnASlashBoundaryLetsALoadWrite() throws Exception {
        OsirisConfig config = config("spark", "'hdfs://nn/out'", "'file:///data/../exports/'");
        assertThat(config.allowedUris()).containsExactly(URI.create("hdfs://nn/out"), URI.create("file:///exports/"));
        assertThat(problems(config, "hdfs://nn/out/x.parquet")).isEmpty();
        assertThat(problems(config, "hdfs://NN/out/a/b/x.parquet")).isEmpty();
        assertThat(problems(config, "file:///exports/x.parquet")).isEmpty();
        assertThat(problems(config("spark", "s3a://bucket"), "s3a://bucket/any/x.parquet")).isEmpty();
        for (String refused : List.of("hdfs://nn/outside/x.parquet", "hdfs://nn/out/../x.parquet",
                "hdfs://other/out/x.parquet", "s3a://nn/out/x.parquet", "file:///data/x.parquet")) {
            assertThat(problems(config, refused)).as(refused).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("load[0].path");
                assertThat(p.message()).contains("is outside the project", "output.allow_outside");
            });
        }
        assertThat(problems(config, "hdfs:x.parquet")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is not a file system URI"));
        assertThat(WritePolicy.of(config, project).problems(Pipelines.parse(yaml("duckdb", "hdfs://nn/out/w.duckdb")
                .replace("path: 'hdfs", "table: t\n    path: 'hdfs")), "p.yaml", Optional.empty()))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("a duckdb load writes a local"));
    }

    @Test
    void anAllowOutsideEntryThatIsNotAUriIsAConfigurationError() {
        assertThatThrownBy(() -> config("spark", "'hdfs:relative'"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("output.allow_outside")
                .hasMessageContaining("'hdfs:relative' is not a file system URI");
    }

    @Test
    void approvalShowsTheUriAndAppendPartsKeepTheSpelling() throws Exception {
        OsirisConfig config = config("spark", "'hdfs://nn/out'");
        PlannedWrites writes = new PlannedWrites(ConnectorRegistry.classPath(), config, project);
        assertThat(writes.of(Pipelines.parse(yaml("parquet", "hdfs://nn/out/x.parquet"))))
                .singleElement().satisfies(w -> assertThat(w.describe()).contains("parquet hdfs://nn/out/x.parquet",
                        "[write]"));
        assertThat(writes.of(Pipelines.parse(yaml("csv", "hdfs://nn/out/x.csv").replace("to: csv",
                "to: csv\n    mode: append")))).singleElement()
                .satisfies(w -> assertThat(w.describe()).contains("csv hdfs://nn/out/x/", "a new part file"));
        URI part = FileUris.part(Pipelines.parse(yaml("csv", "file:///d/x.csv")).loads().get(0),
                URI.create("file:///d/x.csv"), Instant.parse("2026-01-02T03:04:05Z"), "abcd1234");
        assertThat(part).hasToString("file:///d/x/part-20260102T030405.000000Z-abcd1234.csv");
    }
}
