package io.osiris.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.DataCheckFailedException;
import io.osiris.api.ErrorKind;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.connector.memory.MemoryDatabase;
import io.osiris.core.pipeline.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Data checks run in DuckDB before any load, and a failing one leaves every target as it was. */
class DataChecksTest {
    @TempDir
    Path dir;

    @BeforeEach
    void orders() throws Exception {
        Fixtures.duckdb(dir.resolve("shop.duckdb"),
                "CREATE TABLE orders (id INTEGER, customer INTEGER, status VARCHAR, email VARCHAR, note VARCHAR,"
                        + " amount INTEGER)",
                "INSERT INTO orders VALUES (1, 17, 'open', 'ann@example.com', 'a', 10),"
                        + " (2, 17, 'closed', 'bob@example.com', NULL, 20),"
                        + " (3, 18, 'open', 'bob@example.com', 'c', 30), (4, 19, 'closed', 'cy@example.com', 'd', 500)",
                "CREATE TABLE kept AS SELECT * FROM orders WHERE id = 1");
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/orders.csv"), "old,bytes\n1,2\n", StandardCharsets.UTF_8);
        Fixtures.duckdb(dir.resolve("before.duckdb"), "COPY (SELECT 42 AS answer) TO '"
                + dir.resolve("out/orders.parquet") + "' (FORMAT parquet)");
    }

    private static String pipeline(String extractChecks, String loadChecks) {
        return """
                # osiris-pipeline-v2
                name: shop
                extract:
                  - id: orders
                    source: duckdb
                    path: shop.duckdb
                    table: orders
                """ + indent(extractChecks, "    ") + """
                transform:
                  - id: totals
                    sql: SELECT customer, sum(amount) AS total, any_value(email) AS email FROM orders GROUP BY customer
                load:
                  - id: save_csv
                    from: orders
                    to: csv
                    path: out/orders.csv
                """ + indent(loadChecks, "    ") + """
                  - id: save_parquet
                    from: orders
                    to: parquet
                    path: out/orders.parquet
                  - id: save_table
                    from: orders
                    to: duckdb
                    path: shop.duckdb
                    table: kept
                """;
    }

    private static String indent(String checks, String by) {
        return checks.isEmpty() ? "" : checks.lines().map(l -> by + l + "\n").reduce("", String::concat);
    }

    private PipelineRunner runner() {
        return PipelineRunner.builder().workingDirectory(dir).tempDirectory(dir.resolve("tmp")).build();
    }

    private static final String EVERY_KIND = """
            checks:
              - row_count: {min: 1, max: 10}
              - not_null: [id, status]
              - unique: [id]
              - accepted_values: {status: [open, closed]}
              - sql: SELECT * FROM orders WHERE amount < 0
            """;

    @Test
    void everyKindOfCheckPassesOnGoodRowsAndTheReportListsEach() throws Exception {
        Pipeline p = Pipelines.parse(pipeline(EVERY_KIND, "checks:\n  - unique: [id, customer]\n"));

        try (PipelineRunner runner = runner()) {
            RunReport report = runner.run(p);

            assertThat(report.checks()).extracting(CheckReport::describe).containsExactly(
                    "extract 'orders' check row_count(min 1, max 10): passed (4 rows)",
                    "extract 'orders' check not_null(id, status): passed (no NULLs)",
                    "extract 'orders' check unique(id): passed (no duplicates)",
                    "extract 'orders' check accepted_values(status): passed (no other values)",
                    "extract 'orders' check sql: passed (no rows returned)",
                    "load 'save_csv' check unique(id, customer): passed (no duplicates)");
            assertThat(report.plan().step(RunPlanner.CHECKS).describe())
                    .isEqualTo("check checks: checks-before-loads <- orders, save_csv");
        }
        assertThat(Files.readString(dir.resolve("out/orders.csv"))).startsWith("id,customer,status");
        assertThat(Fixtures.count(dir.resolve("shop.duckdb"), "SELECT count(*) FROM kept")).isEqualTo(5);
    }

    @Test
    void aPipelineWithVariablesKeepsEveryStepsChecks() throws Exception {
        byte[] csv = Files.readAllBytes(dir.resolve("out/orders.csv"));
        String yaml = """
                # osiris-pipeline-v2
                name: shop
                vars: {min_amount: 0}
                extract:
                  - id: orders
                    source: duckdb
                    path: shop.duckdb
                    query: SELECT * FROM orders WHERE amount > ${min_amount}
                    checks:
                      - row_count: {min: 1}
                transform:
                  - id: totals
                    sql: SELECT customer, sum(amount) AS total FROM orders GROUP BY customer
                    checks:
                      - sql: SELECT * FROM totals WHERE total < 100
                load:
                  - id: save_csv
                    from: totals
                    to: csv
                    path: out/orders.csv
                    checks:
                      - unique: [customer]
                """;
        Pipeline p = Pipelines.parse(yaml);

        try (PipelineRunner runner = runner()) {
            assertThat(runner.run(p, java.util.Map.of("min_amount", "100"))).satisfies(report -> assertThat(
                    report.checks()).extracting(CheckReport::describe).containsExactly(
                            "extract 'orders' check row_count(min 1): passed (1 row)",
                            "transform 'totals' check sql: passed (no rows returned)",
                            "load 'save_csv' check unique(customer): passed (no duplicates)"));
            Files.write(dir.resolve("out/orders.csv"), csv);

            assertThatThrownBy(() -> runner.run(p, java.util.Map.of("min_amount", "5")))
                    .isInstanceOf(DataCheckFailedException.class)
                    .hasMessageContaining("transform 'totals' check sql: the query returned 2 rows");
        }
        assertThat(Files.readAllBytes(dir.resolve("out/orders.csv"))).isEqualTo(csv);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("row_count: {min: 10}", "extract 'orders' check row_count(min 10): 4 rows, fewer than"
                        + " the minimum 10"),
                Arguments.of("row_count: {max: 3}", "extract 'orders' check row_count(max 3): 4 rows, more than"
                        + " the maximum 3"),
                Arguments.of("not_null: [id, note]", "extract 'orders' check not_null(id, note): 1 row with NULL in"
                        + " note"),
                Arguments.of("unique: [customer]", "extract 'orders' check unique(customer): 1 duplicate value,"
                        + " e.g. 17"),
                Arguments.of("unique: [customer, status]", "extract 'orders' check unique(customer, status): passed"),
                Arguments.of("accepted_values: {status: [open]}", "extract 'orders' check accepted_values(status):"
                        + " 1 value not accepted, e.g. closed; accepted: open"),
                Arguments.of("sql: SELECT id, amount FROM orders WHERE amount > 100", "extract 'orders' check sql:"
                        + " the query returned 1 row, e.g. id=4, amount=500"),
                Arguments.of("unique: [email]", "extract 'orders' check unique(email): 1 duplicate value, e.g."
                        + " <email>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailingCheckFailsTheRunNamingStepCheckAndWhatFailedAndNoTargetChanges(String check, String message)
            throws Exception {
        byte[] csv = Files.readAllBytes(dir.resolve("out/orders.csv"));
        byte[] parquet = Files.readAllBytes(dir.resolve("out/orders.parquet"));
        Pipeline p = Pipelines.parse(pipeline("checks:\n  - " + check + "\n", ""));

        try (PipelineRunner runner = runner()) {
            if (message.endsWith("passed")) {
                assertThat(runner.run(p).checks()).extracting(CheckReport::describe)
                        .containsExactly(message + " (no duplicates)");
                return;
            }
            assertThatThrownBy(() -> runner.run(p)).isInstanceOfSatisfying(DataCheckFailedException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.EXECUTION);
                assertThat(e.step()).isEqualTo("orders");
                assertThat(e.getMessage()).isEqualTo(message + "\nNo load ran: every target is as it was.");
                assertThat(e.getMessage()).doesNotContain("bob@example.com");
            });
        }
        assertThat(Files.readAllBytes(dir.resolve("out/orders.csv"))).isEqualTo(csv);
        assertThat(Files.readAllBytes(dir.resolve("out/orders.parquet"))).isEqualTo(parquet);
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("orders.csv",
                    "orders.parquet");
        }
        assertThat(Fixtures.count(dir.resolve("shop.duckdb"), "SELECT count(*) FROM kept")).isEqualTo(1);
    }

    @Test
    void aCheckedExtractIsStagedInTheEngineInsteadOfCopiedStraightIntoItsFile() throws Exception {
        String source = MemoryRuns.unique();
        MemoryRuns.movies(source, true, false);
        String yaml = """
                # osiris-pipeline-v2
                name: copied
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                load:
                  - id: save_csv
                    to: csv
                    path: out/orders.csv
                """.formatted(source);
        try (PipelineRunner runner = MemoryRuns.runner(dir, source).build()) {
            assertThat(runner.plan(Pipelines.parse(yaml)).step("movies").route()).isEqualTo("csv-copy-into-file");
            Pipeline checked = Pipelines.parse(yaml + "    checks:\n      - not_null: [rating]\n");
            assertThat(runner.plan(checked).describe()).doesNotContain("into-file")
                    .contains("extract movies: csv-copy", "check checks: checks-before-loads <- save_csv");

            assertThatThrownBy(() -> runner.run(checked)).isInstanceOf(DataCheckFailedException.class)
                    .hasMessageStartingWith("load 'save_csv' check not_null(rating): 1 row with NULL in rating");
        }
        assertThat(Files.readString(dir.resolve("out/orders.csv"))).isEqualTo("old,bytes\n1,2\n");
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void aTableThatACustomCheckReadsIsStagedToo() throws Exception {
        String source = MemoryRuns.unique();
        MemoryRuns.movies(source, true, false);
        Pipeline p = Pipelines.parse("""
                # osiris-pipeline-v2
                name: cross
                extract:
                  - id: movies
                    source: memory
                    connection: %s
                    table: movies
                  - id: orders
                    source: duckdb
                    path: shop.duckdb
                    table: orders
                    checks:
                      - sql: SELECT o.id FROM orders o WHERE o.id NOT IN (SELECT id FROM movies)
                load:
                  - id: save_csv
                    from: movies
                    to: csv
                    path: out/orders.csv
                  - id: save_orders
                    from: orders
                    to: csv
                    path: out/other.csv
                """.formatted(source));

        try (PipelineRunner runner = MemoryRuns.runner(dir, source).build()) {
            assertThat(runner.plan(p).step("movies").route()).isEqualTo("csv-copy");
            assertThatThrownBy(() -> runner.run(p)).isInstanceOf(DataCheckFailedException.class)
                    .hasMessageStartingWith("extract 'orders' check sql: the query returned 1 row, e.g. id=4");
        }
        assertThat(Files.readString(dir.resolve("out/orders.csv"))).isEqualTo("old,bytes\n1,2\n");
        assertThat(dir.resolve("out/other.csv")).doesNotExist();
    }

    @Test
    void aCheckedLoadFromADuckDbFileIsStagedInsteadOfScannedStraightIntoTheTarget() throws Exception {
        String target = MemoryRuns.unique();
        MemoryDatabase db = MemoryRuns.movies(target, false, true);
        String yaml = """
                # osiris-pipeline-v2
                name: straight
                extract:
                  - id: orders
                    source: duckdb
                    path: shop.duckdb
                    table: orders
                load:
                  - id: save
                    to: memory
                    connection: %s
                    table: movies
                    mode: replace
                """.formatted(target);
        try (PipelineRunner runner = MemoryRuns.runner(dir, target).build()) {
            assertThat(runner.plan(Pipelines.parse(yaml)).step("orders").route()).isEqualTo("file-scan-into-load");
            Pipeline checked = Pipelines.parse(yaml + "    checks:\n      - row_count: {max: 2}\n");
            assertThat(runner.plan(checked).step("orders").route()).isEqualTo("file-scan");

            assertThatThrownBy(() -> runner.run(checked)).isInstanceOf(DataCheckFailedException.class)
                    .hasMessageStartingWith("load 'save' check row_count(max 2): 4 rows, more than the maximum 2");
        }
        assertThat(db.rows("movies")).isEqualTo(MemoryRuns.MOVIE_ROWS);
    }

    @Test
    void everyFailingCheckIsNamedAtOnce() {
        Pipeline p = Pipelines.parse(pipeline("checks:\n  - row_count: {min: 5}\n  - not_null: [note]\n",
                "checks:\n  - unique: [status]\n"));

        try (PipelineRunner runner = runner()) {
            assertThatThrownBy(() -> runner.run(p)).isInstanceOf(DataCheckFailedException.class).hasMessage("""
                    3 data checks failed:
                    extract 'orders' check row_count(min 5): 4 rows, fewer than the minimum 5
                    extract 'orders' check not_null(note): 1 row with NULL in note
                    load 'save_csv' check unique(status): 2 duplicate values, e.g. closed, open
                    No load ran: every target is as it was.""");
        }
    }

    @Test
    void aTransformCheckRunsOnTheTransformsTableAndMasksSensitiveExamples() {
        String yaml = pipeline("", "").replace("GROUP BY customer\n", "GROUP BY customer\n    checks:\n"
                + "      - sql: SELECT email, total FROM totals WHERE total > 25\n");
        Pipeline p = Pipelines.parse(yaml);

        try (PipelineRunner runner = runner()) {
            assertThatThrownBy(() -> runner.run(p)).isInstanceOf(DataCheckFailedException.class)
                    .hasMessageStartingWith("transform 'totals' check sql: the query returned 3 rows, e.g. email=<email>, total=30")
                    .hasMessageNotContaining("@example.com");
        }
    }

    @Test
    void aDryRunBindsEachCheckToItsStepsColumnsWithoutJudgingTheRows() {
        try (PipelineRunner runner = runner()) {
            RunReport dry = runner.dryRun(Pipelines.parse(pipeline("checks:\n  - row_count: {min: 1000}\n", "")));
            assertThat(dry.checks()).extracting(CheckReport::describe)
                    .containsExactly("extract 'orders' check row_count(min 1000): passed (binds (dry run))");

            Pipeline missing = Pipelines.parse(pipeline("", "checks:\n  - not_null: [nope]\n"));
            assertThatThrownBy(() -> runner.dryRun(missing)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("load 'save_csv' check not_null(nope) cannot run on the rows of 'orders'")
                    .hasMessageContaining("nope");
        }
    }
}
