package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * delete_insert through whole runs into MariaDB and PostgreSQL, as an incremental pipeline uses
 * it: a second run re-reads a window of days and replaces exactly those days (or those keys),
 * straight from the source file into the server or staged through a transform. Tables are
 * prefixed {@code modes_} in the servers' {@code test} database and dropped afterwards.
 */
class DeleteInsertPipelinesIT {
    private static final String TABLE = "modes_events";

    @TempDir
    Path dir;
    private TestServer used;

    @AfterEach
    void dropTheTable() throws Exception {
        if (used != null) {
            execute(used, "DROP TABLE IF EXISTS " + TABLE);
        }
    }

    private void source(String... rows) throws Exception {
        Path file = dir.resolve("events.duckdb");
        Files.deleteIfExists(file);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, day DATE NOT NULL, amount DECIMAL(10,2))");
            s.execute("INSERT INTO events VALUES " + String.join(", ", rows));
        }
    }

    private static String pipeline(String server, String keys, String where, boolean staged) {
        return """
                # osiris-pipeline-v2
                name: events
                extract:
                  - id: events
                    source: duckdb
                    path: events.duckdb
                    table: events
                    where: %s
                %sload:
                  - id: save
                    from: %s
                    to: %s
                    table: %s
                    mode: delete_insert
                    %s
                """.formatted(where, staged ? "transform:\n  - id: staged\n    sql: SELECT * FROM events\n" : "",
                staged ? "staged" : "events", server, TABLE, keys);
    }

    private RunReport run(TestServer server, String yaml) throws Exception {
        OsirisConfig config = server.config(dir);
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir).build()) {
            return runner.run(Pipelines.parser().parse(yaml, "events.yaml"));
        }
    }

    private void prepare(TestServer server) throws Exception {
        used = server;
        TestDatabases.connect(server.url()).close(); // skips, or fails when required, without a server
        execute(server, "DROP TABLE IF EXISTS " + TABLE);
    }

    @ParameterizedTest(name = "{0}, staged {1}")
    @CsvSource({"MYSQL, false", "MYSQL, true", "SUPABASE, false", "SUPABASE, true"})
    void aSecondRunReplacesExactlyThePartitionsItReads(TestServer server, boolean staged) throws Exception {
        prepare(server);
        source("(1, '2026-01-01', 1.00)", "(2, '2026-01-01', 2.00)", "(3, '2026-01-02', 3.00)",
                "(5, '2026-01-02', 5.00)");
        run(server, pipeline(server.type, "partition_by: [day]", "day >= DATE '2026-01-01'", staged));
        assertThat(rows(server)).containsExactly("1|2026-01-01|1.00", "2|2026-01-01|2.00", "3|2026-01-02|3.00",
                "5|2026-01-02|5.00");

        // Day 2 changed at the source (3 updated, 5 gone, 4 new); day 3 is new; day 1 is not read again.
        source("(1, '2026-01-01', 1.00)", "(2, '2026-01-01', 2.00)", "(3, '2026-01-02', 33.00)",
                "(4, '2026-01-02', 4.00)", "(6, '2026-01-03', 6.00)");
        RunReport second = run(server, pipeline(server.type, "partition_by: [day]", "day >= DATE '2026-01-02'",
                staged));

        assertThat(second.step("save").rows()).isEqualTo(3);
        // Straight from the file into the server's bulk path, or staged and sent as CSV: both delete_insert.
        assertThat(staged ? second.plan().step("save").route() : second.plan().step("events").route())
                .isEqualTo(staged ? "csv-import" : "file-scan-into-load");
        assertThat(rows(server)).containsExactly("1|2026-01-01|1.00", "2|2026-01-01|2.00", "3|2026-01-02|33.00",
                "4|2026-01-02|4.00", "6|2026-01-03|6.00");
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void onAKeyItReplacesTheRowsOfTheKeysThatArrive(TestServer server) throws Exception {
        prepare(server);
        source("(1, '2026-01-01', 1.00)", "(2, '2026-01-01', 2.00)");
        run(server, pipeline(server.type, "primary_key: [id]", "id > 0", false));
        source("(1, '2026-01-01', 1.00)", "(2, '2026-01-05', 20.00)", "(3, '2026-01-05', 3.00)");
        run(server, pipeline(server.type, "primary_key: [id]", "id >= 2", false));

        assertThat(rows(server)).containsExactly("1|2026-01-01|1.00", "2|2026-01-05|20.00", "3|2026-01-05|3.00");
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aPartitionColumnTheRowsLackFailsTheRunAndLeavesTheTableAsItWas(TestServer server) throws Exception {
        prepare(server);
        source("(1, '2026-01-01', 1.00)");
        run(server, pipeline(server.type, "partition_by: [day]", "id > 0", false));
        source("(1, '2026-01-01', 9.00)");

        assertThatThrownBy(() -> run(server, pipeline(server.type, "partition_by: [region]", "id > 0", true)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("region");
        assertThat(rows(server)).containsExactly("1|2026-01-01|1.00");
    }

    private static List<String> rows(TestServer server) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, day, amount FROM " + TABLE + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "|" + rs.getDate(2) + "|" + rs.getBigDecimal(3).toPlainString());
            }
        }
        return rows;
    }

    private static void execute(TestServer server, String sql) throws Exception {
        try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
