package io.osiris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.Split;
import io.osiris.api.connector.capability.SplitPlan;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.connector.capability.SplitRequest;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The split part of the contract, for a connector that offers {@link SplitRead}: whatever the
 * plan, the rows of all its splits are exactly the rows of the unsplit extraction, as a multiset
 * (read with {@link SplitRead#read} and, where offered, as bulk CSV with
 * {@link SplitRead#csvCopy}); on a table with NULL keys, with most rows in one key range, empty,
 * of one row, filtered by a {@code where}, narrowed to columns without the key; for 1, 2, 4 and 7
 * splits. Splits are plain data (read from a second connection after serialisation) and may be
 * read on several threads at once. A connector without {@link SplitRead} skips these checks.
 *
 * <p>The fixtures ({@link #createSplitTable}) are tables of {@code id BIGINT, k BIGINT, name
 * VARCHAR(40), amount INTEGER}: {@link #SPLIT_KEYED} with the primary key {@code id} (950 ids
 * from 1, 50 from 10,000,000, so a range planner finds most rows in its first range),
 * {@link #SPLIT_NOKEY} without a primary key but with an index on the nullable {@code k} (a third
 * of it NULL, and one row three times), {@link #SPLIT_EMPTY} and {@link #SPLIT_ONE}.
 */
public abstract class SplitReadChecks extends ConfigurationChecks {
    /** The keyed fixture with an uneven key distribution. */
    protected static final String SPLIT_KEYED = PREFIX + "split_keyed";
    /** The fixture without a primary key, whose indexed {@code k} holds NULLs. */
    protected static final String SPLIT_NOKEY = PREFIX + "split_nokey";
    /** The keyed fixture without rows. */
    protected static final String SPLIT_EMPTY = PREFIX + "split_empty";
    /** The keyed fixture of one row. */
    protected static final String SPLIT_ONE = PREFIX + "split_one";

    private boolean fixturesMade;

    SplitReadChecks() {
    }

    /**
     * Creates {@code table} as {@code id BIGINT, k BIGINT, name VARCHAR(40), amount INTEGER}, with
     * {@code PRIMARY KEY (id)} when {@code keyed} and an index on {@code k} either way, holding
     * {@code rows} (each {@code [Long id, Long k, String name, Integer amount]}, nulls allowed
     * except a keyed id). The default runs DDL and multi-row {@code INSERT}s through
     * {@link #execute(String)}; a connector without SQL makes the table its own way.
     */
    protected void createSplitTable(String table, boolean keyed, List<List<Object>> rows) {
        dropTable(table);
        execute("CREATE TABLE " + q(table) + " (id BIGINT" + (keyed ? " NOT NULL PRIMARY KEY" : "")
                + ", k BIGINT, name VARCHAR(40), amount INTEGER)");
        execute("CREATE INDEX " + q(table + "_k") + " ON " + q(table) + " (k)");
        for (int from = 0; from < rows.size(); from += 500) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + q(table) + " (id, k, name, amount) VALUES ");
            for (int i = from; i < Math.min(rows.size(), from + 500); i++) {
                List<Object> r = rows.get(i);
                sql.append(i == from ? "" : ", ").append('(').append(r.get(0)).append(", ").append(r.get(1))
                        .append(", ").append(r.get(2) == null ? "NULL" : "'" + r.get(2) + "'").append(", ")
                        .append(r.get(3)).append(')');
            }
            execute(sql.toString());
        }
    }

    /** The rows of {@link #SPLIT_KEYED}. */
    static List<List<Object>> keyedRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 1; id <= 950; id++) {
            rows.add(fixtureRow(id, id % 13 == 0 ? null : id % 97));
        }
        for (long id = 10_000_000; id < 10_000_050; id++) {
            rows.add(fixtureRow(id, id % 97));
        }
        return rows;
    }

    /** The rows of {@link #SPLIT_NOKEY}: k NULL on a third, one row three times. */
    static List<List<Object>> noKeyRows() {
        List<List<Object>> rows = new ArrayList<>();
        for (long id = 1; id <= 600; id++) {
            rows.add(fixtureRow(id, id % 3 == 0 ? null : id * 7));
        }
        rows.add(fixtureRow(5, 35L));
        rows.add(fixtureRow(5, 35L));
        rows.add(fixtureRow(601, null));
        return rows;
    }

    private static List<Object> fixtureRow(long id, Long k) {
        return Arrays.asList(id, k, id % 11 == 0 ? null : "row " + id, (int) (id % 100));
    }

    private void createSplitFixtures() {
        if (!fixturesMade) {
            createSplitTable(SPLIT_KEYED, true, keyedRows());
            createSplitTable(SPLIT_NOKEY, false, noKeyRows());
            createSplitTable(SPLIT_EMPTY, true, List.of());
            createSplitTable(SPLIT_ONE, true, List.of(fixtureRow(42, 4L)));
            fixturesMade = true;
        }
    }

    private SplitRead splitRead() {
        Optional<SplitRead> split = connector().capability(SplitRead.class);
        assumeTrue(split.isPresent(), "connector does not offer SplitRead");
        return split.get();
    }

    static Stream<Arguments> splitCases() {
        List<String> cases = List.of("keyed", "nokey", "where", "columns", "empty", "one");
        return cases.stream().flatMap(c -> Stream.of(1, 2, 4, 7).map(n -> Arguments.of(c, n)));
    }

    private Extraction extraction(String scenario) {
        return switch (scenario) {
            case "keyed" -> new Extraction.Table(tableRef(SPLIT_KEYED));
            case "nokey" -> new Extraction.Table(tableRef(SPLIT_NOKEY));
            // An OR, so a split condition joined without parentheses would change the rows.
            case "where" -> new Extraction.Table(tableRef(SPLIT_KEYED), List.of(), "amount < 30 OR name IS NULL", 0);
            // Without the key column, in another order.
            case "columns" -> new Extraction.Table(tableRef(SPLIT_NOKEY), List.of("name", "amount"), "", 0);
            case "empty" -> new Extraction.Table(tableRef(SPLIT_EMPTY));
            case "one" -> new Extraction.Table(tableRef(SPLIT_ONE));
            default -> throw new IllegalArgumentException(scenario);
        };
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource("splitCases")
    void theSplitsTogetherReadExactlyTheRowsOfTheWholeExtraction(String scenario, int parallelism) {
        SplitRead splitRead = splitRead();
        assumeTrue(!scenario.equals("where") || hasBehavior(Behavior.WHERE_FILTER), "connector does not filter");
        createSplitFixtures();
        Extraction extraction = extraction(scenario);
        RowStream whole = connector().extractor().extract(extraction);
        RowSchema schema = whole.schema();
        List<String> expected = rendered(Values.readAll(whole));
        try (SplitPlan plan = splitRead.plan(extraction, SplitRequest.exactly(parallelism))) {
            List<Split> splits = plan.splits();
            assertWellFormed(plan, parallelism);
            List<String> actual = new ArrayList<>();
            for (Split split : splits) {
                RowStream rows = splitRead.read(extraction, split);
                assertThat(rows.schema()).as("schema of split %s", split.label()).isEqualTo(schema);
                actual.addAll(rendered(Values.readAll(rows)));
            }
            assertThat(sorted(actual)).as("rows of the %d splits of %s (%s)", splits.size(), scenario,
                    plan.description()).isEqualTo(sorted(expected));
            assertCsvCopiesMatch(splitRead, extraction, splits);
        }
    }

    @Test
    void aKeyedTableAskedForFourSplitsIsSplit() {
        SplitRead splitRead = splitRead();
        createSplitFixtures();
        try (SplitPlan plan = splitRead.plan(new Extraction.Table(tableRef(SPLIT_KEYED)), SplitRequest.exactly(4))) {
            assertWellFormed(plan, 4);
            assertThat(plan.splits()).as("splits of a keyed table of 1000 rows (%s)", plan.description())
                    .hasSizeGreaterThan(1);
        }
    }

    @Test
    void anAutomaticPlanReadsExactlyTheRowsOfTheWholeExtraction() {
        SplitRead splitRead = splitRead();
        createSplitFixtures();
        Extraction extraction = new Extraction.Table(tableRef(SPLIT_KEYED));
        List<String> expected = rendered(Values.readAll(connector().extractor().extract(extraction)));
        try (SplitPlan plan = splitRead.plan(extraction, SplitRequest.upTo(4))) {
            assertWellFormed(plan, 4);
            List<String> actual = new ArrayList<>();
            for (Split split : plan.splits()) {
                actual.addAll(rendered(Values.readAll(splitRead.read(extraction, split))));
            }
            assertThat(sorted(actual)).isEqualTo(sorted(expected));
        }
    }

    @Test
    void splitsReadOnSeveralThreadsAtOnceReadTheWholeExtraction() throws Exception {
        SplitRead splitRead = splitRead();
        createSplitFixtures();
        Extraction extraction = new Extraction.Table(tableRef(SPLIT_NOKEY));
        List<String> expected = rendered(Values.readAll(connector().extractor().extract(extraction)));
        try (SplitPlan plan = splitRead.plan(extraction, SplitRequest.exactly(4))) {
            ExecutorService pool = Executors.newFixedThreadPool(plan.splits().size());
            try {
                List<Future<List<String>>> parts = new ArrayList<>();
                for (Split split : plan.splits()) {
                    parts.add(pool.submit(() -> rendered(Values.readAll(splitRead.read(extraction, split)))));
                }
                List<String> actual = new ArrayList<>();
                for (Future<List<String>> part : parts) {
                    actual.addAll(part.get());
                }
                assertThat(sorted(actual)).isEqualTo(sorted(expected));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void splitsAreSerialisableDataThatAnotherConnectionReads() throws Exception {
        splitRead();
        createSplitFixtures();
        Extraction extraction = new Extraction.Table(tableRef(SPLIT_KEYED));
        List<String> expected = rendered(Values.readAll(connector().extractor().extract(extraction)));
        ConnectorConfig config = connectorConfig();
        try (SplitPlan plan = splitRead().plan(extraction, SplitRequest.exactly(2));
                Connector other = provider(config.type()).open(config)) {
            SplitRead elsewhere = other.capability(SplitRead.class).orElseThrow();
            List<String> actual = new ArrayList<>();
            for (Split split : plan.splits()) {
                Split copy = roundTrip(split);
                assertThat(copy).isEqualTo(split);
                actual.addAll(rendered(Values.readAll(elsewhere.read(extraction, copy))));
            }
            assertThat(sorted(actual)).isEqualTo(sorted(expected));
        }
    }

    @Test
    void planningAMissingTableFailsNamingIt() {
        SplitRead splitRead = splitRead();
        assertThatThrownBy(() -> {
            try (SplitPlan plan = splitRead.plan(new Extraction.Table(PREFIX + "split_missing"),
                    SplitRequest.exactly(2))) {
                for (Split split : plan.splits()) {
                    Values.readAll(splitRead.read(new Extraction.Table(PREFIX + "split_missing"), split));
                }
            }
        }).isInstanceOf(OsirisException.class).hasMessageContaining(PREFIX + "split_missing");
    }

    @Test
    void closingAPlanTwiceIsHarmless() {
        SplitRead splitRead = splitRead();
        createSplitFixtures();
        SplitPlan plan = splitRead.plan(new Extraction.Table(tableRef(SPLIT_KEYED)), SplitRequest.exactly(2));
        plan.close();
        plan.close();
    }

    private static void assertWellFormed(SplitPlan plan, int parallelism) {
        List<Split> splits = plan.splits();
        assertThat(splits).as("splits of %s", plan.description()).isNotEmpty().hasSizeLessThanOrEqualTo(
                // A NULL-key split may come beside the requested ranges.
                parallelism + 1);
        for (int i = 0; i < splits.size(); i++) {
            assertThat(splits.get(i).index()).as("index of split %d", i).isEqualTo(i);
            assertThat(splits.get(i).snapshot()).as("snapshot of split %d", i).isEqualTo(splits.get(0).snapshot());
        }
        if (parallelism == 1) {
            assertThat(splits).as("a request for one split").hasSize(1);
        }
        assertThat(plan.description()).isNotBlank();
        assertThat(plan.consistency()).isNotNull();
    }

    /** Where the source copies splits as bulk CSV, their lines together are the whole copy's. */
    private void assertCsvCopiesMatch(SplitRead splitRead, Extraction extraction, List<Split> splits) {
        Optional<CsvExport> export = connector().capability(CsvExport.class);
        List<String> lines = new ArrayList<>();
        for (Split split : splits) {
            Optional<CsvCopy> copy = splitRead.csvCopy(extraction, split);
            if (copy.isEmpty()) {
                return;
            }
            lines.addAll(csvLines(copy.get()));
        }
        if (export.isEmpty()) {
            return;
        }
        Optional<CsvCopy> whole = export.get().csvCopy(extraction);
        if (whole.isPresent()) {
            assertThat(sorted(lines)).as("CSV lines of the splits").isEqualTo(sorted(csvLines(whole.get())));
        }
    }

    private static List<String> csvLines(CsvCopy copy) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = copy.writeTo(out);
        String text = out.toString(StandardCharsets.UTF_8);
        // The fixtures hold no line break inside a value, so a line is a row.
        List<String> lines = text.isEmpty() ? List.of() : List.of(text.split("\n"));
        assertThat(lines).as("lines of a CSV copy that says it wrote %d rows", written).hasSize((int) written);
        return lines;
    }

    private static List<String> rendered(List<List<Object>> rows) {
        List<String> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            StringBuilder line = new StringBuilder();
            for (Object value : row) {
                line.append(Values.describe(value)).append(" | ");
            }
            out.add(line.toString());
        }
        return out;
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }

    private static Split roundTrip(Split split) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(split);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (Split) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}
