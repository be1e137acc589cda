package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.state.StateDatabase;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An incremental pipeline run three times against MariaDB/MySQL and against PostgreSQL while
 * rows are inserted and updated between runs: rows sharing a cursor value with the last
 * watermark, NULL cursors, timestamps with microseconds. It upserts on the key into a table of
 * the same server and into a DuckDB file, and appends to a log in that file; after each run both
 * upserted tables hold exactly the source's rows, the log each version of a row once, and each run
 * read only the rows at or after the watermark and those with a NULL cursor.
 */
class IncrementalDatabaseIT {
    private static final String SOURCE = "incr_orders";
    private static final String TARGET = "incr_orders_copy";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void threeRunsLeaveBothTargetsWithExactlyTheSourcesRows(TestServer server) throws Exception {
        try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
            drop(st);
            for (String table : List.of(SOURCE, TARGET)) {
                st.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, name VARCHAR(40),"
                        + " amount DECIMAL(12, 2), updated_at " + timestamp(server) + " NULL)");
            }
            st.execute("INSERT INTO " + SOURCE + " VALUES (1, 'ann', 10.00, '2024-05-01 10:00:00'),"
                    + " (2, 'bob', 20.00, '2024-05-01 11:00:00'), (3, 'cy', 30.00, '2024-05-01 12:00:00.123456'),"
                    + " (4, 'dee', 40.00, NULL)");
            try (StateDatabase state = StateDatabase.open(dir.resolve(".osiris/state.db"));
                    PipelineRunner runner = PipelineRunner.builder().config(server.config(dir)).workingDirectory(dir)
                            .tempDirectory(dir.resolve("tmp")).state(state).build()) {
                Pipeline pipeline = Pipelines.parser().parse(pipeline(server), "incremental.yaml");

                RunReport first = runner.run(pipeline);
                assertThat(first.step("orders").rows()).isEqualTo(4);
                assertThat(first.watermarks()).containsExactly(Map.entry("orders", "2024-05-01T12:00:00.123456"));
                assertTargetsHoldTheSource(c);
                assertTheLogHoldsEachVersionOnce(c, 0);

                // Late, with the watermark's own value; an update a microsecond later; a new row.
                st.execute("INSERT INTO " + SOURCE + " VALUES (5, 'eve', 50.00, '2024-05-01 12:00:00.123456')");
                st.execute("UPDATE " + SOURCE + " SET amount = 21.00, updated_at = '2024-05-02 09:00:00.000001'"
                        + " WHERE id = 2");
                st.execute("INSERT INTO " + SOURCE + " VALUES (6, 'fay', 60.00, '2024-05-02 09:00:00.000002')");
                RunReport second = runner.run(pipeline);
                // 3 and 5 at the watermark, 2 and 6 after it, 4 with a NULL cursor.
                assertThat(second.step("orders").rows()).isEqualTo(5);
                assertThat(second.watermarks()).containsEntry("orders", "2024-05-02T09:00:00.000002");
                assertTargetsHoldTheSource(c);
                assertTheLogHoldsEachVersionOnce(c, 1);

                // A NULL cursor gets a value, a new NULL row, a row changed at the watermark's value, a new row.
                st.execute("UPDATE " + SOURCE + " SET amount = 41.00, updated_at = '2024-05-02 09:00:00.000003'"
                        + " WHERE id = 4");
                st.execute("INSERT INTO " + SOURCE + " VALUES (7, 'gus', 70.00, NULL)");
                st.execute("UPDATE " + SOURCE + " SET name = 'fay2' WHERE id = 6");
                st.execute("INSERT INTO " + SOURCE + " VALUES (8, 'hal', 80.00, '2024-05-03 00:00:00.999999')");
                RunReport third = runner.run(pipeline);
                // 6 at the watermark, 4 and 8 after it, 7 with a NULL cursor.
                assertThat(third.step("orders").rows()).isEqualTo(4);
                assertThat(third.watermarks()).containsEntry("orders", "2024-05-03T00:00:00.999999");
                assertTargetsHoldTheSource(c);
                assertTheLogHoldsEachVersionOnce(c, 3);
                assertThat(state.forNamespace("watermarks").get("incr_sync/orders")).get()
                        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                        .containsEntry("value", "2024-05-03T00:00:00.999999").containsEntry("type", "TIMESTAMP");
            }
        } finally {
            try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
                drop(st);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aCursorWithATimeZoneIsKeptInUtcToTheMicrosecond(TestServer server) throws Exception {
        try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
            drop(st);
            // Values written in UTC on MySQL (a TIMESTAMP is read in the session's zone), with offsets on PostgreSQL.
            String zone = server == TestServer.MYSQL ? "" : "+02";
            if (server == TestServer.MYSQL) {
                st.execute("SET time_zone = '+00:00'");
            }
            for (String table : List.of(SOURCE, TARGET)) {
                st.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, name VARCHAR(40),"
                        + " amount DECIMAL(12, 2), updated_at " + instant(server) + " NULL)");
            }
            st.execute("INSERT INTO " + SOURCE + " VALUES (1, 'ann', 10.00, '2024-05-01 10:00:00" + zone + "'),"
                    + " (2, 'bob', 20.00, '2024-05-01 14:00:00.123456" + zone + "'), (3, 'cy', 30.00, NULL)");
            try (PipelineRunner runner = PipelineRunner.builder().config(server.config(dir)).workingDirectory(dir)
                    .tempDirectory(dir.resolve("tmp")).build()) {
                Pipeline pipeline = Pipelines.parser().parse(pipeline(server), "incremental.yaml");

                RunReport first = runner.run(pipeline);
                String watermark = server == TestServer.MYSQL ? "2024-05-01T14:00:00.123456Z"
                        : "2024-05-01T12:00:00.123456Z";
                assertThat(first.watermarks()).containsExactly(Map.entry("orders", watermark));
                assertThat(rows(c, TARGET)).isEqualTo(rows(c, SOURCE));

                st.execute("INSERT INTO " + SOURCE + " VALUES (4, 'dee', 40.00, '2024-05-01 14:00:00.123456" + zone
                        + "'), (5, 'eve', 50.00, '2024-05-01 14:00:00.123457" + zone + "')");
                RunReport second = runner.run(pipeline);
                // 2 and 4 at the watermark, 5 a microsecond after it, 3 with a NULL cursor.
                assertThat(second.step("orders").rows()).isEqualTo(4);
                assertThat(second.watermarks()).containsEntry("orders", watermark.replace("123456", "123457"));
                assertThat(rows(c, TARGET)).isEqualTo(rows(c, SOURCE));
            }
        } finally {
            try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
                drop(st);
            }
        }
    }

    private void assertTargetsHoldTheSource(Connection c) throws Exception {
        List<String> source = rows(c, SOURCE);
        assertThat(rows(c, TARGET)).isEqualTo(source);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("copy.duckdb"))) {
            assertThat(rows(duck, "orders")).isEqualTo(source);
        }
    }

    /**
     * The appended log holds every current source row and each earlier version of an updated row,
     * each once: the rows a run reads again (at the watermark, NULL cursors) are not appended twice.
     */
    private void assertTheLogHoldsEachVersionOnce(Connection c, int updated) throws Exception {
        List<String> source = rows(c, SOURCE);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("copy.duckdb"))) {
            List<String> log = rows(duck, "orders_log");
            assertThat(log).doesNotHaveDuplicates().containsAll(source).hasSize(source.size() + updated);
        }
    }

    private static List<String> rows(Connection c, String table) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, name, amount, updated_at FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(4);
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getBigDecimal(3).toPlainString() + "|"
                        + (at == null ? "NULL" : at.toInstant()));
            }
        }
        return rows;
    }

    private static String pipeline(TestServer server) {
        return """
                # osiris-pipeline-v2
                name: incr_sync
                extract:
                  - id: orders
                    source: %1$s
                    query: SELECT id, name, amount, updated_at FROM %2$s
                    incremental: {cursor: updated_at}
                load:
                  - id: same_server
                    from: orders
                    to: %1$s
                    table: %3$s
                    mode: upsert
                    primary_key: [id]
                  - id: duckdb_file
                    from: orders
                    to: duckdb
                    path: copy.duckdb
                    table: orders
                    mode: upsert
                    primary_key: [id]
                  - id: duckdb_log
                    from: orders
                    to: duckdb
                    path: copy.duckdb
                    table: orders_log
                    mode: append
                """.formatted(server.type, SOURCE, TARGET);
    }

    private static void drop(Statement st) throws Exception {
        st.execute("DROP TABLE IF EXISTS " + SOURCE);
        st.execute("DROP TABLE IF EXISTS " + TARGET);
    }

    /** A timestamp without a time zone, to the microsecond. */
    private static String timestamp(TestServer server) {
        return server == TestServer.MYSQL ? "DATETIME(6)" : "TIMESTAMP(6)";
    }

    /** An instant, to the microsecond. */
    private static String instant(TestServer server) {
        return server == TestServer.MYSQL ? "TIMESTAMP(6)" : "TIMESTAMP(6) WITH TIME ZONE";
    }
}
