package io.osiris.connector.supabase;

import io.osiris.api.connector.capability.CsvExport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConnectionException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.OsirisException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.ColumnType;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.testkit.TestDatabases;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Time limits and clean failure against the real PostgreSQL: a statement timeout stops the query
 * on the server with one clear line, a connection cut mid-stream says it was lost (not "cannot
 * reach"), and a connection cut during a replace leaves no staging table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresLimitsIT {
    private static final String REPLACED = "t18lim_pg_replaced";

    @AfterAll
    void dropTables() {
        try {
            PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + REPLACED);
        } catch (RuntimeException e) {
            // no database: nothing was created
        }
    }

    private static Connector open(String statementTimeout) {
        ConnectorConfig config = PostgresTestDatabase.config("supabase", Map.of("statement_timeout", statementTimeout));
        return new SupabaseConnectorProvider().open(config);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"extract", "csvCopy"})
    void aStatementTimeoutStopsTheQueryOnTheServerWithOneClearLine(String path) throws Exception {
        String marker = "t18lim_pg_timeout_" + path;
        Extraction query = new Extraction.Query("SELECT g, '" + marker + "' AS m"
                + " FROM generate_series(1, 3) g WHERE pg_sleep(30) IS NOT NULL", 0);
        try (Connector connector = open("2s")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                if (path.equals("extract")) {
                    try (RowStream rows = connector.extractor().extract(query)) {
                        while (rows.next()) {
                            // reading
                        }
                    }
                } else {
                    connector.capability(CsvExport.class).orElseThrow().csvCopy(query).orElseThrow().writeTo(OutputStream.nullOutputStream());
                }
            }).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("the query ran past statement_timeout 2s on supabase.it; raise "
                            + "limits.statement_timeout or connections.supabase.it.statement_timeout")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(15));
            assertGone(marker);
        }
    }

    @Test
    void aConnectionCutMidStreamIsReportedAsLostNotUnreachable() throws Exception {
        String marker = "t18lim_pg_midstream";
        try (Connector connector = open("10m");
                RowStream rows = connector.extractor().extract(new Extraction.Query(
                        "SELECT g, '" + marker + "' AS m FROM generate_series(1, 50000000) g", 0))) {
            assertThat(rows.next()).isTrue();
            terminate(marker);
            assertThatThrownBy(() -> {
                while (rows.next()) {
                    // reading until the cut shows
                }
            }).isInstanceOf(ConnectionException.class)
                    .hasMessageContaining("the connection to supabase.it")
                    .hasMessageContaining("was lost")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("cannot reach").doesNotContain("\n"));
        }
    }

    @Test
    void aConnectionKilledDuringAReplaceLeavesNoStagingTable() throws Exception {
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + REPLACED,
                "CREATE TABLE " + REPLACED + " (id int PRIMARY KEY, name text)",
                "INSERT INTO " + REPLACED + " VALUES (1, 'kept')");
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("name", ColumnType.string(50)));
        Iterator<List<Object>> killing = new Iterator<>() {
            int produced;

            @Override
            public boolean hasNext() {
                return produced < 2_000_000;
            }

            @Override
            public List<Object> next() {
                if (++produced == 200_000) {
                    terminate("COPY");
                }
                return Arrays.asList(produced, "row " + produced);
            }
        };
        try (Connector connector = open("10m")) {
            assertThatThrownBy(() -> connector.loader().orElseThrow()
                    .load(new LoadRequest(REPLACED, WriteMode.REPLACE), RowStream.of(schema, killing)))
                    .isInstanceOf(OsirisException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("cannot reach"));
        }
        assertThat(PostgresTestDatabase.texts("SELECT tablename FROM pg_tables WHERE tablename LIKE 't18lim%osiris%'")).isEmpty();
        assertThat(PostgresTestDatabase.texts("SELECT name FROM " + REPLACED)).containsExactly("kept");
    }

    /** Ends the backend running a statement that contains {@code text}, from another session. */
    private static void terminate(String text) {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement st = c.createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = 'osiris' AND pid <> pg_backend_pid()"
                        + " AND (query LIKE '%" + text + "%" + (text.equals("COPY") ? REPLACED : "") + "%')")) {
                    if (rs.next()) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("no backend runs " + text);
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long active(String marker) throws SQLException {
        return Long.parseLong(PostgresTestDatabase.texts("SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND pid <> pg_backend_pid() AND query LIKE '%" + marker + "%'").get(0));
    }

    private static void assertGone(String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (active(marker) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(active(marker)).as("queries still active with %s after 5 s", marker).isZero();
    }
}
