package io.osiris.core.runner;

import static io.osiris.core.duckdb.FileReadingSql.MARKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.duckdb.FileReadingSql;
import io.osiris.core.pipeline.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run touches only what its pipeline declares: its transforms read only earlier steps, a
 * DuckDB file's query reads only that file, and no failure quotes a file it did not declare.
 */
class SandboxedRunTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        FileReadingSql.writeSecrets(dir);
        Fixtures.duckdb(dir.resolve("movies.duckdb"),
                "CREATE TABLE movies (movie_id INTEGER, title VARCHAR)",
                "INSERT INTO movies VALUES (1, 'Alien'), (2, 'Heat')");
    }

    static Stream<String> fileReaders() {
        return FileReadingSql.corpus();
    }

    private PipelineRunner runner() {
        return PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).build();
    }

    private Pipeline movies(String transformSql) {
        return Pipelines.parse("""
                # osiris-pipeline-v2
                name: movies
                extract:
                  - id: movies
                    source: duckdb
                    path: movies.duckdb
                    table: movies
                transform:
                  - id: titles
                    sql: %s
                load:
                  - id: out
                    to: csv
                    path: out/titles.csv
                """.formatted(transformSql));
    }

    private static void assertQuotesNothing(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertThat(t.getMessage()).doesNotContain(MARKER);
        }
    }

    /** No file under the project holds the marker but the secrets themselves. */
    private void assertNothingCopied() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith("secret.") && !name.equals(".env")) {
                    assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as("%s", f).doesNotContain(MARKER);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileReaders")
    void aTransformBuiltInCodeThatReadsAFileIsRefusedBeforeAnythingRuns(String reader) throws IOException {
        Pipeline valid = movies("SELECT title FROM movies");
        Pipeline stealing = new Pipeline(valid.name(), valid.version(), valid.description(), valid.extracts(),
                List.of(new TransformStep("titles", "duckdb", reader.replace("{dir}", dir.toString()))),
                valid.loads());
        for (boolean dry : new boolean[] {false, true}) {
            Throwable failure = catchThrowable(() -> {
                if (dry) {
                    runner().dryRun(stealing);
                } else {
                    runner().run(stealing);
                }
            });
            // Refused before the engine ran it (the file-reading ones), or failing in the engine
            // without reading (getenv, which DuckDB's library does not have).
            assertThat(failure).isInstanceOf(OsirisException.class).hasMessageContaining("titles");
            assertQuotesNothing(failure);
        }
        assertThat(dir.resolve("out")).doesNotExist();
        assertNothingCopied();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileReaders")
    void aDuckDbFilesQueryThatReadsAnotherFileIsRefusedOrFailsWithoutReadingIt(String reader) throws IOException {
        String yaml = """
                # osiris-pipeline-v2
                name: stolen
                extract:
                  - id: stolen
                    source: duckdb
                    path: movies.duckdb
                    query: "%s"
                load:
                  - id: out
                    to: csv
                    path: out/stolen.csv
                """.formatted(reader.replace("{dir}", dir.toString()).replace("\"", "\\\""));
        Pipeline pipeline;
        try {
            pipeline = Pipelines.parse(yaml);
        } catch (ValidationException refused) {
            assertQuotesNothing(refused);
            return;
        }
        assertQuotesNothing(catchThrowable(() -> runner().dryRun(pipeline)));
        Throwable failure = catchThrowable(() -> runner().run(pipeline));
        assertThat(failure).as(reader).isInstanceOf(OsirisException.class);
        assertQuotesNothing(failure);
        assertThat(dir.resolve("out/stolen.csv")).doesNotExist();
        assertNothingCopied();
    }

    @Test
    void aDeclaredDuckDbFileIsStillCopiedInsideTheEngineAndTheLoadWritten() throws Exception {
        RunReport report = runner().run(movies("SELECT title FROM movies ORDER BY movie_id"));
        // -1 bytes: the engine attached the file and copied it in SQL; a streamed copy counts its bytes.
        assertThat(report.step("movies").bytes()).isEqualTo(-1);
        assertThat(Files.readString(dir.resolve("out/titles.csv"))).isEqualTo("title\nAlien\nHeat\n");
    }

    @Test
    void whatATransformReadsIsWhatDuckDbsParserSaysNotAWordInItsText() {
        Pipeline p = movies("SELECT 'movies' AS movies, \"Movies\".title FROM (SELECT 1 AS x) AS \"Movies\"");
        assertThat(StepReads.check(p).reads("movies")).isFalse();
        assertThat(StepReads.check(movies("SELECT * FROM \"MOVIES\"")).reads("movies")).isTrue();
    }

    /** A DuckDB file's extraction, and whether the engine may copy it itself rather than its connector. */
    static Stream<org.junit.jupiter.params.provider.Arguments> duckDbExtractions() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Table("movies"), true),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM movies"), true),
                org.junit.jupiter.params.provider.Arguments.of(
                        new Extraction.Query("WITH m AS (SELECT * FROM main.movies) SELECT * FROM m"), true),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM memory.main.x"), false),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM memory.x"), false),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM osiris_src_1.movies"), false),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM 'x.csv'"), false),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM '/tmp/x'"), false),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM read_parquet('x')"), false),
                org.junit.jupiter.params.provider.Arguments.of(new Extraction.Query("SELECT * FROM glob('*')"), false),
                org.junit.jupiter.params.provider.Arguments.of(
                        new Extraction.Table("movies", List.of(), "title IN (SELECT * FROM glob('*'))", 0), false),
                org.junit.jupiter.params.provider.Arguments.of(
                        new Extraction.Table("movies", List.of(), "movie_id > 1", 0), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duckDbExtractions")
    void theEngineCopiesADuckDbFilesExtractionItselfOnlyWhenItReadsPlainTablesOfThatFile(Extraction extraction,
            boolean inEngine) {
        ExtractStep step = new ExtractStep("src", "duckdb", "default", "movies.duckdb", extraction);
        Pipeline p = new Pipeline("p", "1", "", List.of(step), List.of(), List.of());
        assertThat(StepReads.check(p).copiesInEngine(step)).isEqualTo(inEngine);
    }

    @Test
    void aTransformSmuggledBehindASelectIsRefusedBeforeTheEngineSeesIt() {
        Pipeline valid = movies("SELECT title FROM movies");
        Pipeline smuggling = new Pipeline(valid.name(), valid.version(), valid.description(), valid.extracts(),
                List.of(new TransformStep("titles", "duckdb", "SELECT title FROM movies; COPY movies TO '"
                        + dir.resolve("copied.csv") + "'")), valid.loads());
        assertThatThrownBy(() -> runner().run(smuggling)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("step 'titles'");
        assertThat(dir.resolve("copied.csv")).doesNotExist();
    }
}
