package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.core.pipeline.Pipelines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load's rows written so far reach the listener as an extract's do, on each route that can count them. */
class LoadProgressTest {
    private static final int ROWS = 20_000;
    private static final RowSchema NUMBERS = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
            new ColumnInfo("label", ColumnType.STRING));

    @TempDir
    Path dir;

    /** Every progress call, as "step rows". */
    private static final class Recorder implements RunListener {
        final List<String> progress = new ArrayList<>();

        @Override
        public synchronized void progress(String stepId, long rows, double rowsPerSecond) {
            progress.add(stepId + " " + rows);
        }

        synchronized List<Long> rowsOf(String step) {
            return progress.stream().filter(p -> p.startsWith(step + " "))
                    .map(p -> Long.parseLong(p.substring(step.length() + 1))).toList();
        }
    }

    private static String numbers(String name, boolean csvImport) {
        List<List<Object>> rows = IntStream.range(0, ROWS).<List<Object>>mapToObj(i -> List.of(i, "row number " + i))
                .toList();
        MemoryDatabase.builder(name).table("numbers", NUMBERS, rows).csvImport(csvImport).register();
        return name;
    }

    private RunReport run(String yaml, Recorder recorder, String... connections) {
        return MemoryRuns.runner(dir, connections).listener(recorder).progressInterval(Duration.ZERO).build()
                .run(Pipelines.parse(yaml));
    }

    private static String intoMemory(String source, String target) {
        return """
                # osiris-pipeline-v2
                name: numbers
                extract:
                  - id: numbers
                    source: memory
                    connection: %s
                    table: numbers
                transform:
                  - id: all_numbers
                    sql: SELECT * FROM numbers
                load:
                  - id: save
                    to: memory
                    connection: %s
                    table: saved
                """.formatted(source, target);
    }

    @Test
    void rowsToLoaderReportsTheRowsItsLoaderTookPerBatch() {
        Recorder recorder = new Recorder();
        String src = numbers(MemoryRuns.unique(), false);
        String dst = numbers(MemoryRuns.unique(), false);
        RunReport report = run(intoMemory(src, dst), recorder, src, dst);

        assertThat(report.step("save").route()).isEqualTo("rows-to-loader");
        assertThat(MemoryDatabase.named(dst).rows("saved")).hasSize(ROWS);
        List<Long> rows = recorder.rowsOf("save");
        assertThat(rows).isNotEmpty().isSorted().allMatch(n -> n > 0 && n <= ROWS)
                .contains((long) PrefetchingRowStream.BATCH_ROWS);
    }

    @Test
    void csvImportReportsTheLinesItsLoaderRead() {
        Recorder recorder = new Recorder();
        String src = numbers(MemoryRuns.unique(), false);
        String dst = numbers(MemoryRuns.unique(), true);
        RunReport report = run(intoMemory(src, dst), recorder, src, dst);

        assertThat(report.step("save").route()).isEqualTo("csv-import");
        assertThat(MemoryDatabase.named(dst).rows("saved")).hasSize(ROWS);
        assertThat(recorder.rowsOf("save")).isNotEmpty().isSorted().allMatch(n -> n > 0 && n <= ROWS);
    }

    @Test
    void aDatabaseFileReadStraightIntoItsLoadReportsAsItsExtract() throws Exception {
        Path file = dir.resolve("numbers.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE numbers AS SELECT range::INTEGER AS id, 'row number ' || range AS label"
                    + " FROM range(" + ROWS + ")");
        }
        Recorder recorder = new Recorder();
        String dst = numbers(MemoryRuns.unique(), true);
        RunReport report = run("""
                # osiris-pipeline-v2
                name: numbers
                extract:
                  - id: numbers
                    source: duckdb
                    path: %s
                    table: numbers
                load:
                  - id: save
                    to: memory
                    connection: %s
                    table: saved
                """.formatted(file, dst), recorder, dst);

        assertThat(report.step("numbers").route()).isEqualTo("file-scan-into-load");
        assertThat(MemoryDatabase.named(dst).rows("saved")).hasSize(ROWS);
        assertThat(recorder.rowsOf("numbers")).isNotEmpty().isSorted().allMatch(n -> n > 0 && n <= ROWS);
    }
}
