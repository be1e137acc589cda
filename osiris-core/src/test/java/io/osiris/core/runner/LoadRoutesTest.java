package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.OsirisException;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.connector.memory.MemoryTable;
import io.osiris.core.pipeline.Pipelines;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each load route, run end to end into in-memory targets and files with the real DuckDB engine. */
class LoadRoutesTest {
    @TempDir
    Path dir;

    /** The rated movies, transformed, into the memory table {@code saved} of {@code target} (and a CSV file). */
    private static String toMemory(String source, String target, String sql) {
        return """
                # osiris-pipeline-v2
                name: saved
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                transform:
                  - id: top
                    sql: %s
                load:
                  - id: file
                    from: top
                    to: csv
                    path: out/top.csv
                  - id: save
                    from: top
                    to: memory
                    connection: %s
                    table: saved
                    mode: append
                """.formatted(source, sql, target);
    }

    private static final String RATED = "SELECT id, title, rating FROM movies WHERE rating IS NOT NULL ORDER BY id";

    private static List<List<Object>> rated() {
        return MemoryRuns.MOVIE_ROWS.subList(0, 2);
    }

    @Test
    void fileExportWritesTheTableAndReportsTheFilesBytes() throws Exception {
        String src = MemoryRuns.unique();
        String dst = MemoryRuns.unique();
        MemoryRuns.movies(src, false, false);
        MemoryDatabase target = MemoryRuns.movies(dst, false, false);
        RunReport report = MemoryRuns.runner(dir, src, dst).build().run(Pipelines.parse(toMemory(src, dst, RATED)));

        assertThat(report.step("file").route()).isEqualTo("file-export");
        assertThat(report.step("file").bytes()).isEqualTo(Files.size(dir.resolve("out/top.csv")));
        assertThat(Files.readString(dir.resolve("out/top.csv"))).startsWith("id,title,rating\n1,Alien,8.5\n");
        assertThat(report.step("save").route()).isEqualTo("rows-to-loader");
        assertThat(target.rows("saved")).isEqualTo(rated());
    }

    @Test
    void csvImportHandsTheEnginesCsvTextToALoaderThatTakesIt() throws Exception {
        String src = MemoryRuns.unique();
        String dst = MemoryRuns.unique();
        MemoryRuns.movies(src, false, false);
        MemoryDatabase target = MemoryRuns.movies(dst, false, true);
        RunReport report = MemoryRuns.runner(dir, src, dst).build().run(Pipelines.parse(toMemory(src, dst, RATED)));

        assertThat(report.step("save").route()).isEqualTo("csv-import");
        assertThat(report.step("save").rows()).isEqualTo(2);
        assertThat(target.rows("saved")).isEqualTo(rated());
    }

    @Test
    void csvImportDeclinedByTheEngineHandsOverToRowsToLoaderWithoutWritingTwice() throws Exception {
        String src = MemoryRuns.unique();
        String dst = MemoryRuns.unique();
        MemoryRuns.movies(src, false, false);
        MemoryDatabase target = MemoryRuns.movies(dst, false, true);
        // A LIST column has no exact CSV form, so the engine declines to write the table as CSV.
        RunReport report = MemoryRuns.runner(dir, src, dst).build().run(Pipelines.parse(toMemory(src, dst,
                "SELECT id, [id, id] AS pair FROM movies ORDER BY id")));

        assertThat(report.plan().step("save").routes()).isEqualTo("csv-import, else rows-to-loader");
        assertThat(report.step("save").route()).isEqualTo("rows-to-loader (csv-import declined)");
        assertThat(target.rows("saved")).hasSize(3);
    }

    @Test
    void aFailingLoadLeavesNoFileAndNoTemporaryFile() throws Exception {
        String src = MemoryRuns.unique();
        String dst = MemoryRuns.unique();
        MemoryRuns.movies(src, true, false);
        MemoryDatabase target = MemoryRuns.movies(dst, false, false);
        // The target table has a column the rows lack and its schema is frozen: the loader refuses the whole load.
        target.put("saved", new MemoryTable(RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER),
                new ColumnInfo("missing", ColumnType.STRING)), List.of(), List.of()));
        String yaml = (toMemory(src, dst, RATED) + "    schema: freeze\n").replace("""
                  - id: file
                    from: top
                """, """
                  - id: early
                    from: movies
                    to: parquet
                    path: out/movies.parquet
                  - id: file
                    from: top
                """);
        assertThatThrownBy(() -> MemoryRuns.runner(dir, src, dst).build().run(Pipelines.parse(yaml)))
                .isInstanceOf(OsirisException.class).hasMessageContaining("missing");

        assertThat(dir.resolve("out/top.csv")).doesNotExist();
        assertThat(dir.resolve("out/movies.parquet")).doesNotExist();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(target.rows("saved")).isEmpty();
    }

    @Test
    void writtenByExtractGivesTheReportOfAFileWrittenWhileExtracting() throws Exception {
        String src = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(src, true, false);
        RunReport report = MemoryRuns.runner(dir, src).build().run(Pipelines.parse("""
                # osiris-pipeline-v2
                name: direct
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                load:
                  - id: out
                    to: csv
                    path: out/movies.csv
                """.formatted(src)));

        assertThat(report.step("out").route()).isEqualTo("written-by-extract");
        assertThat(report.step("out").rows()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("out/movies.csv"))).startsWith("id,title,rating\n1,Alien,8.5\n");
        assertThat(db.reads()).isEqualTo(1);
    }

    @Test
    void fileScanIntoLoadReadsADuckDbFileStraightIntoALoaderThatTakesCsv() throws Exception {
        Fixtures.duckdb(dir.resolve("movies.duckdb"), "CREATE TABLE movies (id INTEGER, title VARCHAR,"
                + " rating DECIMAL(3,1))", "INSERT INTO movies VALUES (1, 'Alien', 8.5), (2, 'Heat, \"the\" movie', 8.2),"
                + " (3, 'Brazil', NULL)");
        String dst = MemoryRuns.unique();
        MemoryDatabase target = MemoryRuns.movies(dst, false, true);
        RunReport report = MemoryRuns.runner(dir, dst).build().run(Pipelines.parse("""
                # osiris-pipeline-v2
                name: straight
                extract:
                  - id: movies
                    source: duckdb
                    path: movies.duckdb
                    table: movies
                load:
                  - id: save
                    from: movies
                    to: memory
                    connection: %s
                    table: saved
                    mode: replace
                """.formatted(dst)));

        assertThat(report.steps()).extracting(s -> s.id() + ":" + s.route())
                .containsExactly("movies:file-scan-into-load", "save:written-by-extract");
        assertThat(report.step("save").rows()).isEqualTo(3);
        assertThat(target.rows("saved")).isEqualTo(MemoryRuns.MOVIE_ROWS);
    }

    @Test
    void aDryRunWritesNothingAndNamesTheDryRoute() {
        String src = MemoryRuns.unique();
        String dst = MemoryRuns.unique();
        MemoryRuns.movies(src, false, false);
        MemoryDatabase target = MemoryRuns.movies(dst, false, true);
        RunReport report = MemoryRuns.runner(dir, src, dst).build().dryRun(Pipelines.parse(toMemory(src, dst, RATED)));

        assertThat(report.step("save").route()).isEqualTo("dry");
        assertThat(report.step("save").columns()).containsExactly("id", "title", "rating");
        assertThat(target.table("saved")).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(new BigDecimal("8.5")).isNotNull();
    }
}
