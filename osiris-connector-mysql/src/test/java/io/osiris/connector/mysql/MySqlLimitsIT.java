package io.osiris.connector.mysql;

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
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Time limits and clean failure against the real server: a statement timeout stops the query on
 * the server, an early close cancels it, and a connection cut during a replace leaves no staging table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlLimitsIT {
    private static final String REPLACED = "t18lim_replaced";
    private final MySqlTestDatabase db = new MySqlTestDatabase();

    @AfterAll
    void dropTables() throws SQLException {
        try {
            for (String table : stagingTables()) {
                db.execute("DROP TABLE IF EXISTS `" + table + "`");
            }
            db.execute("DROP TABLE IF EXISTS " + REPLACED);
        } finally {
            db.close();
        }
    }

    private Connector open(String statementTimeout) {
        ConnectorConfig config = db.config("t18lim").with("statement_timeout", statementTimeout);
        return new MySqlConnectorProvider().open(config);
    }

    /**
     * A query that keeps the server busy for minutes without SLEEP, with a marker to find it (not
     * BENCHMARK: MariaDB ends it at the timeout with a result of 0 instead of an error).
     */
    private static String longQuery(String marker) {
        return "SELECT COUNT(*), '" + marker + "' AS m FROM information_schema.COLUMNS a,"
                + " information_schema.COLUMNS b, information_schema.COLUMNS c";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"extract", "csvCopy"})
    void aStatementTimeoutStopsTheQueryOnTheServerWithOneClearLine(String path) throws Exception {
        String marker = "t18lim_timeout_" + path;
        try (Connector connector = open("2s")) {
            long start = System.nanoTime();
            Extraction query = new Extraction.Query(longQuery(marker), 0);
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
                    .hasMessageContaining("the query ran past statement_timeout 2s on mysql.t18lim; raise "
                            + "limits.statement_timeout or connections.mysql.t18lim.statement_timeout")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(15));
            assertGoneFromProcessList(marker);
        }
    }

    @Test
    void aStalledServerFailsAfterTheSocketTimeoutInsteadOfHanging() throws Exception {
        String locked = "t18lim_locked";
        db.execute("DROP TABLE IF EXISTS " + locked);
        db.execute("CREATE TABLE " + locked + " (id INT)");
        ConnectorConfig config = db.config("t18lim").with("statement_timeout", "0").with("socket_timeout", "2s");
        try (java.sql.Connection holder = io.osiris.testkit.TestDatabases.connect(io.osiris.testkit.TestDatabases.mysqlUrl());
                Statement lock = holder.createStatement();
                Connector connector = new MySqlConnectorProvider().open(config)) {
            // The server sends nothing while the table is locked: to the client it has stalled.
            lock.execute("LOCK TABLES " + locked + " WRITE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (RowStream rows = connector.extractor().extract(new Extraction.Query(
                        "SELECT id, 't18lim_stalled' AS m FROM " + locked, 0))) {
                    rows.next();
                }
            }).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("no answer from mysql.t18lim within socket_timeout 2s")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
            assertGoneFromProcessList("t18lim_stalled");
            lock.execute("UNLOCK TABLES");
        } finally {
            db.execute("DROP TABLE IF EXISTS " + locked);
        }
    }

    @Test
    void closingAStreamEarlyStopsTheServerQuery() throws Exception {
        String marker = "t18lim_early_close";
        try (Connector connector = open("10m")) {
            try (RowStream rows = connector.extractor().extract(new Extraction.Query(
                    "SELECT a.TABLE_NAME, '" + marker + "' AS m FROM information_schema.COLUMNS a,"
                            + " information_schema.COLUMNS b, information_schema.COLUMNS c", 0))) {
                assertThat(rows.next()).isTrue();
                assertThat(running(marker)).isPositive();
            }
            assertGoneFromProcessList(marker);
        }
    }

    @Test
    void aConnectionKilledDuringAReplaceLeavesNoStagingTableAndSaysSoInOneLine() throws Exception {
        db.execute("DROP TABLE IF EXISTS " + REPLACED);
        db.execute("CREATE TABLE " + REPLACED + " (id INT PRIMARY KEY, name VARCHAR(50))");
        db.execute("INSERT INTO " + REPLACED + " VALUES (1, 'kept')");
        RowSchema schema = RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false),
                new ColumnInfo("name", ColumnType.string(50)));
        Iterator<List<Object>> killing = new Iterator<>() {
            int produced;

            @Override
            public boolean hasNext() {
                return produced < 200_000;
            }

            @Override
            public List<Object> next() {
                if (++produced == 50_000) {
                    killLoader();
                }
                return Arrays.asList(produced, "row " + produced);
            }
        };
        try (Connector connector = open("10m")) {
            assertThatThrownBy(() -> connector.loader().orElseThrow()
                    .load(new LoadRequest(REPLACED, WriteMode.REPLACE), RowStream.of(schema, killing)))
                    .isInstanceOf(OsirisException.class)
                    .hasMessageContaining("replace into table")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Cannot connect"));
        }
        assertThat(stagingTables()).isEmpty();
        assertThat(db.count(REPLACED)).isEqualTo(1);
    }

    @Test
    void staleStagingTablesOfATargetAreSweptAndYoungOnesKept() throws Exception {
        db.execute("DROP TABLE IF EXISTS " + REPLACED);
        db.execute("CREATE TABLE " + REPLACED + " (id INT PRIMARY KEY)");
        String leftover = REPLACED + "__osiris_new_0badf00d";
        db.execute("CREATE TABLE `" + leftover + "` (id INT PRIMARY KEY)");
        try (Connector connector = open("10m")) {
            connector.loader().orElseThrow().load(new LoadRequest(REPLACED, WriteMode.REPLACE),
                    RowStream.of(RowSchema.of(new ColumnInfo("id", ColumnType.INTEGER, false)),
                            List.of(List.<Object>of(7))));
        }
        // Young: kept by a replace, since it could belong to a load running now.
        assertThat(stagingTables()).containsExactly(leftover);
        Thread.sleep(2_100);
        StagingTables.sweep(db.connection(), MySqlTableName.parse(REPLACED), 1);
        assertThat(stagingTables()).isEmpty();
        assertThat(db.count(REPLACED)).isEqualTo(1);
    }

    private void killLoader() {
        try (Statement st = db.connection().createStatement()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                        + " WHERE INFO LIKE '%" + REPLACED + "\\_\\_osiris\\_new%' AND ID <> CONNECTION_ID()")) {
                    if (rs.next()) {
                        long id = rs.getLong(1);
                        rs.close();
                        st.execute("KILL CONNECTION " + id);
                        return;
                    }
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the loader's session was not found in the process list");
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> stagingTables() throws SQLException {
        List<String> names = new java.util.ArrayList<>();
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 't18lim%osiris%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private long running(String marker) throws SQLException {
        try (Statement st = db.connection().createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE '%"
                        + marker + "%' AND ID <> CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void assertGoneFromProcessList(String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (running(marker) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(running(marker)).as("queries still running with %s after 5 s", marker).isZero();
    }
}
