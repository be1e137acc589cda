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
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.testkit.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The union of a table's splits is exactly (as a multiset) what one stream reads, through
 * {@code read} and {@code csvCopy}, for ctid and key ranges; every split reads the plan's snapshot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSplitReadIT {
    private static final String ROWS = """
            SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE g * 3 END, 'name ' || g || CASE WHEN g % 7 = 0 THEN ', "quoted"' ELSE '' END,
                   (g % 1000) / 7.0, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute', decode(lpad(to_hex(g), 8, '0'), 'hex')""";
    private static final String COLUMNS = "(id int4 PRIMARY KEY, k int4 UNIQUE, name text, amount numeric(10,2), at timestamptz, raw bytea)";

    private Connector connector;
    private PostgresClient client;
    private SplitRead splits;
    private SplitRead keySplits;

    @BeforeAll
    void setUp() {
        ConnectorConfig config = PostgresTestDatabase.config("postgres", Map.of());
        PostgresTestDatabase.execute(
                "DROP TABLE IF EXISTS spg_plain, spg_holes, spg_vacuumed, spg_uneven, spg_nullkey, spg_empty, spg_one,"
                        + " spg_parted, spg_snap, spg_big, spg_uneven_stats CASCADE",
                "CREATE TABLE spg_plain " + COLUMNS,
                "INSERT INTO spg_plain " + ROWS + " FROM generate_series(1, 20000) g",
                "CREATE VIEW spg_view AS SELECT id, name FROM spg_plain WHERE id % 2 = 0",
                // Dead tuples and whole empty pages, the end of the table included.
                "CREATE TABLE spg_holes " + COLUMNS,
                "ALTER TABLE spg_holes SET (autovacuum_enabled = false)",
                "INSERT INTO spg_holes " + ROWS + " FROM generate_series(1, 20000) g",
                "DELETE FROM spg_holes WHERE id % 3 = 0 OR id BETWEEN 5000 AND 9000 OR id > 18000",
                "CREATE TABLE spg_vacuumed " + COLUMNS,
                "INSERT INTO spg_vacuumed " + ROWS + " FROM generate_series(1, 20000) g",
                "DELETE FROM spg_vacuumed WHERE id % 3 = 0 OR id BETWEEN 5000 AND 9000 OR id > 18000",
                "VACUUM spg_vacuumed",
                // Most keys in one range: 1..5000, then a handful far away on both sides.
                "CREATE TABLE spg_uneven (id int8 PRIMARY KEY, name text)",
                "INSERT INTO spg_uneven SELECT g, 'n' || g FROM generate_series(1, 5000) g",
                "INSERT INTO spg_uneven VALUES (-9223372036854775808, 'min'), (9223372036854775807, 'max'),"
                        + " (1000000000000, 'far')",
                // A nullable unique key and no primary key: NULLs get their own split.
                "CREATE TABLE spg_nullkey (k int4 UNIQUE, name text)",
                "INSERT INTO spg_nullkey SELECT CASE WHEN g % 4 = 0 THEN NULL ELSE g END, 'n' || g"
                        + " FROM generate_series(1, 8000) g",
                "CREATE TABLE spg_empty " + COLUMNS,
                "CREATE TABLE spg_one " + COLUMNS,
                "INSERT INTO spg_one " + ROWS + " FROM generate_series(1, 1) g",
                "CREATE TABLE spg_parted (id int4 PRIMARY KEY, name text) PARTITION BY RANGE (id)",
                "CREATE TABLE spg_parted_a PARTITION OF spg_parted FOR VALUES FROM (MINVALUE) TO (3000)",
                "CREATE TABLE spg_parted_b PARTITION OF spg_parted FOR VALUES FROM (3000) TO (MAXVALUE)",
                "INSERT INTO spg_parted SELECT g, 'n' || g FROM generate_series(1, 6000) g",
                "CREATE TABLE spg_snap (id int4 PRIMARY KEY, name text)",
                "INSERT INTO spg_snap SELECT g, 'before' FROM generate_series(1, 10000) g",
                "CREATE TABLE spg_big (id int4 PRIMARY KEY, name text)",
                "INSERT INTO spg_big SELECT g, 'row ' || g FROM generate_series(1, 300000) g",
                "ANALYZE spg_big, spg_plain, spg_one");
        PostgresTestDatabase.execute("CREATE TABLE spg_uneven_stats AS SELECT * FROM spg_uneven",
                "ALTER TABLE spg_uneven_stats ADD PRIMARY KEY (id)", "ANALYZE spg_uneven_stats");
        connector = new SupabaseConnectorProvider().open(config);
        splits = connector.capability(SplitRead.class).orElseThrow();
        client = new PostgresClient(SupabaseSettings.from(config), "it-keys", "postgres");
        keySplits = new PostgresSplitRead(client, new PostgresExtractor(client), PostgresSplitRead.Ranges.KEY,
                PgSnapshotPlan.EXPORT);
    }

    @AfterAll
    void tearDown() {
        if (connector != null) {
            connector.close();
            client.close();
            PostgresTestDatabase.execute("DROP TABLE IF EXISTS spg_plain, spg_holes, spg_vacuumed, spg_uneven,"
                    + " spg_nullkey, spg_empty, spg_one, spg_parted, spg_snap, spg_big, spg_uneven_stats CASCADE");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void ctidSplitsReadExactlyTheRowsOfOneStream(int n) {
        Extraction table = new Extraction.Table("spg_plain");
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(n))) {
            assertThat(plan.splits()).hasSize(n);
            if (n > 1) {
                assertThat(plan.consistency()).isEqualTo(Consistency.ONE_SNAPSHOT);
                assertThat(plan.description()).contains(n + " ctid ranges of spg_plain").contains("one snapshot");
                assertThat(plan.splits().get(1).condition()).contains("ctid >= '(");
            }
            assertSameRows(table, plan);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 7})
    void keySplitsReadExactlyTheRowsOfOneStream(int n) {
        Extraction table = new Extraction.Table("spg_plain");
        try (SplitPlan plan = keySplits.plan(table, SplitRequest.exactly(n))) {
            assertThat(plan.splits()).hasSize(n);
            assertThat(plan.splits().get(0).condition()).startsWith("\"id\" < ");
            assertSameRows(table, plan);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spg_holes", "spg_vacuumed"})
    void deletedRowsAndEmptyPagesAreNeitherLostNorRepeated(String name) {
        Extraction table = new Extraction.Table(name);
        for (int n : new int[] {2, 4, 7}) {
            try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(n))) {
                assertThat(plan.splits()).hasSize(n);
                assertSameRows(table, plan);
            }
        }
        // 1..4999 and 9001..18000, less the multiples of 3
        assertThat(count(table)).isEqualTo(3333 + 6000);
    }

    @Test
    void anUnevenKeyStillSplitsIntoRangesThatHoldEveryRow() {
        Extraction table = new Extraction.Table("spg_uneven");
        for (int n : new int[] {2, 4, 7}) {
            try (SplitPlan plan = keySplits.plan(table, SplitRequest.exactly(n))) {
                assertThat(plan.splits()).hasSize(n);
                assertThat(plan.description()).contains("ranges of spg_uneven.id");
                assertSameRows(table, plan);
            }
        }
    }

    @Test
    void anAnalyzedUnevenKeyIsCutAtItsHistogramsQuantiles() {
        Extraction table = new Extraction.Table("spg_uneven_stats");
        try (SplitPlan plan = keySplits.plan(table, SplitRequest.exactly(4))) {
            assertThat(plan.description()).isEqualTo("4 ranges of spg_uneven_stats.id by its histogram in one snapshot");
            assertSameRows(table, plan);
            // Equal widths would put 5,000 of the 5,003 rows in one split; quantiles about a quarter in each.
            for (Split split : plan.splits()) {
                long rows = 0;
                try (RowStream s = splits.read(table, split)) {
                    while (s.next()) {
                        rows++;
                    }
                }
                assertThat(rows).as(split.label()).isBetween(1000L, 1500L);
            }
        }
    }

    @Test
    void aNullableKeyGetsASplitForItsNulls() {
        Extraction table = new Extraction.Table("spg_nullkey");
        for (int n : new int[] {2, 4, 7}) {
            try (SplitPlan plan = keySplits.plan(table, SplitRequest.exactly(n))) {
                assertThat(plan.splits()).hasSize(n + 1);
                assertThat(plan.splits().get(n).condition()).isEqualTo("\"k\" IS NULL");
                assertThat(plan.splits().get(n).label()).isEqualTo("k NULL");
                assertSameRows(table, plan);
            }
        }
        // ctid ranges hold the NULLs too.
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(3))) {
            assertThat(plan.description()).contains("ctid ranges");
            assertSameRows(table, plan);
        }
    }

    @Test
    void aFilterAndSelectedColumnsNarrowEverySplit() {
        Extraction table = new Extraction.Table("spg_plain", List.of("name", "k", "raw"),
                "id < 100 OR id > 19000 OR k IS NULL", 0);
        for (SplitRead read : List.of(splits, keySplits)) {
            try (SplitPlan plan = read.plan(table, SplitRequest.exactly(4))) {
                assertThat(plan.splits()).hasSize(4);
                assertSameRows(table, plan);
            }
        }
        assertThat(count(table)).isEqualTo(99 + 1000 + 2000 - 9 - 100);
    }

    @Test
    void anEmptyTableAndOneRowAreReadWhole() {
        for (String name : List.of("spg_empty", "spg_one")) {
            Extraction table = new Extraction.Table(name);
            for (int n : new int[] {2, 4, 7}) {
                try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(n))) {
                    assertSameRows(table, plan);
                }
            }
        }
        try (SplitPlan plan = splits.plan(new Extraction.Table("spg_empty"), SplitRequest.exactly(4))) {
            assertThat(plan.splits()).containsExactly(Split.WHOLE);
        }
    }

    @Test
    void aViewAQueryAndALimitAreReadAsOneStream() {
        assertWhole(new Extraction.Table("spg_view"), "a view without an integer key");
        assertWhole(new Extraction.Query("SELECT * FROM spg_plain"), "a query is read whole");
        assertWhole(new Extraction.Table("spg_plain", List.of(), "", 10), "a limit");
        assertWhole(new Extraction.Table("spg_no_such_table"), "no relation spg_no_such_table");
        try (SplitPlan plan = splits.plan(new Extraction.Table("spg_view"), SplitRequest.exactly(4))) {
            assertSameRows(new Extraction.Table("spg_view"), plan);
        }
    }

    @Test
    void aPartitionedTableIsSplitOnItsKey() {
        Extraction table = new Extraction.Table("spg_parted");
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(4))) {
            assertThat(plan.description()).startsWith("4 ranges of spg_parted.id");
            assertSameRows(table, plan);
        }
    }

    @Test
    void automaticReadsASmallTableWholeAndSplitsALargeOne() {
        assertThat(splits.plan(new Extraction.Table("spg_one"), SplitRequest.upTo(4)).description())
                .startsWith("one stream: a small table");
        try (SplitPlan plan = splits.plan(new Extraction.Table("spg_big"), SplitRequest.upTo(4))) {
            // 300,000 rows estimated: at least two splits, at most four.
            assertThat(plan.splits()).hasSizeBetween(2, 4);
        }
    }

    @Test
    void rowsWrittenAfterThePlanAreInvisibleToEverySplit() {
        Extraction table = new Extraction.Table("spg_snap");
        List<String> before = rows(table);
        List<String> beforeCsv = csv(table, before.size());
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(3))) {
            PostgresTestDatabase.execute("INSERT INTO spg_snap SELECT g, 'after' FROM generate_series(10001, 12000) g",
                    "UPDATE spg_snap SET name = 'updated' WHERE id % 5 = 0",
                    "DELETE FROM spg_snap WHERE id BETWEEN 100 AND 200");
            assertThat(plan.consistency()).isEqualTo(Consistency.ONE_SNAPSHOT);
            assertThat(readAll(table, plan, false)).isEqualTo(before);
            assertThat(readAll(table, plan, true)).isEqualTo(beforeCsv);
        }
        assertThat(rows(table)).isNotEqualTo(before).hasSize(10000 + 2000 - 101);
    }

    @Test
    void twoPlansReadAtOnceHaveRoomInThePoolForAllTheirSplits() {
        // pool_size 2: without room made per plan, the tenth connection would wait and time out.
        Extraction a = new Extraction.Table("spg_plain");
        Extraction b = new Extraction.Table("spg_nullkey");
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
                        drain(streams.get(i), i < planA.splits().size() ? rowsA : rowsB);
                    }
                } finally {
                    streams.forEach(RowStream::close);
                }
                rowsA.sort(null);
                rowsB.sort(null);
                assertThat(rowsA).isEqualTo(rows(a));
                assertThat(rowsB).isEqualTo(rows(b));
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
            Extraction table = new Extraction.Table("spg_plain", List.of("id"), "", 0);
            try (SplitPlan plan = read.plan(table, SplitRequest.exactly(2))) {
                Thread.sleep(600); // idle twice as long as the server allows
                List<String> union = new ArrayList<>();
                for (Split split : plan.splits()) {
                    try (RowStream rows = read.read(table, split)) {
                        drain(rows, union);
                    }
                }
                union.sort(null);
                assertThat(union).isEqualTo(rows(table));
            }
        }
    }

    @Test
    void aSplitOfAClosedPlanFailsNamingItsSplit() {
        Extraction table = new Extraction.Table("spg_plain");
        SplitPlan plan = splits.plan(table, SplitRequest.exactly(2));
        plan.close();
        plan.close();
        assertThatThrownBy(() -> splits.read(table, plan.splits().get(1)))
                .isInstanceOf(ExecutionFailedException.class)
                .hasMessageContaining("extracting table spg_plain, split 1 (pages ")
                .hasMessageContaining("snapshot");
    }

    @Test
    void whenTheServerRefusesToExportEachSplitReadsItsOwnSnapshot() {
        SplitRead refused = new PostgresSplitRead(client, new PostgresExtractor(client),
                PostgresSplitRead.Ranges.CTID_OR_KEY, "SELECT pg_export_snapshot_refused()");
        Extraction table = new Extraction.Table("spg_plain");
        try (SplitPlan plan = refused.plan(table, SplitRequest.exactly(4))) {
            assertThat(plan.consistency()).isEqualTo(Consistency.PER_SPLIT);
            assertThat(plan.description()).contains("each in its own snapshot");
            assertThat(plan.splits()).hasSize(4).allSatisfy(s -> assertThat(s.snapshot()).isEmpty());
            assertSameRows(table, plan);
        }
    }

    @Test
    void aSplitIsPlainDataAnotherConnectorReads() throws Exception {
        Extraction table = new Extraction.Table("spg_plain", List.of("id", "name"), "", 0);
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(2));
                Connector other = new SupabaseConnectorProvider().open(PostgresTestDatabase.config("postgres", Map.of()))) {
            SplitRead elsewhere = other.capability(SplitRead.class).orElseThrow();
            List<String> union = new ArrayList<>();
            for (Split split : plan.splits()) {
                try (RowStream rows = elsewhere.read(table, roundTrip(split))) {
                    drain(rows, union);
                }
            }
            union.sort(null);
            assertThat(union).isEqualTo(rows(table));
        }
    }

    @Test
    void cancellingASplitStopsItsQuery() {
        Extraction table = new Extraction.Table("spg_big");
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

    // ------------------------------------------------------------------ helpers

    private void assertWhole(Extraction extraction, String why) {
        try (SplitPlan plan = splits.plan(extraction, SplitRequest.exactly(4))) {
            assertThat(plan.splits()).containsExactly(Split.WHOLE);
            assertThat(plan.description()).startsWith("one stream: ").contains(why);
        }
    }

    /** Both routes: the rows of every split (all open at once) and the CSV text, against one stream. */
    private void assertSameRows(Extraction extraction, SplitPlan plan) {
        List<String> whole = rows(extraction);
        assertThat(readAll(extraction, plan, false)).isEqualTo(whole);
        assertThat(readAll(extraction, plan, true)).isEqualTo(csv(extraction, whole.size()));
    }

    private List<String> readAll(Extraction extraction, SplitPlan plan, boolean csv) {
        List<String> union = new ArrayList<>();
        if (csv) {
            for (Split split : plan.splits()) {
                union.addAll(lines(splits.csvCopy(extraction, split).orElseThrow()));
            }
        } else {
            RowSchema schema = connector.extractor().describe(extraction);
            List<RowStream> streams = new ArrayList<>();
            try {
                // All at once, as core reads them: the pool must hold every split and the snapshot.
                for (Split split : plan.splits()) {
                    streams.add(splits.read(extraction, split));
                }
                for (RowStream s : streams) {
                    assertThat(s.schema()).isEqualTo(schema);
                    drain(s, union);
                }
            } finally {
                streams.forEach(RowStream::close);
            }
        }
        union.sort(null);
        return union;
    }

    private List<String> rows(Extraction extraction) {
        List<String> rows = new ArrayList<>();
        try (RowStream s = connector.extractor().extract(extraction)) {
            drain(s, rows);
        }
        rows.sort(null);
        return rows;
    }

    private List<String> csv(Extraction extraction, int expected) {
        List<String> lines = lines(connector.capability(io.osiris.api.connector.capability.CsvExport.class)
                .orElseThrow().csvCopy(extraction).orElseThrow());
        assertThat(lines).hasSize(expected);
        lines.sort(null);
        return lines;
    }

    private long count(Extraction extraction) {
        return rows(extraction).size();
    }

    private static List<String> lines(CsvCopy copy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = copy.writeTo(out);
        String text = out.toString(StandardCharsets.UTF_8);
        List<String> lines = text.isEmpty() ? new ArrayList<>() : new ArrayList<>(Arrays.asList(text.split("\n")));
        assertThat(lines).hasSize((int) n);
        return lines;
    }

    private static void drain(RowStream s, List<String> into) {
        int n = s.schema().size();
        while (s.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Object v = s.get(i);
                row.append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v)).append('|');
            }
            into.add(row.toString());
        }
    }

    private static Split roundTrip(Split split) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(split);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Split) in.readObject();
        }
    }
}
