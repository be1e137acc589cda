package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large runs in a JVM with a small heap: constant memory whatever the row count. */
class LargeRunTest {
    static final long ROWS = 5_000_000;

    @TempDir
    Path dir;

    @Test
    void fiveMillionRowsRunUnderA128MegabyteHeap() throws Exception {
        Fixtures.duckdb(dir.resolve("big.duckdb"), "CREATE TABLE events AS SELECT range AS id, "
                + "'event number ' || range AS name, (range % 100000) / 100.0 AS amount, "
                + "TIMESTAMP '2020-01-01' + to_seconds(range) AS created_at FROM range(" + ROWS + ")");
        Path pipeline = dir.resolve("big.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: big
                extract:
                  - id: events
                    source: duckdb
                    path: big.duckdb
                    table: events
                transform:
                  - id: enriched
                    sql: SELECT id, upper(name) AS name, amount * 2 AS doubled, created_at FROM events
                load:
                  - id: out
                    to: parquet
                    path: out/events.parquet
                """);
        String output = probe(pipeline, "-Xmx128m");
        assertThat(output).contains("events.rows=" + ROWS).contains("out.rows=" + ROWS).contains("maxHeapMiB=12");
        assertThat(Fixtures.count(dir.resolve("big.duckdb"), "SELECT count(*) FROM read_parquet('"
                + dir.resolve("out/events.parquet") + "')")).isEqualTo(ROWS);
    }

    /**
     * Rows that cross Java (a LIST column keeps the engine from copying the file in SQL): read,
     * encoded as CSV and piped into the engine, which writes them straight into the file.
     */
    @Test
    void twoMillionRowsStreamedThroughJavaStayUnderA64MegabyteHeap() throws Exception {
        long rows = 2_000_000;
        Fixtures.duckdb(dir.resolve("wide.duckdb"), "CREATE TABLE t AS SELECT range AS id, [range, 2] AS pair, "
                + "'name ' || range AS name, TIMESTAMP '2020-01-01' + to_seconds(range) AS at FROM range(" + rows + ")");
        Path pipeline = dir.resolve("wide.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: wide
                extract:
                  - id: t
                    source: duckdb
                    path: wide.duckdb
                    table: t
                load:
                  - id: out
                    from: t
                    to: parquet
                    path: out/t.parquet
                """);
        String output = probe(pipeline, "-Xmx64m");
        assertThat(output).contains("t.rows=" + rows).contains("out.rows=" + rows).contains("maxHeapMiB=6");
        assertThat(Fixtures.count(dir.resolve("wide.duckdb"), "SELECT count(*) FROM read_parquet('"
                + dir.resolve("out/t.parquet") + "') WHERE name = 'name ' || id")).isEqualTo(rows);
    }

    private String probe(Path pipeline, String heap) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), heap, "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LargeRunProbe.class.getName(),
                pipeline.toString(), dir.toString());
        pb.redirectErrorStream(true);
        Process process = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String output = out.toString(StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(process.exitValue()).as("exit code, output:%n%s", output).isZero();
        return output;
    }
}
