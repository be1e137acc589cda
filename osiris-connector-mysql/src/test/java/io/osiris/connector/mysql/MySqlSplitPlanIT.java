package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowStream;
import java.io.ByteArrayOutputStream;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/** How the mysql connector plans splits: which key, how many, how even, what each split sees. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlSplitPlanIT {
    private final MySqlTestDatabase db = new MySqlTestDatabase();
    private Connector connector;
    private SplitRead splits;
    private String unavailable;

    @BeforeAll
    void open() {
        try {
            connector = new MySqlConnectorProvider().open(db.config("split-plans"));
        } catch (TestAbortedException e) {
            unavailable = e.getMessage();
            return;
        }
        SplitFixture.create(db);
        splits = connector.capability(SplitRead.class).orElseThrow();
    }

    @BeforeEach
    void skipWithoutDatabase() {
        if (unavailable != null) {
            Assumptions.abort(unavailable);
        }
    }

    @AfterAll
    void close() throws SQLException {
        if (connector != null) {
            connector.close();
        }
        db.close();
    }

    @Test
    void theProviderListsSplitRead() {
        assertThat(new MySqlConnectorProvider().capabilities()).contains(SplitRead.class);
    }

    @Test
    void anIntegerPrimaryKeyIsCutIntoHalfOpenRangesOpenAtBothEnds() {
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_int"), SplitRequest.exactly(4))) {
            List<Split> s = plan.splits();
            assertThat(s).hasSize(4);
            assertThat(s.get(0).condition()).matches("`id` < -?\\d+");
            assertThat(s.get(1).condition()).matches("`id` >= -?\\d+ AND `id` < -?\\d+");
            assertThat(s.get(3).condition()).matches("`id` >= -?\\d+");
            assertThat(s).extracting(Split::index).containsExactly(0, 1, 2, 3);
            assertThat(s).allSatisfy(split -> assertThat(split.snapshot()).isEmpty());
            assertThat(plan.consistency()).isEqualTo(SplitPlan.Consistency.PER_SPLIT);
            assertThat(plan.description()).contains("4 ranges of smy_int.id");
        }
    }

    @Test
    void aNullableKeyGetsASplitOfItsNulls() {
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_nullkey"), SplitRequest.exactly(3))) {
            assertThat(plan.splits().get(plan.splits().size() - 1).condition()).isEqualTo("`k` IS NULL");
            assertThat(plan.splits().get(0).label()).startsWith("k < ");
        }
    }

    @Test
    void dateAndTimestampKeysAreCutAtRenderedLiterals() {
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_dates"), SplitRequest.exactly(2))) {
            assertThat(plan.splits().get(0).condition()).matches("`day` < '\\d{4}-\\d\\d-\\d\\d'");
        }
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_times"), SplitRequest.exactly(2))) {
            assertThat(plan.splits().get(0).condition()).matches("`at` < '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d'");
        }
    }

    /** Equal-width ranges would put about 92% of the rows in the first of four. */
    @Test
    void anUnevenKeyStillGetsRangesOfSimilarSize() {
        Extraction uneven = new Extraction.Table("smy_uneven");
        try (SplitPlan plan = splits.plan(uneven, SplitRequest.exactly(4))) {
            List<Integer> sizes = SplitFixture.readSplits(splits, uneven, plan).stream().map(List::size).toList();
            System.out.println("smy_uneven, 20000 rows (90% in 0.9% of the key range), 4 splits: " + sizes);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(20_000);
            assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(2_500, 8_000));
        }
    }

    @Test
    void aCompositeKeyIsSplitOnItsFirstColumnWhenItIsSelective() {
        db.execute("DROP TABLE IF EXISTS smy_composite");
        db.execute("CREATE TABLE smy_composite (a INT NOT NULL, b INT NOT NULL, PRIMARY KEY (a, b))");
        db.execute("INSERT INTO smy_composite SELECT n DIV 4, n % 4 FROM " + SplitFixture.NUMBERS + " WHERE n < 8000");
        db.execute("ANALYZE TABLE smy_composite");
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_composite"), SplitRequest.exactly(3))) {
            assertThat(plan.splits()).hasSize(3);
            assertThat(plan.splits().get(0).condition()).startsWith("`a` < ");
        }
    }

    /** Zero dates sort below every date; unsigned keys reach 2^64 - 1: both stay in their ranges. */
    @Test
    void zeroDatesAndTheWholeUnsignedRangeAreSplitExactly() throws SQLException {
        db.execute("DROP TABLE IF EXISTS smy_zero");
        // A composite key whose first column has three values: the DATETIME index is the key.
        db.execute("CREATE TABLE smy_zero (code INT NOT NULL, n INT NOT NULL, at DATETIME NOT NULL,"
                + " PRIMARY KEY (code, n), KEY at_idx (at))");
        db.executeWithoutSqlMode("INSERT INTO smy_zero SELECT n % 3, n, IF(n % 10 = 0, '0000-00-00 00:00:00',"
                + " TIMESTAMP '2010-01-01 00:00:00' + INTERVAL n HOUR) FROM " + SplitFixture.NUMBERS + " WHERE n < 3000");
        db.execute("ANALYZE TABLE smy_zero");
        db.execute("DROP TABLE IF EXISTS smy_unsigned");
        db.execute("CREATE TABLE smy_unsigned (id BIGINT UNSIGNED PRIMARY KEY, v INT NOT NULL)");
        db.execute("INSERT INTO smy_unsigned SELECT CAST(n AS UNSIGNED) * 6148914691236517, n FROM " + SplitFixture.NUMBERS
                + " WHERE n < 3000");
        db.execute("INSERT INTO smy_unsigned VALUES (18446744073709551615, -1), (9223372036854775808, -2)");
        for (String table : List.of("smy_zero", "smy_unsigned")) {
            Extraction extraction = new Extraction.Table(table);
            List<String> single = SplitFixture.sorted(SplitFixture.rows(connector.extractor().extract(extraction)));
            try (SplitPlan plan = splits.plan(extraction, SplitRequest.exactly(3))) {
                assertThat(plan.splits()).as(plan.description()).hasSize(3);
                assertThat(plan.description()).contains(table.equals("smy_zero") ? "smy_zero.at" : "smy_unsigned.id");
                assertThat(SplitFixture.union(SplitFixture.readSplits(splits, extraction, plan))).as(plan.description())
                        .isEqualTo(single);
            }
        }
    }

    @Test
    void aTableWithoutAUsableKeyIsOneStream() {
        db.execute("DROP TABLE IF EXISTS smy_nokey");
        db.execute("CREATE TABLE smy_nokey (code VARCHAR(10) PRIMARY KEY, status INT NOT NULL, KEY (status))");
        db.execute("INSERT INTO smy_nokey SELECT CONCAT('c', n), n % 2 FROM " + SplitFixture.NUMBERS + " WHERE n < 2000");
        db.execute("ANALYZE TABLE smy_nokey");
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_nokey"), SplitRequest.exactly(4))) {
            assertThat(plan.splits()).containsExactly(Split.WHOLE);
            assertThat(plan.description()).contains("no integer or date key");
        }
    }

    @Test
    void queriesLimitsViewsAndSmallTablesAreOneStream() {
        db.execute("CREATE OR REPLACE VIEW smy_view AS SELECT * FROM smy_int");
        assertThat(single(new Extraction.Query("SELECT * FROM smy_int"), SplitRequest.exactly(4)))
                .contains("query");
        assertThat(single(new Extraction.Table("smy_int", List.of(), "", 10), SplitRequest.exactly(4)))
                .contains("limit");
        assertThat(single(new Extraction.Table("smy_view"), SplitRequest.exactly(4))).contains("not a base table");
        assertThat(single(new Extraction.Table("smy_int"), SplitRequest.upTo(4))).contains("too few to split");
        assertThat(single(new Extraction.Table("smy_empty"), SplitRequest.exactly(4))).contains("too few values");
        assertThat(single(new Extraction.Table("smy_one"), SplitRequest.exactly(4))).contains("too few values");
        assertThat(single(new Extraction.Table("smy_int"), SplitRequest.exactly(1))).contains("parallelism 1");
    }

    private String single(Extraction extraction, SplitRequest request) {
        try (SplitPlan plan = splits.plan(extraction, request)) {
            assertThat(plan.splits()).containsExactly(Split.WHOLE);
            try (RowStream whole = splits.read(extraction, Split.WHOLE)) {
                assertThat(whole.schema().size()).isPositive();
            }
            return plan.description();
        }
    }

    @Test
    void automaticSplitsATableByItsSize() {
        db.execute("DROP TABLE IF EXISTS smy_big");
        db.execute("CREATE TABLE smy_big (id INT PRIMARY KEY, v INT NOT NULL)");
        for (int block = 0; block < 6; block++) {
            db.execute("INSERT INTO smy_big SELECT n + " + block * 100_000 + ", n FROM " + SplitFixture.NUMBERS);
        }
        db.execute("ANALYZE TABLE smy_big");
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_big"), SplitRequest.upTo(8))) {
            // About 600,000 rows: one split per 250,000.
            assertThat(plan.splits()).hasSize(2);
        }
        try (SplitPlan plan = splits.plan(new Extraction.Table("smy_big"), SplitRequest.upTo(1))) {
            assertThat(plan.splits()).containsExactly(Split.WHOLE);
        }
    }

    /** The transactions start when the plan is made, so rows written after it are in no split. */
    @Test
    void everySplitReadsTheTableAsItWasWhenThePlanWasMade() {
        db.execute("DROP TABLE IF EXISTS smy_moving");
        db.execute("CREATE TABLE smy_moving (id INT PRIMARY KEY, v INT NOT NULL)");
        db.execute("INSERT INTO smy_moving SELECT n, n FROM " + SplitFixture.NUMBERS + " WHERE n < 4000");
        Extraction moving = new Extraction.Table("smy_moving");
        try (SplitPlan plan = splits.plan(moving, SplitRequest.exactly(4))) {
            db.execute("INSERT INTO smy_moving SELECT n, n FROM " + SplitFixture.NUMBERS
                    + " WHERE n BETWEEN 4000 AND 4999");
            db.execute("UPDATE smy_moving SET v = -1 WHERE id < 100");
            db.execute("DELETE FROM smy_moving WHERE id BETWEEN 3000 AND 3099");
            List<String> rows = SplitFixture.union(SplitFixture.readSplits(splits, moving, plan));
            assertThat(rows).hasSize(4000).noneMatch(r -> r.endsWith("Integer:-1"));
        }
        // A split read with no transaction waiting (another JVM's, or read twice) starts its own.
        try (SplitPlan plan = splits.plan(moving, SplitRequest.exactly(2))) {
            Split last = plan.splits().get(1);
            SplitFixture.rows(splits.read(moving, last));
            assertThat(SplitFixture.union(List.of(SplitFixture.rows(splits.read(moving, plan.splits().get(0))),
                    SplitFixture.rows(splits.read(moving, last))))).hasSize(4900);
        }
    }

    @Test
    void aSplitStreamClosedEarlyOrACancelledCopyStopsAndTheOthersStillRead() {
        Extraction table = new Extraction.Table("smy_int");
        try (SplitPlan plan = splits.plan(table, SplitRequest.exactly(2))) {
            try (RowStream first = splits.read(table, plan.splits().get(0))) {
                for (int i = 0; i < 10; i++) {
                    assertThat(first.next()).isTrue();
                }
            }
            CsvCopy copy = splits.csvCopy(table, plan.splits().get(1)).orElseThrow();
            copy.cancel();
            assertThatThrownBy(() -> copy.writeTo(new ByteArrayOutputStream()))
                    .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("cancelled");
            assertThat(SplitFixture.rows(splits.read(table, plan.splits().get(1)))).hasSizeGreaterThan(5_000);
        }
    }

    @Test
    void closingAPlanTwiceIsHarmlessAndItsSplitsStayReadable() {
        Extraction table = new Extraction.Table("smy_nullkey");
        SplitPlan plan = splits.plan(table, SplitRequest.exactly(2));
        plan.close();
        plan.close();
        assertThat(SplitFixture.union(SplitFixture.readSplits(splits, table, plan))).hasSize(20_000);
    }
}
