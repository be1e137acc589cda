package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.testkit.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code osiris run} stopped part-way, as a whole process against the real servers: the
 * process is signalled while a query of some 60M rows streams into a Parquet file (SIGTERM: the
 * same shutdown hook as Ctrl-C, and unlike SIGINT never ignored by a background parent). It must
 * exit promptly, say the run was cancelled, leave no file (not even its temporary one) and leave
 * no query running on the server.
 */
class CancelledRunIT {
    /** A marker in the query text, to find it on the server. */
    private static final String MARK = "osiris-cancelled-run-it";
    /** 36^5 rows: minutes of streaming, so only cancelling ends it. */
    private static final String QUERY = "SELECT a.movie_id AS a, b.movie_id AS b, c.movie_id AS c, d.movie_id AS d,"
            + " e.title AS title FROM movies a, movies b, movies c, movies d, movies e /* " + MARK + " */";

    @TempDir
    Path dir;

    /** Queries of this test still running on each server (the marker split, so this one is not counted). */
    private static final String POSTGRES_LEFT = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            + " AND pid <> pg_backend_pid() AND query LIKE '%' || 'osiris-cancelled' || '-run-it%'";
    private static final String MARIADB_LEFT = "SELECT count(*) FROM information_schema.PROCESSLIST"
            + " WHERE COMMAND <> 'Sleep' AND ID <> CONNECTION_ID() AND INFO LIKE CONCAT('%', 'osiris-cancelled', '-run-it%')";

    @Test
    void postgresRunStopsCleanly() throws Exception {
        String url = MoviesOnServers.postgres();
        String output = signalWhileWriting(MoviesOnServers.config(dir, null, url), List.of("run",
                pipeline("supabase").toString(), "--json"));
        assertNoQueryLeft(url, POSTGRES_LEFT);
        // A script reading --json gets the error object, not an empty stdout.
        assertThat(output).contains("\"kind\" : \"cancelled\"");
    }

    @Test
    void mariaDbRunStopsCleanly() throws Exception {
        String url = MoviesOnServers.mysql();
        signalWhileWriting(MoviesOnServers.config(dir, url, null), List.of("run", pipeline("mysql").toString()));
        assertNoQueryLeft(url, MARIADB_LEFT);
    }

    /** {@code osiris chat --sql ... --yes} runs the approved pipeline the same way. */
    @Test
    void anApprovedChatRunStopsCleanly() throws Exception {
        String url = MoviesOnServers.postgres();
        signalWhileWriting(MoviesOnServers.config(dir, null, url), List.of("chat", "--sql", QUERY, "--yes"));
        assertNoQueryLeft(url, POSTGRES_LEFT);
    }

    /** A pipeline streaming the query from {@code source} into {@code dir/out/rows.parquet}. */
    private Path pipeline(String source) throws java.io.IOException {
        Path pipeline = dir.resolve("cancel.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: cancel_me
                version: 1.0
                extract:
                  - id: source
                    source: %s
                    connection: it
                    query: "%s"
                load:
                  - id: save
                    from: source
                    to: parquet
                    path: %s
                """.formatted(source, QUERY, dir.resolve("out").resolve("rows.parquet")));
        return pipeline;
    }

    /**
     * Starts {@code osiris --config CONFIG ARGS}, signals it once it writes into {@code dir/out},
     * checks what is left, and returns what it printed.
     */
    private String signalWhileWriting(Path config, List<String> args) throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), OsirisCli.class.getName(), "--config", config.toString()));
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("extract ")) {
                        started.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                // the process has gone
            }
            started.complete(null);
        });
        reader.start();
        try {
            started.get(60, TimeUnit.SECONDS);
            // Rows are flowing into the temporary file beside the target.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (files(out).isEmpty() && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(files(out)).as("a file being written, output:%n%s", output).isNotEmpty();
            assertThat(process.isAlive()).as("still running, output:%n%s", output).isTrue();
            long signalled = System.nanoTime();
            // SIGTERM through the handle: Process.destroy() would also close our end of its output.
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
            double seconds = (System.nanoTime() - signalled) / 1e9;
            reader.join(5_000);
            String text;
            synchronized (output) {
                text = output.toString();
            }
            assertThat(process.exitValue()).as("exit code, output:%n%s", text).isEqualTo(143);
            assertThat(text).contains("The run was cancelled; files are left as they were.");
            assertThat(files(out)).as("files left in %s", out).isEmpty();
            assertThat(seconds).as("seconds from the signal to the exit").isLessThan(10);
            return text;
        } finally {
            process.destroyForcibly();
        }
    }

    /** The data files in a directory (chat also writes its proposed pipeline there, which stays). */
    private static List<Path> files(Path directory) throws java.io.IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> !f.getFileName().toString().endsWith(".yaml")).toList();
        }
    }

    /** The server stops the query soon after the process has gone: polls up to 5 s. */
    private static void assertNoQueryLeft(String url, String count) throws Exception {
        long left = -1;
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            for (int i = 0; i < 50; i++) {
                left = count(s, count);
                if (left == 0) {
                    return;
                }
                Thread.sleep(100);
            }
        }
        assertThat(left).as("queries still running on the server 5 s after the exit").isZero();
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
