package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Incremental;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An extract step's {@code incremental:}: read into the model, written back, and each mistake
 * reported with its line.
 */
class IncrementalValidationTest {
    private static final PipelineParser PARSER = new PipelineParser(Set.of("mysql", "supabase"));

    /** A pipeline whose extract's incremental lines start at line 7, and whose load is the given lines. */
    private static String pipeline(String incremental, String load) {
        return """
                # osiris-pipeline-v2
                name: orders_sync
                extract:
                  - id: orders
                    source: mysql
                    table: orders
                %s
                transform:
                  - id: recent
                    sql: SELECT * FROM orders
                load:
                %s
                """.formatted(incremental.indent(4).stripTrailing(), load.indent(2).stripTrailing());
    }

    private static final String UPSERT = """
            - id: save
              from: orders
              to: supabase
              table: orders
              mode: upsert
              primary_key: [id]
            """;

    @Test
    void everyKeyIsReadIntoTheModel() {
        Pipeline p = PARSER.parse(pipeline("""
                incremental:
                  cursor: updated_at
                  lookback: 10m
                  initial: "2024-01-01 08:00:00.123456"
                  nulls: exclude
                """, UPSERT), "p.yaml");

        assertThat(p.extracts().get(0).incremental()).contains(new Incremental("updated_at", Duration.ofMinutes(10),
                "2024-01-01 08:00:00.123456", Incremental.Nulls.EXCLUDE));
    }

    @Test
    void onlyTheCursorIsRequiredAndNullCursorsAreIncludedByDefault() {
        Pipeline p = PARSER.parse(pipeline("incremental: {cursor: id, initial: 1000}", UPSERT), "p.yaml");

        Incremental i = p.extracts().get(0).incremental().orElseThrow();
        assertThat(i).isEqualTo(Incremental.on("id").withInitial("1000"));
        assertThat(i.nulls()).isEqualTo(Incremental.Nulls.INCLUDE);
        assertThat(i.lookback()).isZero();
    }

    @Test
    void aStepWithoutItReadsEveryRow() {
        Pipeline p = PARSER.parse(pipeline("", UPSERT), "p.yaml");

        assertThat(p.extracts().get(0).incremental()).isEmpty();
    }

    @Test
    void aPipelineBuiltInCodeIsWrittenAndCheckedWithItsIncrementalSettings() {
        ExtractStep orders = ExtractStep.builder("orders").source("mysql").query("SELECT * FROM orders")
                .incremental(Incremental.on("updated_at").withLookback(Duration.ofDays(1)).withInitial("2024-01-01")
                        .withNulls(Incremental.Nulls.EXCLUDE))
                .build();
        Pipeline built = new Pipeline("orders_sync", "", "", List.of(orders), List.of(), List.of(
                LoadStep.builder("save").from("orders").toConnector("supabase", "orders").upsertOn("id").build()),
                List.of());

        String yaml = PipelineWriter.write(built);
        Pipeline checked = PARSER.check(built);

        assertThat(yaml).contains("incremental:", "cursor: updated_at", "lookback: 1d", "initial: 2024-01-01",
                "nulls: exclude");
        assertThat(checked.extracts().get(0).incremental()).isEqualTo(orders.incremental());
        assertThat(checked.extracts().get(0).extraction()).isEqualTo(new Extraction.Query("SELECT * FROM orders"));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("incremental: updated_at", UPSERT, 7, "extract[0].incremental", "is a mapping"),
                Arguments.of("incremental: {lookback: 10m}", UPSERT, 7, "extract[0].incremental", "missing 'cursor'"),
                Arguments.of("incremental: {cursor: \"updated_at; DROP TABLE x\"}", UPSERT, 7,
                        "extract[0].incremental.cursor", "is not a column name"),
                Arguments.of("incremental: {cursor: updated_at, lookback: ten minutes}", UPSERT, 7,
                        "extract[0].incremental.lookback", "expected a duration like 30s, 10m, 2h or 1d"),
                Arguments.of("incremental: {cursor: updated_at, nulls: skip}", UPSERT, 7,
                        "extract[0].incremental.nulls", "'nulls' is include"),
                Arguments.of("incremental: {cursor: updated_at, since: 2024}", UPSERT, 7,
                        "extract[0].incremental.since", "since"),
                Arguments.of("limit: 100\nincremental: {cursor: updated_at}", UPSERT, 7, "extract[0].limit",
                        "'limit' cannot go with 'incremental'"),
                Arguments.of("incremental: {cursor: updated_at}", """
                        - id: save
                          from: orders
                          to: supabase
                          table: orders
                          mode: replace
                        """, 16, "load[0].mode", "replaces table 'orders' with rows of an incremental extract"),
                Arguments.of("incremental: {cursor: updated_at}", """
                        - id: save
                          from: recent
                          to: mysql
                          table: recent_orders
                          mode: replace
                        """, 16, "load[0].mode", "use mode: upsert with primary_key"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void eachMistakeIsReportedWithItsLine(String incremental, String load, int line, String path, String message) {
        assertThatThrownBy(() -> PARSER.parse(pipeline(incremental, load), "p.yaml"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> {
                            assertThat(p.path()).isEqualTo(path);
                            assertThat(p.line()).isEqualTo(line);
                            assertThat(p.message()).contains(message);
                            assertThat(p.source()).isEqualTo("p.yaml");
                        }));
    }

    @Test
    void aFileMayBeReplacedByEachRunAndATableOfAnotherExtractToo() {
        String yaml = """
                # osiris-pipeline-v2
                name: orders_sync
                extract:
                  - id: orders
                    source: mysql
                    table: orders
                    incremental: {cursor: updated_at}
                  - id: customers
                    source: mysql
                    table: customers
                load:
                  - id: save
                    from: orders
                    to: csv
                    path: out/orders.csv
                  - id: customers_copy
                    from: customers
                    to: supabase
                    table: customers
                    mode: replace
                """;

        List<Problem> problems = PARSER.problems(yaml, "p.yaml");

        assertThat(problems).isEmpty();
    }
}
