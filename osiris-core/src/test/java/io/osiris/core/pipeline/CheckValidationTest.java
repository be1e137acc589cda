package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.Problem;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.Check;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code checks:} of a step: read into the model, and each malformed one reported with its line. */
class CheckValidationTest {
    private static final PipelineParser PARSER = new PipelineParser(Set.of("mysql"));

    /** A pipeline whose extract (line 8 on) and load (line 15 on) take the given checks lines. */
    private static String pipeline(String extractChecks, String loadChecks) {
        return """
                # osiris-pipeline-v2
                name: shop
                extract:
                  - id: orders
                    source: mysql
                    table: orders
                    columns: [id, status]
                %s
                transform:
                  - id: open_orders
                    sql: SELECT * FROM orders WHERE status = 'open'
                load:
                  - id: save
                    to: csv
                    path: out.csv
                %s
                """.formatted(extractChecks.isEmpty() ? "" : extractChecks.indent(4).stripTrailing(),
                loadChecks.isEmpty() ? "" : loadChecks.indent(4).stripTrailing());
    }

    @Test
    void everyKindIsReadIntoTheModel() {
        Pipeline p = PARSER.parse(pipeline("""
                checks:
                  - row_count: {min: 1, max: 100}
                  - not_null: id
                  - unique: [id, status]
                  - accepted_values: {status: [open, closed, 3]}
                """, """
                checks:
                  - row_count: {max: 5}
                  - sql: SELECT * FROM open_orders o JOIN orders USING (id) WHERE o.status <> 'open';
                """), "p.yaml");

        assertThat(p.extracts().get(0).checks()).containsExactly(new Check.RowCount(1, 100),
                new Check.NotNull(List.of("id")), new Check.Unique(List.of("id", "status")),
                new Check.AcceptedValues("status", List.of("open", "closed", "3")));
        assertThat(p.loads().get(0).checks()).containsExactly(new Check.RowCount(0, 5), new Check.Sql(
                "SELECT * FROM open_orders o JOIN orders USING (id) WHERE o.status <> 'open'"));
        assertThat(p.transforms().get(0).checks()).isEmpty();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("checks: {unique: [id]}", 8, "extract[0].checks", "'checks' is a list"),
                Arguments.of("checks:\n  - uniq: [id]", 9, "extract[0].checks[0].uniq",
                        "unknown check 'uniq'; checks: row_count, not_null"),
                Arguments.of("checks:\n  - {unique: [id], not_null: [id]}", 9, "extract[0].checks[0]",
                        "a check is a mapping with one key"),
                Arguments.of("checks:\n  - row_count: 3", 9, "extract[0].checks[0].row_count",
                        "row_count takes 'min' and/or 'max'"),
                Arguments.of("checks:\n  - row_count: {min: -1}", 9, "extract[0].checks[0].row_count.min",
                        "'min' must be a whole number >= 0, not '-1'"),
                Arguments.of("checks:\n  - row_count: {min: 5, max: 2}", 9, "extract[0].checks[0].row_count.max",
                        "max (2) is below min (5)"),
                Arguments.of("checks:\n  - row_count: {least: 2}", 9, "extract[0].checks[0].row_count.least",
                        "unknown key 'least'"),
                Arguments.of("checks:\n  - not_null: []", 9, "extract[0].checks[0].not_null",
                        "not_null takes the column names to check"),
                Arguments.of("checks:\n  - unique: [id, {a: 1}]", 9, "extract[0].checks[0].unique[1]",
                        "expected a column name"),
                Arguments.of("checks:\n  - unique: [customer]", 9, "extract[0].checks[0].unique",
                        "unique(customer): the step has no column 'customer'; its columns: id, status"),
                Arguments.of("checks:\n  - accepted_values: [open]", 9, "extract[0].checks[0].accepted_values",
                        "accepted_values maps a column to the values it may hold"),
                Arguments.of("checks:\n  - accepted_values: {status: open}", 9,
                        "extract[0].checks[0].accepted_values.status", "the values 'status' may hold, as a list"),
                Arguments.of("checks:\n  - sql: ''", 9, "extract[0].checks[0].sql", "a sql check is one SELECT"),
                Arguments.of("checks:\n  - sql: DELETE FROM orders", 9, "extract[0].checks[0].sql", "refused SQL"),
                Arguments.of("checks:\n  - sql: SELECT * FROM orders; SELECT 1", 9, "extract[0].checks[0].sql",
                        "refused SQL"),
                Arguments.of("checks:\n  - sql: SELECT * FROM customers", 9, "extract[0].checks[0].sql",
                        "reads 'customers', which is not a step"),
                Arguments.of("checks:\n  - sql: SELECT * FROM read_csv('/etc/passwd')", 9, "extract[0].checks[0].sql",
                        "read_csv"));
    }

    @ParameterizedTest(name = "{3}")
    @MethodSource("malformed")
    void aMalformedCheckIsReportedWithItsLineAndPath(String checks, int line, String path, String message) {
        List<Problem> problems = PARSER.problems(pipeline(checks, ""), "p.yaml");

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo(path);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void aLoadsChecksAreReportedAtTheLoadsLines() {
        List<Problem> problems = PARSER.problems(pipeline("", "checks:\n  - not_null: id\n  - sql: DROP TABLE x"),
                "p.yaml");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("load[0].checks[1].sql");
            assertThat(p.line()).isEqualTo(18);
        });
    }

    @Test
    void aLoadFromAnExtractWithDeclaredColumnsMayCheckOnlyThose() {
        List<Problem> problems = PARSER.problems(pipeline("", "checks:\n  - not_null: [id, customer]")
                .replace("to: csv", "from: orders\n    to: csv"), "p.yaml");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("load[0].checks[0].not_null");
            assertThat(p.message()).isEqualTo("not_null(id, customer): the step has no column 'customer'; its"
                    + " columns: id, status");
        });
    }

    @Test
    void aPipelineBuiltInCodeWithChecksIsWrittenAndCheckedAsItsFileWouldBe() {
        Pipeline built = new Pipeline("shop", "", "", List.of(ExtractStep.builder("orders").source("mysql")
                .table("orders").checks(Check.RowCount.atLeast(1), new Check.Unique(List.of("id"))).build()),
                List.of(new TransformStep("top", "duckdb", "SELECT * FROM orders",
                        List.of(new Check.RowCount(0, 10), new Check.AcceptedValues("status", List.of("a", "1"))))),
                List.of(LoadStep.builder("save").from("top").toCsv("out.csv").checks(new Check.NotNull(List.of("id")),
                        new Check.Sql("SELECT * FROM top WHERE id < 0")).build()));

        assertThat(PARSER.check(built)).isEqualTo(built);
        assertThat(PipelineWriter.write(built)).contains("  checks:\n  - row_count:\n      min: 1\n");

        Pipeline bad = new Pipeline("shop", "", "", built.extracts(), built.transforms(), List.of(built.loads()
                .get(0).withChecks(List.of(new Check.Sql("SELECT * FROM secrets")))));
        assertThat(PARSER.problems(PipelineWriter.write(bad), "")).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("reads 'secrets', which is not a step"));
        assertThat(built.loads().get(0).mode()).isEqualTo(WriteMode.REPLACE);
    }

    @Test
    void theJsonSchemaAcceptsChecksOnEveryStepKind() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Pipelines.jsonSchema());
        for (String step : List.of("extract", "transform", "load")) {
            assertThat(schema.at("/$defs/" + step + "/properties/checks/$ref").asText()).isEqualTo("#/$defs/checks");
        }
        JsonNode item = schema.at("/$defs/checks/items");
        List<String> kinds = new ArrayList<>();
        item.path("properties").fieldNames().forEachRemaining(kinds::add);
        assertThat(kinds).containsExactlyElementsOf(CheckReader.KINDS);
        assertThat(item.path("maxProperties").asInt()).isEqualTo(1);
        assertThat(item.at("/properties/row_count/properties").size()).isEqualTo(2);
        assertThat(Map.of("min", item.at("/properties/row_count/properties/min/minimum").asInt()))
                .containsEntry("min", 0);
    }
}
