package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.DataCheckFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.core.pipeline.Pipelines;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Write dispositions through whole runs: a file appended to gains a new part per run on every
 * route, and delete_insert reaches the loader on every route that writes a table.
 */
class LoadModesTest {
    @TempDir
    Path dir;

    private static String toFile(String source, String format, String mode, String checks) {
        return """
                # osiris-pipeline-v2
                name: parts
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                load:
                  - id: save
                    to: %s
                    path: output/movies.%s
                """.formatted(source, format, format) + (mode.isEmpty() ? "" : "    mode: " + mode + "\n") + checks;
    }

    private List<Path> parts() throws IOException {
        Path parts = dir.resolve("output/movies");
        if (!Files.isDirectory(parts)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(parts)) {
            return files.sorted().toList();
        }
    }

    @ParameterizedTest(name = "csv export {0}: route {1}")
    @CsvSource({"true, csv-copy-into-file", "false, rows-as-csv-into-file"})
    void appendToACsvFileAddsAPartPerRunAndLeavesEarlierPartsAsTheyWere(boolean csvExport, String route)
            throws Exception {
        String source = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(source, csvExport, false);
        Pipeline p = Pipelines.parse(toFile(source, "csv", "append", ""));
        try (PipelineRunner runner = MemoryRuns.runner(dir, source).build()) {
            assertThat(runner.plan(p).step("movies").route()).isEqualTo(route);
            RunReport first = runner.run(p);
            List<Path> afterFirst = parts();
            assertThat(afterFirst).hasSize(1);
            byte[] firstPart = Files.readAllBytes(afterFirst.get(0));
            assertThat(first.step("save").target()).isEqualTo(afterFirst.get(0).toString());

            db.put("movies", new io.osiris.connector.memory.MemoryTable(MemoryRuns.MOVIES,
                    List.of(List.of(4, "Ran", new BigDecimal("8.2"))), List.of("id")));
            runner.run(p);

            List<Path> afterSecond = parts();
            assertThat(afterSecond).hasSize(2).startsWith(afterFirst.get(0));
            assertThat(afterSecond).allSatisfy(f -> assertThat(f.getFileName().toString())
                    .matches("part-\\d{8}T\\d{6}\\.\\d{6}Z-[0-9a-f]{8}\\.csv"));
            assertThat(Files.readAllBytes(afterFirst.get(0))).isEqualTo(firstPart);
            assertThat(new String(firstPart, StandardCharsets.UTF_8)).startsWith("id,title,rating\n1,Alien,8.5\n");
            assertThat(Files.readString(afterSecond.get(1))).isEqualTo("id,title,rating\n4,Ran,8.2\n");
        }
        assertThat(dir.resolve("output/movies.csv")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"parquet", "json"})
    void appendToAParquetOrJsonFileAddsAPartEveryRunThatReadsBackWithOneGlob(String format) throws Exception {
        String source = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        Pipeline p = Pipelines.parse(toFile(source, format, "append", ""));
        try (PipelineRunner runner = MemoryRuns.runner(dir, source).build()) {
            runner.run(p);
            runner.run(p);
        }
        assertThat(parts()).hasSize(2).allSatisfy(f -> assertThat(f.toString()).endsWith("." + format));
        String reader = format.equals("json") ? "read_json_auto" : "read_parquet";
        assertThat(Fixtures.count(dir.resolve("read.duckdb"), "SELECT count(*) FROM " + reader + "('"
                + dir.resolve("output/movies") + "/*." + format + "')")).isEqualTo(6);
    }

    @Test
    void aFailedAppendRunAddsNoPartAndLeavesNoTemporaryFile() throws Exception {
        String source = MemoryRuns.unique();
        MemoryRuns.movies(source, true, false);
        try (PipelineRunner runner = MemoryRuns.runner(dir, source).build()) {
            runner.run(Pipelines.parse(toFile(source, "csv", "append", "")));
            List<Path> before = parts();
            Pipeline failing = Pipelines.parse(toFile(source, "csv", "append",
                    "    checks:\n      - row_count: {max: 1}\n"));
            assertThatThrownBy(() -> runner.run(failing)).isInstanceOf(DataCheckFailedException.class);
            assertThat(parts()).isEqualTo(before);
        }
    }

    @Test
    void aFileWithoutModeIsStillReplacedInPlace() throws Exception {
        String source = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        try (PipelineRunner runner = MemoryRuns.runner(dir, source).build()) {
            runner.run(Pipelines.parse(toFile(source, "csv", "", "")));
            runner.run(Pipelines.parse(toFile(source, "csv", "replace", "")));
        }
        assertThat(Files.readString(dir.resolve("output/movies.csv"))).startsWith("id,title,rating\n1,Alien");
        assertThat(dir.resolve("output/movies")).doesNotExist();
    }

    private static String deleteInsert(String source, String target, String keys) {
        return """
                # osiris-pipeline-v2
                name: refresh
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                load:
                  - id: save
                    to: memory
                    connection: %s
                    table: kept
                    mode: delete_insert
                    %s
                """.formatted(source, target, keys);
    }

    /** The target holds rows 1 (Alien), 5 and 6; the source's rows replace what their keys or partitions hold. */
    private static MemoryDatabase target(String name, boolean csvImport) {
        return MemoryDatabase.builder(name).table("kept", MemoryRuns.MOVIES, List.of(
                        List.of(1, "Old Alien", new BigDecimal("1.0")),
                        Arrays.asList(5, "Brazil", new BigDecimal("7.0")),
                        List.of(6, "Stays", new BigDecimal("6.0"))), List.of("id"))
                .csvImport(csvImport).register();
    }

    @ParameterizedTest(name = "csv import {0}: route {1}")
    @CsvSource({"true, csv-import", "false, rows-to-loader"})
    void deleteInsertOnAKeyReachesTheLoaderOnEveryRoute(boolean csvImport, String route) {
        String source = MemoryRuns.unique();
        String target = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        MemoryDatabase db = target(target, csvImport);
        // Staged in the engine (a transform reads it), so the load takes its own route.
        Pipeline p = Pipelines.parse(deleteInsert(source, target, "primary_key: [id]")
                .replace("load:\n", "transform:\n  - id: ranked\n    sql: SELECT * FROM movies\nload:\n")
                .replace("    table: kept\n", "    table: kept\n    from: ranked\n"));
        try (PipelineRunner runner = MemoryRuns.runner(dir, source, target).build()) {
            assertThat(runner.plan(p).step("save").route()).isEqualTo(route);
            RunReport report = runner.run(p);
            assertThat(report.step("save").rows()).isEqualTo(3);
        }
        assertThat(db.rows("kept")).containsExactlyInAnyOrder(
                List.of(1, "Alien", new BigDecimal("8.5")),
                List.of(2, "Heat, \"the\" movie", new BigDecimal("8.2")),
                Arrays.asList(3, "Brazil", null),
                Arrays.asList(5, "Brazil", new BigDecimal("7.0")),
                List.of(6, "Stays", new BigDecimal("6.0")));
    }

    @Test
    void aConnectorThatDoesNotDeclareDeleteInsertIsRefusedBeforeAnythingRuns() throws Exception {
        String source = MemoryRuns.unique();
        String target = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        MemoryDatabase db = MemoryDatabase.builder(target)
                .writeModes(WriteMode.APPEND, WriteMode.REPLACE, WriteMode.UPSERT).register();
        // A file load first: it would be written, were the run not refused before it starts.
        String yaml = deleteInsert(source, target, "primary_key: [id]").replace("load:\n",
                "load:\n  - id: file\n    from: movies\n    to: csv\n    path: output/movies.csv\n");
        try (PipelineRunner runner = MemoryRuns.runner(dir, source, target).build()) {
            assertThatThrownBy(() -> runner.run(Pipelines.parse(yaml))).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("load[1].mode")
                    .hasMessageContaining("connector 'memory' does not take mode delete_insert; it takes"
                            + " [append, replace, upsert]");
        }
        assertThat(db.table("kept")).isEmpty();
        assertThat(dir.resolve("output/movies.csv")).doesNotExist();
    }

    @Test
    void aPipelineBuiltInCodeWithAKeyModeOnAFileOrWithoutKeysIsRefusedBeforeAnythingRuns() {
        String source = MemoryRuns.unique();
        String target = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        MemoryDatabase db = target(target, false);
        io.osiris.api.pipeline.ExtractStep movies = io.osiris.api.pipeline.ExtractStep.builder("movies")
                .source("memory").connection(source).table("movies").build();
        LoadStep upsertFile = LoadStep.builder("file").from("movies").toCsv("output/movies.csv")
                .mode(WriteMode.UPSERT).primaryKey("id").build();
        LoadStep keyless = LoadStep.builder("kept").from("movies").toConnector("memory", "kept").connection(target)
                .mode(WriteMode.DELETE_INSERT).build();
        try (PipelineRunner runner = MemoryRuns.runner(dir, source, target).build()) {
            assertThatThrownBy(() -> runner.run(Pipeline.builder("code").extract(movies).load(keyless).build()))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("load[0].mode")
                    .hasMessageContaining("delete_insert needs").hasMessageContaining("partition_by");
            assertThatThrownBy(() -> runner.run(Pipeline.builder("code").extract(movies).load(upsertFile).build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("a csv file takes mode replace").hasMessageContaining("upsert");
        }
        assertThat(db.rows("kept")).hasSize(3);
        assertThat(dir.resolve("output/movies.csv")).doesNotExist();
    }

    @Test
    void deleteInsertOnAPartitionReplacesEveryRowOfTheArrivingPartition() {
        String source = MemoryRuns.unique();
        String target = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        MemoryDatabase db = target(target, false);
        Pipeline p = Pipelines.parse(deleteInsert(source, target, "partition_by: [title]")
                .replace("load:\n", "transform:\n  - id: third\n    sql: SELECT * FROM movies WHERE id = 3\nload:\n")
                .replace("    table: kept\n", "    table: kept\n    from: third\n"));
        try (PipelineRunner runner = MemoryRuns.runner(dir, source, target).build()) {
            runner.run(p);
        }
        // Partition "Brazil" held id 5; it now holds id 3. Rows 1 and 6 are of other partitions.
        assertThat(db.rows("kept")).containsExactlyInAnyOrder(
                List.of(1, "Old Alien", new BigDecimal("1.0")),
                List.of(6, "Stays", new BigDecimal("6.0")),
                Arrays.asList(3, "Brazil", null));
    }

    @Test
    void aKeyColumnTheRowsLackFailsTheRunBeforeAnyLoadNamingEveryOne() {
        String source = MemoryRuns.unique();
        String target = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        MemoryDatabase db = target(target, false);
        List<List<Object>> before = db.rows("kept");
        String yaml = deleteInsert(source, target, "partition_by: [region]")
                .replace("load:\n", "transform:\n  - id: every\n    sql: SELECT * FROM movies\nload:\n"
                        + "  - id: first\n    from: every\n    to: memory\n    connection: " + target
                        + "\n    table: other\n    mode: append\n")
                .replace("    table: kept\n", "    table: kept\n    from: every\n")
                + "  - id: third\n    from: every\n    to: memory\n    connection: " + target
                + "\n    table: third\n    mode: upsert\n    primary_key: [movie_id]\n";
        try (PipelineRunner runner = MemoryRuns.runner(dir, source, target).build()) {
            assertThatThrownBy(() -> runner.run(Pipelines.parse(yaml))).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("load[1].partition_by").hasMessageContaining("'region'")
                    .hasMessageContaining("load[2].primary_key").hasMessageContaining("'movie_id'");
        }
        assertThat(db.rows("kept")).isEqualTo(before);
        assertThat(db.table("other")).isEmpty();
    }

    @Test
    void deleteInsertOnAColumnTheRowsLackFailsNamingItAndLeavesTheTargetAsItWas() {
        String source = MemoryRuns.unique();
        String target = MemoryRuns.unique();
        MemoryRuns.movies(source, false, false);
        MemoryDatabase db = target(target, false);
        List<List<Object>> before = db.rows("kept");
        Pipeline p = Pipelines.parse(deleteInsert(source, target, "partition_by: [region]"));
        try (PipelineRunner runner = MemoryRuns.runner(dir, source, target).build()) {
            assertThatThrownBy(() -> runner.run(p)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("region");
        }
        assertThat(db.rows("kept")).isEqualTo(before);
    }
}
