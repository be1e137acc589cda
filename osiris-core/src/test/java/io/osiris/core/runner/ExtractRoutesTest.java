package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.core.pipeline.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each extract route, run end to end on an in-memory source and the real DuckDB engine. */
class ExtractRoutesTest {
    @TempDir
    Path dir;

    private static final String TOP_CSV = """
            id,title
            1,Alien
            2,"Heat, ""the"" movie"
            """;

    /** The movies through a transform (so the extract is staged in a table) into a CSV file. */
    private static String staged(String db) {
        return """
                # osiris-pipeline-v2
                name: staged
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                transform:
                  - id: top
                    sql: SELECT id, title FROM movies WHERE rating > 8 ORDER BY id
                load:
                  - id: out
                    from: top
                    to: csv
                    path: out/top.csv
                """.formatted(db);
    }

    /** The movies straight into one Parquet file: nothing else reads the extract. */
    private static String direct(String db) {
        return """
                # osiris-pipeline-v2
                name: direct
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                load:
                  - id: out
                    from: movies
                    to: parquet
                    path: out/movies.parquet
                """.formatted(db);
    }

    private long parquetRows() throws Exception {
        return Fixtures.count(dir.resolve("check.duckdb"), "SELECT count(*) FROM read_parquet('"
                + dir.resolve("out/movies.parquet") + "')");
    }

    @Test
    void csvCopyStagesTheSourcesOwnCsvTextAndReadsTheSourceOnce() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(name, true, false);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(staged(name)));

        assertThat(report.step("movies").route()).isEqualTo("csv-copy");
        assertThat(report.step("movies").rows()).isEqualTo(3);
        assertThat(Files.readString(dir.resolve("out/top.csv"))).isEqualTo(TOP_CSV);
        assertThat(db.reads()).isEqualTo(1);
    }

    @Test
    void csvCopyIntoFileWritesTheOneLoadsFileWhichIsReportedAtItsTurn() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(name, true, false);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(direct(name)));

        assertThat(report.steps()).extracting(StepReport::route).containsExactly("csv-copy-into-file",
                "written-by-extract");
        assertThat(report.step("out").rows()).isEqualTo(3);
        assertThat(report.step("out").bytes()).isEqualTo(Files.size(dir.resolve("out/movies.parquet")));
        assertThat(parquetRows()).isEqualTo(3);
        assertThat(db.reads()).isEqualTo(1);
    }

    @Test
    void rowsAsCsvEncodesTheRowsOfASourceWithoutACsvCopy() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(name, false, false);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(staged(name)));

        assertThat(report.step("movies").route()).isEqualTo("rows-as-csv");
        assertThat(Files.readString(dir.resolve("out/top.csv"))).isEqualTo(TOP_CSV);
        assertThat(db.reads()).isEqualTo(1);
    }

    @Test
    void rowsAsCsvIntoFileWritesTheOneLoadsFile() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(name, false, false);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(direct(name)));

        assertThat(report.steps()).extracting(StepReport::route).containsExactly("rows-as-csv-into-file",
                "written-by-extract");
        assertThat(parquetRows()).isEqualTo(3);
        assertThat(db.reads()).isEqualTo(1);
    }

    @Test
    void appendTakesTheRowsOneAtATimeWhenRowsAsCsvIsOff() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(name, false, false);
        RunReport report = MemoryRuns.runner(dir, name).rowsAsCsv(false).build().run(Pipelines.parse(direct(name)));

        assertThat(report.steps()).extracting(StepReport::route).containsExactly("append", "file-export");
        assertThat(report.plan().step("movies").fallbackRoute()).isEmpty();
        assertThat(parquetRows()).isEqualTo(3);
        assertThat(db.reads()).isEqualTo(1);
    }

    @Test
    void anEngineWithoutCapabilitiesAppendsEvenASourceThatCopiesCsv() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(name, true, false);
        RunReport report = MemoryRuns.runner(dir, name).engine(MemoryRuns.basicEngine(dir)).build()
                .run(Pipelines.parse(staged(name)));

        assertThat(report.step("movies").route()).isEqualTo("append");
        assertThat(Files.readString(dir.resolve("out/top.csv"))).isEqualTo(TOP_CSV);
        assertThat(db.reads()).isEqualTo(1);
    }

    /** A DATE of year 0 has no spelling in the bulk CSV text: the engine declines the text it was reading. */
    private static MemoryDatabase yearZero(String name, boolean csvExport) {
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER), new ColumnInfo("day", ColumnType.DATE));
        return MemoryDatabase.builder(name).table("movies", schema, List.of(List.of(1, LocalDate.of(2024, 1, 1)),
                List.of(2, LocalDate.of(0, 1, 1)))).csvExport(csvExport).register();
    }

    @Test
    void whenTheEngineDeclinesRowsAsCsvPartWayOnlyThePlannedFallbackReadsTheSourceAgain() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = yearZero(name, false);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(direct(name)));

        assertThat(report.plan().step("movies").routes())
                .isEqualTo("rows-as-csv-into-file, else append; after a partial read: append (reads the source again)");
        assertThat(report.step("movies").route())
                .isEqualTo("append (rows-as-csv-into-file declined after reading; the source was read again)");
        assertThat(report.steps()).extracting(StepReport::route).last().isEqualTo("file-export (written-by-extract declined)");
        assertThat(parquetRows()).isEqualTo(2);
        assertThat(db.reads()).isEqualTo(2);
    }

    @Test
    void whenTheEngineDeclinesACsvCopyPartWayTheFallbackAppendsAndNothingElseRereads() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = yearZero(name, true);
        RunReport report = MemoryRuns.runner(dir, name).build().run(Pipelines.parse(direct(name)));

        assertThat(report.step("movies").route())
                .isEqualTo("append (csv-copy-into-file declined after reading; the source was read again)");
        assertThat(parquetRows()).isEqualTo(2);
        assertThat(db.reads()).isEqualTo(2);
    }

    @Test
    void aDryRunDescribesTheSourceWithoutReadingItAndCarriesThePlanOfARun() throws Exception {
        String name = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(name, true, false);
        RunReport report = MemoryRuns.runner(dir, name).build().dryRun(Pipelines.parse(staged(name)));

        assertThat(report.steps()).extracting(StepReport::route).containsExactly("describe", "bind", "dry");
        assertThat(report.step("top").columns()).containsExactly("id", "title");
        assertThat(report.plan().steps()).extracting(RunPlan.PlannedStep::route)
                .containsExactly("csv-copy", "sql", "file-export");
        assertThat(db.reads()).isZero();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void fileScanCopiesADeclaredDuckDbFileInsideTheEngine() throws Exception {
        Fixtures.duckdb(dir.resolve("movies.duckdb"), "CREATE TABLE movies (id INTEGER, title VARCHAR)",
                "INSERT INTO movies VALUES (1, 'Alien'), (2, 'Heat')");
        RunReport report = PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).build()
                .run(Pipelines.parse(fromDuckDbFile("SELECT title FROM movies ORDER BY id")));

        assertThat(report.step("movies").route()).isEqualTo("file-scan");
        assertThat(Files.readString(dir.resolve("out/titles.csv"))).isEqualTo("title\nAlien\nHeat\n");
    }

    @Test
    void fileScanDeclinedBeforeReadingHandsOverToTheNextPlannedRoute() throws Exception {
        // A LIST column: the engine would not copy it exactly, so the file is read through its connector.
        Fixtures.duckdb(dir.resolve("movies.duckdb"), "CREATE TABLE movies AS SELECT 1 AS id, 'Alien' AS title,"
                + " [1, 2] AS l");
        RunReport report = PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).build()
                .run(Pipelines.parse(fromDuckDbFile("SELECT title FROM movies")));

        assertThat(report.step("movies").route()).isEqualTo("rows-as-csv (file-scan declined)");
        assertThat(Files.readString(dir.resolve("out/titles.csv"))).isEqualTo("title\nAlien\n");
    }

    private static String fromDuckDbFile(String transform) {
        return """
                # osiris-pipeline-v2
                name: scanned
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
                """.formatted(transform);
    }
}
