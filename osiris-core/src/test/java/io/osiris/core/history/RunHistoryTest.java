package io.osiris.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.DataCheckFailedException;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.RunListener;
import io.osiris.core.runner.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs through the facade on a real DuckDB file land in the run history of the project's real state file. */
class RunHistoryTest {
    @TempDir
    Path project;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies (movie_id INTEGER, title VARCHAR, rating DECIMAL(3,1))");
            s.execute("INSERT INTO movies VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), (3, 'Brazil', 6.0)");
        }
        write("picked.yaml", "picked", "SELECT title FROM movies ORDER BY rating DESC", "");
    }

    /**
     * A pipeline with a variable, or (as binding variables drops the steps' checks today) with a
     * check on its load and the variable's default in its query.
     */
    private Path write(String file, String name, String transform, String check) throws Exception {
        Path path = project.resolve(file);
        Files.writeString(path, """
                # osiris-pipeline-v2
                name: %s
                %s
                extract:
                  - id: movies
                    source: duckdb
                    path: movies.duckdb
                    query: SELECT title, rating FROM movies WHERE rating >= %s
                transform:
                  - id: ranked
                    sql: %s
                load:
                  - id: save
                    to: csv
                    path: output/%s.csv
                    %s
                """.formatted(name, check.isEmpty() ? "vars: {min_rating: 8.0}" : "", check.isEmpty()
                ? "${min_rating}" : "8.0", transform, name, check.isEmpty() ? "" : "checks: [" + check + "]"));
        return path;
    }

    private Osiris osiris() {
        return osiris(RunHistory.DEFAULT_KEEP);
    }

    private Osiris osiris(int keep) {
        return Osiris.configure().workingDirectory(project).environment(Map.of())
                .tempDirectory(project.resolve("tmp")).keepRuns(keep).load();
    }

    @Test
    void aRunIsRecordedWithItsHashFileStepsVariablesAndChecks() throws Exception {
        Instant before = Instant.now();
        RunReport report;
        Pipeline pipeline;
        try (Osiris osiris = osiris()) {
            pipeline = osiris.validate(Path.of("picked.yaml"));
            report = osiris.run(pipeline, Map.of("min_rating", "8.4"));
        }

        try (Osiris osiris = osiris()) {
            List<RunRecord> runs = osiris.runs().list(10);
            assertThat(runs).hasSize(1);
            RunRecord run = runs.get(0);
            assertThat(run.id()).matches("[0-9a-z]{12}");
            assertThat(run.pipeline()).isEqualTo("picked");
            assertThat(run.pipelineSha256()).isEqualTo(HistoryRecorder.sha256(Pipelines.toYaml(pipeline)))
                    .matches("[0-9a-f]{64}");
            assertThat(run.file()).isEqualTo("picked.yaml");
            assertThat(run.startedAt()).isBetween(before, Instant.now());
            assertThat(run.seconds()).isEqualTo(report.seconds());
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.error()).isEmpty();
            assertThat(run.steps()).extracting(StepRecord::id).containsExactly("movies", "ranked", "save");
            assertThat(run.steps()).extracting(StepRecord::rows).containsExactly(1L, 1L, 1L);
            assertThat(run.steps().get(2).target()).endsWith("picked.csv");
            assertThat(run.rowsLoaded()).isEqualTo(1);
            assertThat(run.variables()).containsExactly(Map.entry("min_rating", "8.4"));
            assertThat(run.checks()).isEmpty();
            assertThat(run.watermarks()).isEmpty();
            assertThat(osiris.runs().find(run.id())).contains(run);
            assertThat(osiris.runs().require(run.id().substring(0, 9))).isEqualTo(run);
            assertThat(osiris.runs().list("picked", 5)).containsExactly(run);
            assertThat(osiris.runs().list("other", 5)).isEmpty();
        }
    }

    @Test
    void theSamePipelineHashesTheSameFromAFileWithOtherCommentsAndValues() throws Exception {
        try (Osiris osiris = osiris()) {
            osiris.run(osiris.validate(Path.of("picked.yaml")));
            Files.writeString(project.resolve("copy.yaml"), Files.readString(project.resolve("picked.yaml"))
                    + "# a comment changes the bytes, not the pipeline\n");
            osiris.run(osiris.validate(Path.of("copy.yaml")), Map.of("min_rating", "1"));

            List<RunRecord> runs = osiris.runs().list(10);
            assertThat(runs).extracting(RunRecord::file).containsExactly("copy.yaml", "picked.yaml");
            assertThat(runs.get(0).pipelineSha256()).isEqualTo(runs.get(1).pipelineSha256());
            assertThat(runs.get(0).rowsLoaded()).isEqualTo(3);
        }
    }

    @Test
    void aDryRunIsNotRecordedAndOpensNoStateFile() {
        try (Osiris osiris = osiris()) {
            osiris.dryRun(osiris.validate(Path.of("picked.yaml")));

            assertThat(osiris.hasState()).isFalse();
        }
        assertThat(project.resolve(".osiris")).doesNotExist();
    }

    @Test
    void aFailedRunIsRecordedWithTheStepsThatFinishedAndNoDataValueInItsError() throws Exception {
        // Converting 'Alien' to a number fails at run time, and DuckDB quotes the value.
        write("broken.yaml", "broken", "SELECT CAST(title AS INTEGER) AS n FROM movies", "");
        try (Osiris osiris = osiris()) {
            Pipeline pipeline = osiris.validate(Path.of("broken.yaml"));
            assertThatThrownBy(() -> osiris.run(pipeline)).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("Alien");

            RunRecord run = osiris.runs().list(1).get(0);
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.pipeline()).isEqualTo("broken");
            assertThat(run.file()).isEqualTo("broken.yaml");
            assertThat(run.steps()).extracting(StepRecord::id).containsExactly("movies");
            assertThat(run.steps().get(0).rows()).isEqualTo(2);
            assertThat(run.variables()).containsExactly(Map.entry("min_rating", "8.0"));
            assertThat(run.error()).contains("ranked", "<value>").doesNotContain("Alien");
            assertThat(run.rowsLoaded()).isZero();
        }
        assertThat(project.resolve("output/broken.csv")).doesNotExist();
    }

    @Test
    void aFailedDataCheckIsRecordedAsCheckFailedWithTheCheck() throws Exception {
        write("strict.yaml", "strict", "SELECT title FROM movies", "{row_count: {min: 10}}");
        try (Osiris osiris = osiris()) {
            Pipeline pipeline = osiris.validate(Path.of("strict.yaml"));
            assertThatThrownBy(() -> osiris.run(pipeline)).isInstanceOf(DataCheckFailedException.class);

            RunRecord run = osiris.runs().list(1).get(0);
            assertThat(run.outcome()).isEqualTo(RunOutcome.CHECK_FAILED);
            assertThat(run.error()).contains("row_count(min 10)");
            assertThat(run.checks()).singleElement().satisfies(c -> {
                assertThat(c.step()).isEqualTo("save");
                assertThat(c.kind()).isEqualTo("load");
                assertThat(c.check()).isEqualTo("row_count(min 10)");
                assertThat(c.passed()).isFalse();
            });
            assertThat(run.steps()).extracting(StepRecord::kind).doesNotContain("load");
        }
    }

    @Test
    void passedChecksAreRecorded() throws Exception {
        write("checked.yaml", "checked", "SELECT title FROM movies", "{row_count: {min: 1}}, {unique: [title]}");
        try (Osiris osiris = osiris()) {
            osiris.run(osiris.validate(Path.of("checked.yaml")));

            RunRecord run = osiris.runs().list(1).get(0);
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.checks()).extracting(c -> c.check() + " " + c.passed())
                    .containsExactly("row_count(min 1) true", "unique(title) true");
        }
    }

    @Test
    void eachPipelineKeepsItsNewestRuns() throws Exception {
        write("other.yaml", "other", "SELECT title FROM movies", "");
        try (Osiris osiris = osiris(2)) {
            Pipeline picked = osiris.validate(Path.of("picked.yaml"));
            Pipeline other = osiris.validate(Path.of("other.yaml"));
            osiris.run(other);
            for (String min : List.of("1", "2", "3")) {
                osiris.run(picked, Map.of("min_rating", min));
            }

            assertThat(osiris.runs().list("picked", 10)).extracting(r -> r.variables().get("min_rating"))
                    .containsExactly("3", "2");
            assertThat(osiris.runs().list("other", 10)).hasSize(1);
            assertThat(osiris.runs().list(10)).hasSize(3);
        }
    }

    @Test
    void aCancelledRunIsRecordedAsCancelled() throws Exception {
        // A transform that runs for minutes unless cancelled.
        write("slow.yaml", "slow", "SELECT count(*) AS n FROM range(100000000000) AS a(x) WHERE x % 7 = 3", "");
        CountDownLatch transforming = new CountDownLatch(1);
        RunListener listener = new RunListener() {
            @Override
            public void stepStarted(String stepId, String kind) {
                if (kind.equals("transform")) {
                    transforming.countDown();
                }
            }
        };
        try (Osiris osiris = Osiris.configure().workingDirectory(project).environment(Map.of())
                .tempDirectory(project.resolve("tmp")).listener(listener, Duration.ofSeconds(5)).load()) {
            Pipeline pipeline = osiris.validate(Path.of("slow.yaml"));
            Thread canceller = new Thread(() -> {
                try {
                    transforming.await();
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                osiris.runner().cancel();
            });
            canceller.start();
            assertThatThrownBy(() -> osiris.run(pipeline)).hasMessageContaining("cancelled");
            canceller.join();

            RunRecord run = osiris.runs().list(1).get(0);
            assertThat(run.outcome()).isEqualTo(RunOutcome.CANCELLED);
            assertThat(run.steps()).extracting(StepRecord::id).containsExactly("movies");
        }
    }

    @Test
    void keepingNoRunsRecordsNothingAndOpensNoStateFile() {
        try (Osiris osiris = osiris(0)) {
            osiris.run(osiris.validate(Path.of("picked.yaml")));

            assertThat(osiris.hasState()).isFalse();
        }
    }

    @Test
    void anUnknownIdIsAValidationErrorAndAnAmbiguousPrefixAsksForMore() {
        try (Osiris osiris = osiris()) {
            Pipeline pipeline = osiris.validate(Path.of("picked.yaml"));
            osiris.run(pipeline);
            osiris.run(pipeline);

            assertThatThrownBy(() -> osiris.runs().require("zzzz")).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("No run 'zzzz'");
            assertThatThrownBy(() -> osiris.runs().require("")).isInstanceOf(ValidationException.class);
            String shared = osiris.runs().list(1).get(0).id().substring(0, 4);
            assertThatThrownBy(() -> osiris.runs().require(shared)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("Several runs start with '" + shared + "'");
        }
    }
}
