package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.pipeline.Pipelines;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which routes the plan chooses for which declared capabilities, before anything moves. */
class RunPlannerTest {
    @TempDir
    Path dir;

    private static String pipeline(String source, String target, boolean transform) {
        return """
                # osiris-pipeline-v2
                name: planned
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                %s
                load:
                  - id: save
                    from: %s
                    to: memory
                    connection: %s
                    table: saved
                """.formatted(source, transform ? """
                transform:
                  - id: top
                    sql: SELECT * FROM movies
                """ : "", transform ? "top" : "movies", target);
    }

    static Stream<Arguments> extractCapabilities() {
        return Stream.of(
                // csvExport, engine offers its capabilities, rowsAsCsv -> the extract's routes
                Arguments.of(true, true, true, "csv-copy, else rows-as-csv, else append;"
                        + " after a partial read: append (reads the source again)"),
                Arguments.of(false, true, true, "rows-as-csv, else append;"
                        + " after a partial read: append (reads the source again)"),
                Arguments.of(true, true, false, "csv-copy, else append;"
                        + " after a partial read: append (reads the source again)"),
                Arguments.of(false, true, false, "append"),
                Arguments.of(true, false, true, "append"),
                Arguments.of(false, false, false, "append"));
    }

    @ParameterizedTest(name = "csvExport={0} engineCapabilities={1} rowsAsCsv={2}")
    @MethodSource("extractCapabilities")
    void anExtractsRoutesFollowTheSourcesAndTheEnginesDeclaredCapabilities(boolean csvExport,
            boolean engineCapabilities, boolean rowsAsCsv, String routes) {
        String name = MemoryRuns.unique();
        MemoryRuns.movies(name, csvExport, false);
        PipelineRunner.Builder runner = MemoryRuns.runner(dir, name).rowsAsCsv(rowsAsCsv);
        if (!engineCapabilities) {
            runner.engine(MemoryRuns.basicEngine(dir));
        }
        RunPlan plan = runner.build().plan(Pipelines.parse(pipeline(name, name, true)));

        assertThat(plan.step("movies").routes()).isEqualTo(routes);
        assertThat(plan.step("movies").reads()).containsExactly("memory:" + name + "#movies");
        assertThat(plan.step("top").reads()).containsExactly("movies");
        assertThat(plan.step("save").reads()).containsExactly("top");
    }

    static Stream<Arguments> loadCapabilities() {
        return Stream.of(
                Arguments.of(true, true, "csv-import, else rows-to-loader"),
                Arguments.of(false, true, "rows-to-loader"),
                Arguments.of(true, false, "rows-to-loader"));
    }

    @ParameterizedTest(name = "csvImport={0} engineCapabilities={1}")
    @MethodSource("loadCapabilities")
    void aDatabaseLoadsRoutesFollowTheLoadersAndTheEnginesDeclaredCapabilities(boolean csvImport,
            boolean engineCapabilities, String routes) {
        String name = MemoryRuns.unique();
        MemoryRuns.movies(name, false, csvImport);
        PipelineRunner.Builder runner = MemoryRuns.runner(dir, name);
        if (!engineCapabilities) {
            runner.engine(MemoryRuns.basicEngine(dir));
        }
        RunPlan plan = runner.build().plan(Pipelines.parse(pipeline(name, name, true)));

        assertThat(plan.step("save").routes()).isEqualTo(routes);
    }

    @Test
    void stepsAreOrderedAsTheyRunAndAnExtractReadStraightIntoItsLoadRunsJustBeforeIt() throws Exception {
        Fixtures.duckdb(dir.resolve("movies.duckdb"), "CREATE TABLE movies (id INTEGER, title VARCHAR)");
        String name = MemoryRuns.unique();
        MemoryRuns.movies(name, false, true);
        RunPlan plan = MemoryRuns.runner(dir, name).build().plan(Pipelines.parse("""
                # osiris-pipeline-v2
                name: planned
                extract:
                  - id: file
                    source: duckdb
                    path: movies.duckdb
                    table: movies
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                transform:
                  - id: top
                    sql: SELECT * FROM movies
                load:
                  - id: csv
                    from: top
                    to: csv
                    path: out/top.csv
                  - id: save
                    from: file
                    to: memory
                    connection: %s
                    table: saved
                """.formatted(name, name)));

        assertThat(plan.steps()).extracting(s -> s.kind() + " " + s.id() + ": " + s.route()).containsExactly(
                "extract movies: rows-as-csv", "transform top: sql", "load csv: file-export",
                "extract file: file-scan-into-load", "load save: written-by-extract");
        assertThat(plan.step("file").alternatives()).containsExactly("file-scan", "rows-as-csv", "append");
        assertThat(plan.step("save").alternatives()).containsExactly("csv-import", "rows-to-loader");
        assertThat(plan.describe()).contains("extract file: file-scan-into-load, else file-scan");
    }

    @Test
    void aDatabaseFileIsScannedByTheEngineOnlyWhenItsExtractionReadsPlainTablesOfIt() throws Exception {
        Fixtures.duckdb(dir.resolve("movies.duckdb"), "CREATE TABLE movies (id INTEGER, title VARCHAR)");
        String yaml = """
                # osiris-pipeline-v2
                name: planned
                extract:
                  - id: file
                    source: duckdb
                    path: movies.duckdb
                    query: %s
                load:
                  - id: out
                    to: parquet
                    path: out/movies.parquet
                """;
        PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).build();

        assertThat(runner.plan(Pipelines.parse(yaml.formatted("SELECT * FROM movies"))).step("file").route())
                .isEqualTo("file-scan");
        assertThat(runner.plan(Pipelines.parse(yaml.formatted("SELECT * FROM memory.x"))).step("file").route())
                .isEqualTo("rows-as-csv-into-file");
        assertThat(PipelineRunner.builder().workingDirectory(dir).engine(MemoryRuns.basicEngine(dir)).build()
                .plan(Pipelines.parse(yaml.formatted("SELECT * FROM movies"))).step("file").route())
                .isEqualTo("append");
    }

    @Test
    void theListenerIsToldThePlanBeforeAnyStepStarts() {
        String name = MemoryRuns.unique();
        MemoryRuns.movies(name, false, false);
        java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        MemoryRuns.runner(dir, name).listener(new RunListener() {
            @Override
            public void planned(RunPlan plan) {
                events.add("plan of " + plan.steps().size());
            }

            @Override
            public void stepStarted(String stepId, String kind) {
                events.add(kind + " " + stepId);
            }
        }).build().run(Pipelines.parse(pipeline(name, name, false)));

        assertThat(events).containsExactly("plan of 2", "extract movies", "load save");
    }
}
