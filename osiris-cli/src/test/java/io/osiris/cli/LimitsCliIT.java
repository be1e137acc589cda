package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code osiris run} as a whole process against the real servers, where a query runs too long or
 * its connection is cut: exit code 1, one line that says what happened, and no stack trace.
 */
class LimitsCliIT {
    /** A marker of this test run's queries, so none left over by an earlier run is taken for them. */
    private static final String MARK = "t18lim_cli_" + Long.toHexString(System.nanoTime());
    private static final String MYSQL_SLOW = "SELECT COUNT(*) AS n, '" + MARK + "' AS m FROM information_schema.COLUMNS a,"
            + " information_schema.COLUMNS b, information_schema.COLUMNS c";
    private static final String POSTGRES_SLOW = "SELECT count(*) AS n, '" + MARK + "' AS m"
            + " FROM generate_series(1, 200000) a, generate_series(1, 200000) b";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mysql", "supabase"})
    void aQueryPastLimitsStatementTimeoutFailsWithOneLine(String source) throws Exception {
        String url = source.equals("mysql") ? TestDatabases.mysqlUrl() : TestDatabases.postgresUrl();
        TestDatabases.connect(url).close();
        writeConfig(source, url, "limits:\n  statement_timeout: 2s\n");
        Result run = run(pipeline(source, source.equals("mysql") ? MYSQL_SLOW : POSTGRES_SLOW), null);
        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("the query ran past statement_timeout 2s on " + source + ".it; raise "
                + "limits.statement_timeout or connections." + source + ".it.statement_timeout");
        assertNoStackTrace(run.output);
    }

    @Test
    void aConnectionCutMidRunSaysItWasLostWithoutAStackTrace() throws Exception {
        String url = TestDatabases.mysqlUrl();
        TestDatabases.connect(url).close();
        writeConfig("mysql", url, "");
        Result run = run(pipeline("mysql", MYSQL_SLOW), url);
        assertThat(run.exit).as(run.output).isEqualTo(1);
        assertThat(run.output).contains("the connection to mysql.it").contains("was lost")
                .doesNotContain("server running");
        assertNoStackTrace(run.output);
    }

    private static void assertNoStackTrace(String output) {
        assertThat(output.lines().filter(l -> l.startsWith("\tat ") || l.contains("Exception:")).toList())
                .as(output).isEmpty();
    }

    private void writeConfig(String source, String url, String limits) throws Exception {
        String extra = source.equals("supabase") ? "      sslmode: disable\n" : "";
        Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\n" + limits + "connections:\n  " + source
                + ":\n    it:\n      jdbc_url: \"" + url + "\"\n" + extra + "output:\n  directory: out\n");
    }

    private Path pipeline(String source, String query) throws Exception {
        Path pipeline = dir.resolve("slow.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: t18lim_slow
                version: 1.0
                extract:
                  - id: slow
                    source: %s
                    connection: it
                    query: "%s"
                load:
                  - id: save
                    from: slow
                    to: csv
                    path: out/slow.csv
                """.formatted(source, query));
        return pipeline;
    }

    private record Result(int exit, String output) {
    }

    /** Runs {@code osiris run PIPELINE}; with {@code killOn}, kills the query's MariaDB connection once it runs. */
    private Result run(Path pipeline, String killOn) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                OsirisCli.class.getName(), "--config", dir.resolve(".osiris.yaml").toString(), "run",
                pipeline.toString());
        Path log = dir.resolve("output.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (killOn != null) {
                kill(killOn);
            }
            boolean exited = process.waitFor(60, TimeUnit.SECONDS);
            if (!exited) {
                // Killed hard, it cannot stop its query: the server's statement timeout will.
                process.destroyForcibly();
            }
            assertThat(exited).as("exited; output:%n%s", Files.readString(log, StandardCharsets.UTF_8)).isTrue();
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private static void kill(String url) throws Exception {
        try (Connection c = TestDatabases.connect(url); Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Execute' AND TIME >= 1"
                        + " AND ID <> CONNECTION_ID() AND INFO LIKE CONCAT('%', '" + MARK.substring(0, 8) + "', '" + MARK.substring(8) + "%')")) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        rs.close();
                        st.execute("KILL CONNECTION " + id);
                        return;
                    }
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("the run's query never showed in the process list");
        }
    }
}
