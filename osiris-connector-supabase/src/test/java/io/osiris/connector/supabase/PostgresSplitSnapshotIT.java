package io.osiris.connector.supabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitPlan.Consistency;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import io.osiris.testkit.TestDatabases;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every split reads the plan's exported snapshot (or its own, when the server refuses to share
 * one); the pool has room for every split; a split is plain data; cancelling stops its query.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSplitSnapshotIT {
    private static final String TABLES = "spg_s_plain, spg_s_keys, spg_snap, spg_s_big";

    private Connector connector;
    private PostgresClient client;
    private SplitRead splits;
    private SplitRows compare;

    @BeforeAll
    void setUp() {
        ConnectorConfig config = PostgresTestDatabase.config("postgres", Map.of());
        PostgresTestDatabase.execute(
                "DROP TABLE IF EXISTS " + TABLES + " CASCADE",
                "CREATE TABLE spg_s_plain (id int4 PRIMARY KEY, name text)",
                "INSERT INTO spg_s_plain SELECT g, 'name ' || g FROM generate_series(1, 20000) g",
                "CREATE TABLE spg_s_keys (k int4 UNIQUE, name text)",
                "INSERT INTO spg_s_keys SELECT CASE WHEN g % 4 = 0 THEN NULL ELSE g END, 'n' || g"
                        + " FROM generate_series(1, 8000) g",
                "CREATE TABLE spg_snap (id int4 PRIMARY KEY, name text)",
                "INSERT INTO spg_snap SELECT g, 'before' FROM generate_series(1, 10000) g",
                "CREATE TABLE spg_s_big (id int4 PRIMARY KEY, name text)",
                "INSERT INTO spg_s_big SELECT g, 'row ' || g FROM generate_series(1, 300000) g");
        connector = new SupabaseConnectorProvider().open(config);
        splits = connector.capability(SplitRead.class).orElseThrow();
        client = new PostgresClient(SupabaseSettings.from(config), "it-refused", "postgres");
        compare = new SplitRows(connector, splits);
    }

    @AfterAll
    void tearDown() {
        if (connector != null) {
            connector.close();
            client.close();
            PostgresTestDatabase.execute("DROP TABLE IF EXISTS " + TABLES + " CASCADE");
        }
    }

    @Test
    void rowsWrittenAfterThePlanAreInvisibleToEverySplit() {
        Extraction table = new Extraction.Table("spg_snap");
        List<String> before = compare.rows(table);
        List<String> beforeCsv = compare.csv(table, before.size());
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(3))) {
            PostgresTestDatabase.execute("INSERT INTO spg_snap SELECT g, 'after' FROM generate_series(10001, 12000) g",
                    "UPDATE spg_snap SET name = 'updated' WHERE id % 5 = 0",
                    "DELETE FROM spg_snap WHERE id BETWEEN 100 AND 200");
            assertThat(plan.consistency()).isEqualTo(Consistency.ONE_SNAPSHOT);
            assertThat(compare.readAll(table, plan, false)).isEqualTo(before);
            assertThat(compare.readAll(table, plan, true)).isEqualTo(beforeCsv);
        }
        assertThat(compare.rows(table)).isNotEqualTo(before).hasSize(10000 + 2000 - 101);
    }

    @Test
    void twoPlansReadAtOnceHaveRoomInThePoolForAllTheirSplits() {
        // pool_size 2: without room made per plan, the tenth connection would wait and time out.
        Extraction a = new Extraction.Table("spg_s_plain");
        Extraction b = new Extraction.Table("spg_s_keys");
        try (Connector small = new SupabaseConnectorProvider().open(PostgresTestDatabase.config("postgres",
                Map.of("pool_size", "2", "connect_timeout", "2s")))) {
            SplitRead read = small.capability(SplitRead.class).orElseThrow();
            try (SplitPlan planA = read.plan(a, SplitRequest.exactly(4));
                    SplitPlan planB = read.plan(b, SplitRequest.exactly(4))) {
                List<RowStream> streams = new ArrayList<>();
                List<String> rowsA = new ArrayList<>();
                List<String> rowsB = new ArrayList<>();
                try {
                    for (Split split : planA.splits()) {
                        streams.add(read.read(a, split));
                    }
                    for (Split split : planB.splits()) {
                        streams.add(read.read(b, split));
                    }
                    for (int i = 0; i < streams.size(); i++) {
                        SplitRows.drain(streams.get(i), i < planA.splits().size() ? rowsA : rowsB);
                    }
                } finally {
                    streams.forEach(RowStream::close);
                }
                rowsA.sort(null);
                rowsB.sort(null);
                assertThat(rowsA).isEqualTo(compare.rows(a));
                assertThat(rowsB).isEqualTo(compare.rows(b));
            }
        }
    }

    @Test
    void theSnapshotOutlivesAServerIdleTimeout() throws Exception {
        String url = TestDatabases.postgresUrl();
        ConnectorConfig config = new ConnectorConfig("postgres", "it", Map.of("jdbc_url", url
                + (url.contains("?") ? "&" : "?") + "options=-c%20idle_in_transaction_session_timeout%3D300"));
        try (Connector strict = new SupabaseConnectorProvider().open(config)) {
            SplitRead read = strict.capability(SplitRead.class).orElseThrow();
            Extraction table = new Extraction.Table("spg_s_plain", List.of("id"), "", 0);
            try (SplitPlan plan = read.plan(table, SplitRequest.exactly(2))) {
                Thread.sleep(600); // idle twice as long as the server allows
                List<String> union = new ArrayList<>();
                for (Split split : plan.splits()) {
                    try (RowStream rows = read.read(table, split)) {
                        SplitRows.drain(rows, union);
                    }
                }
                union.sort(null);
                assertThat(union).isEqualTo(compare.rows(table));
            }
        }
    }

    @Test
    void aSplitOfAClosedPlanFailsNamingItsSplit() {
        Extraction table = new Extraction.Table("spg_s_plain");
        SplitPlan plan = splits.plan(table, SplitRequest.exactly(2));
        plan.close();
        plan.close();
        assertThatThrownBy(() -> splits.read(table, plan.splits().get(1)))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("extracting table spg_s_plain, split 1 (pages ")
                .hasMessageContaining("snapshot");
    }

    @Test
    void whenTheServerRefusesToExportEachSplitReadsItsOwnSnapshot() {
        assertEachSplitReadsItsOwnSnapshot("SELECT pg_export_snapshot_refused()", 4);
    }

    @Test
    void whenAnotherConnectionCannotImportTheSnapshotEachSplitReadsItsOwn() {
        // A snapshot id the server never exported: what a pooler that sends the import elsewhere amounts to.
        assertEachSplitReadsItsOwnSnapshot("SELECT '0000000A-000FFFFF-1'", 3);
    }

    private void assertEachSplitReadsItsOwnSnapshot(String exportSql, int splits) {
        SplitRead read = new PostgresSplitRead(client, new PostgresExtractor(client),
                PostgresSplitRead.Ranges.CTID_OR_KEY, exportSql);
        Extraction table = new Extraction.Table("spg_s_plain");
        try (SplitPlan plan = read.plan(table, SplitRequest.exactly(splits))) {
            assertThat(plan.consistency()).isEqualTo(Consistency.PER_SPLIT);
            assertThat(plan.description()).contains("each in its own snapshot");
            assertThat(plan.splits()).hasSize(splits).allSatisfy(s -> assertThat(s.snapshot()).isEmpty());
            compare.assertSameRows(table, plan);
        }
    }

    @Test
    void aSplitIsPlainDataAnotherConnectorReads() throws Exception {
        Extraction table = new Extraction.Table("spg_s_plain", List.of("id", "name"), "", 0);
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(2));
                Connector other = new SupabaseConnectorProvider().open(PostgresTestDatabase.config("postgres", Map.of()))) {
            SplitRead elsewhere = other.capability(SplitRead.class).orElseThrow();
            List<String> union = new ArrayList<>();
            for (Split split : plan.splits()) {
                try (RowStream rows = elsewhere.read(table, SplitRows.roundTrip(split))) {
                    SplitRows.drain(rows, union);
                }
            }
            union.sort(null);
            assertThat(union).isEqualTo(compare.rows(table));
        }
    }

    @Test
    void cancellingASplitStopsItsQuery() {
        Extraction table = new Extraction.Table("spg_s_big");
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(2))) {
            Split split = plan.splits().get(0);
            int read = 0;
            try (RowStream rows = splits.read(table, split)) {
                rows.next();
                rows.cancel();
                try {
                    while (rows.next()) {
                        read++;
                    }
                } catch (ExecutionFailedException expected) {
                    // the cancelled query
                }
            }
            assertThat(read).isLessThan(140_000);
            CsvCopy copy = splits.csvCopy(table, split).orElseThrow();
            OutputStream cancelling = new OutputStream() {
                private boolean once;

                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (!once) {
                        once = true;
                        copy.cancel();
                    }
                }
            };
            assertThatThrownBy(() -> copy.writeTo(cancelling)).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("cancelled");
        }
    }
}
