package io.osiris.connector.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.TestAbortedException;

/**
 * The rows of a split extraction are exactly the rows of the single stream, as a multiset and
 * with the same schema, through {@code read} and through {@code csvCopy}, for every kind of key
 * and 1, 2, 4 and 7 splits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MySqlSplitReadIT {
    private final MySqlTestDatabase db = new MySqlTestDatabase();
    private Connector connector;
    private SplitRead splits;
    private String unavailable;

    @BeforeAll
    void open() {
        try {
            connector = new MySqlConnectorProvider().open(db.config("splits"));
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

    static Stream<Arguments> extractions() {
        List<Extraction> extractions = List.of(
                new Extraction.Table("smy_int"),
                new Extraction.Table("smy_nullkey"),
                new Extraction.Table("smy_uneven"),
                new Extraction.Table("smy_dates"),
                new Extraction.Table("smy_times"),
                new Extraction.Table("smy_empty"),
                new Extraction.Table("smy_one"),
                new Extraction.Table("smy_int", List.of("data", "name", "id"), "id % 3 = 0 OR name IS NULL", 0),
                new Extraction.Table("smy_nullkey", List.of("v", "k"), "k > 100 OR v LIKE 'x1%'", 0));
        return extractions.stream().flatMap(e -> Stream.of(1, 2, 4, 7).map(n -> Arguments.of(e, n)));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("extractions")
    void splitReadsTogetherAreTheSingleStream(Extraction extraction, int n) {
        List<String> single = SplitFixture.sorted(SplitFixture.rows(connector.extractor().extract(extraction)));
        RowSchema schema;
        try (RowStream stream = connector.extractor().extract(extraction)) {
            schema = stream.schema();
        }
        try (SplitPlan plan = splits.plan(extraction, SplitRequest.exactly(n))) {
            assertThat(plan.splits()).isNotEmpty();
            if (n > 1 && single.size() > 1000) {
                // As many as asked where the key allows it (one more for a nullable key's NULLs).
                assertThat(plan.splits().size()).as(plan.description()).isBetween(n, n + 1);
                assertThat(plan.consistency()).isEqualTo(SplitPlan.Consistency.PER_SPLIT);
            }
            for (var split : plan.splits()) {
                try (RowStream stream = splits.read(extraction, split)) {
                    assertThat(stream.schema()).as(split.label()).isEqualTo(schema);
                }
            }
        }
        try (SplitPlan plan = splits.plan(extraction, SplitRequest.exactly(n))) {
            List<List<String>> parts = SplitFixture.readSplits(splits, extraction, plan);
            assertThat(SplitFixture.union(parts)).as(plan.description()).isEqualTo(single);
        }
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("extractions")
    void splitCopiesTogetherAreTheSingleCopy(Extraction extraction, int n) {
        CsvExport export = connector.capability(CsvExport.class).orElseThrow();
        var whole = export.csvCopy(extraction).orElseThrow();
        List<String> single = SplitFixture.sorted(SplitFixture.lines(whole));
        try (SplitPlan plan = splits.plan(extraction, SplitRequest.exactly(n))) {
            for (var split : plan.splits()) {
                assertThat(splits.csvCopy(extraction, split).orElseThrow().schema()).isEqualTo(whole.schema());
            }
            List<List<String>> parts = SplitFixture.copySplits(splits, extraction, plan);
            assertThat(SplitFixture.union(parts)).as(plan.description()).isEqualTo(single);
        }
    }
}
