package io.osiris.connector.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitPlan.Consistency;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The union of a table's splits is exactly (as a multiset) what one stream reads, through
 * {@code read} and {@code csvCopy}, for ctid and key ranges, and which tables are read whole.
 * The snapshot, the pool and cancellation: {@link PostgresSplitSnapshotIT}.
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
    private SplitRows compare;

    @BeforeAll
    void setUp() {
        ConnectorConfig config = PostgresTestDatabase.config("postgres", Map.of());
        PostgresTestDatabase.execute(
                "DROP TABLE IF EXISTS spg_plain, spg_holes, spg_vacuumed, spg_uneven, spg_nullkey, spg_empty, spg_one,"
                        + " spg_parted, spg_big, spg_uneven_stats CASCADE",
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
        compare = new SplitRows(connector, splits);
    }

    @AfterAll
    void tearDown() {
        if (connector != null) {
            connector.close();
            client.close();
            PostgresTestDatabase.execute("DROP TABLE IF EXISTS spg_plain, spg_holes, spg_vacuumed, spg_uneven,"
                    + " spg_nullkey, spg_empty, spg_one, spg_parted, spg_big, spg_uneven_stats CASCADE");
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
            compare.assertSameRows(table, plan);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4, 7})
    void keySplitsReadExactlyTheRowsOfOneStream(int n) {
        Extraction table = new Extraction.Table("spg_plain");
        try (SplitPlan plan = keySplits.plan(table, SplitRequest.exactly(n))) {
            assertThat(plan.splits()).hasSize(n);
            assertThat(plan.splits().get(0).condition()).startsWith("\"id\" < ");
            compare.assertSameRows(table, plan);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spg_holes", "spg_vacuumed"})
    void deletedRowsAndEmptyPagesAreNeitherLostNorRepeated(String name) {
        Extraction table = new Extraction.Table(name);
        for (int n : new int[] {2, 4, 7}) {
            try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(n))) {
                assertThat(plan.splits()).hasSize(n);
                compare.assertSameRows(table, plan);
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
                compare.assertSameRows(table, plan);
            }
        }
    }

    @Test
    void anAnalyzedUnevenKeyIsCutAtItsHistogramsQuantiles() {
        Extraction table = new Extraction.Table("spg_uneven_stats");
        try (SplitPlan plan = keySplits.plan(table, SplitRequest.exactly(4))) {
            assertThat(plan.description()).isEqualTo("4 ranges of spg_uneven_stats.id by its histogram in one snapshot");
            compare.assertSameRows(table, plan);
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
                compare.assertSameRows(table, plan);
            }
        }
        // ctid ranges hold the NULLs too.
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(3))) {
            assertThat(plan.description()).contains("ctid ranges");
            compare.assertSameRows(table, plan);
        }
    }

    @Test
    void aFilterAndSelectedColumnsNarrowEverySplit() {
        Extraction table = new Extraction.Table("spg_plain", List.of("name", "k", "raw"),
                "id < 100 OR id > 19000 OR k IS NULL", 0);
        for (SplitRead read : List.of(splits, keySplits)) {
            try (SplitPlan plan = read.plan(table, SplitRequest.exactly(4))) {
                assertThat(plan.splits()).hasSize(4);
                compare.assertSameRows(table, plan);
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
                    compare.assertSameRows(table, plan);
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
            compare.assertSameRows(new Extraction.Table("spg_view"), plan);
        }
    }

    @Test
    void aPartitionedTableIsSplitOnItsKey() {
        Extraction table = new Extraction.Table("spg_parted");
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(4))) {
            assertThat(plan.description()).startsWith("4 ranges of spg_parted.id");
            compare.assertSameRows(table, plan);
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

    /**
     * A table larger than a quarter of {@code shared_buffers} is split into ctid ranges that the
     * server reads by sequential scans, and the rows are still exactly one stream's. A low
     * fillfactor spreads few rows over many pages, whatever the server's buffers.
     */
    @Test
    void aTableBeyondAQuarterOfSharedBuffersIsReadBySequentialScans() throws SQLException {
        long pages = Long.parseLong(PostgresTestDatabase.texts(
                "SELECT setting FROM pg_settings WHERE name = 'shared_buffers'").get(0)) / 4 + 500;
        Assumptions.assumeTrue(pages <= 70_000, "shared_buffers above 512 MB: the table would take too long to make");
        PostgresTestDatabase.execute("DROP TABLE IF EXISTS spg_wide",
                "CREATE TABLE spg_wide (id int4 PRIMARY KEY, name text) WITH (fillfactor = 10)",
                // About 8 rows of ~100 bytes on a page filled to 10%.
                "INSERT INTO spg_wide SELECT g, repeat('w', 90) || g FROM generate_series(1, " + pages * 8 + ") g",
                "ANALYZE spg_wide");
        try {
            Extraction table = new Extraction.Table("spg_wide");
            for (int n : new int[] {2, 4}) {
                try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(n))) {
                    assertThat(plan.description()).contains(n + " ctid ranges of spg_wide").contains("sequential scan");
                    assertThat(plan.splits().get(1).condition()).startsWith("tidge(ctid, '(");
                    assertThat(explain("spg_wide", plan.splits().get(1).condition())).contains("Seq Scan")
                            .doesNotContain("Tid Range Scan");
                    compare.assertSameRows(table, plan);
                }
            }
            // Many splits of it: each would pass over every page, so TID range scans read it.
            try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(8))) {
                assertThat(plan.description()).doesNotContain("sequential scan");
                assertThat(explain("spg_wide", plan.splits().get(1).condition())).contains("Tid Range Scan");
            }
        } finally {
            PostgresTestDatabase.execute("DROP TABLE IF EXISTS spg_wide");
        }
    }

    /**
     * Each split, whether read as rows or as CSV, scans without synchronized scans, so splits
     * that start together keep their own rings; one stream keeps the server's setting. The filter
     * lets through only the rows of a read where the setting is off.
     */
    @Test
    void splitsScanWithoutSynchronizedScansAndOneStreamKeepsTheServersSetting() throws SQLException {
        Assumptions.assumeTrue(PostgresTestDatabase.texts("SHOW synchronize_seqscans").get(0).equals("on"),
                "the server's synchronize_seqscans is off");
        Extraction filtered = new Extraction.Table("spg_plain", List.of("id"),
                "current_setting('synchronize_seqscans') = 'off'", 0);
        assertThat(count(filtered)).isZero();
        try (SplitPlan plan = splits.plan(filtered, SplitRequest.exactly(3))) {
            assertThat(compare.readAll(filtered, plan, false)).hasSize(20000);
            assertThat(compare.readAll(filtered, plan, true)).hasSize(20000);
        }
    }

    private static String explain(String table, String condition) throws SQLException {
        return String.join("\n", PostgresTestDatabase.texts("EXPLAIN SELECT * FROM " + table + " WHERE " + condition));
    }

    private void assertWhole(Extraction extraction, String why) {
        try (SplitPlan plan = splits.plan(extraction, SplitRequest.exactly(4))) {
            assertThat(plan.splits()).containsExactly(Split.WHOLE);
            assertThat(plan.description()).startsWith("one stream: ").contains(why);
        }
    }

    private long count(Extraction extraction) {
        return compare.rows(extraction).size();
    }
}
