package io.osiris.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.SecretMask;
import io.osiris.core.runner.RunPlan;
import io.osiris.core.runner.RunRecorder;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.core.state.StateDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder on a real state file: what a failed or cancelled run leaves, secrets, several writers. */
class HistoryRecorderTest {
    private static final Pipeline PIPELINE = Pipeline.builder("nightly")
            .extract("orders", e -> e.source("duckdb").query("SELECT 1 AS id"))
            .load("save", l -> l.toCsv("output/orders.csv"))
            .build();

    @TempDir
    Path dir;

    private static RunRecorder recorder(StateDatabase db, int keep, SecretMask secrets) {
        return RunHistory.recorder(() -> db, keep, () -> secrets, p -> "");
    }

    @Test
    void aFailureIsRecordedWithTheConfigsSecretsMaskedAndTheStepsThatFinished() {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            RunRecorder recorder = recorder(db, 10, SecretMask.of(List.of("hunter2pass")));
            recorder.started(PIPELINE, Map.of());
            recorder.stepFinished(new StepReport("orders", "extract", "duckdb", 5, -1, 0.1, List.of("id")));

            recorder.failed(new ExecutionFailedException("Cannot connect to db as root with hunter2pass: refused"),
                    false);

            RunRecord run = RunHistory.of(db).list(1).get(0);
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.error()).isEqualTo("Cannot connect to db as root with ****: refused");
            assertThat(run.steps()).singleElement().extracting(StepRecord::rows).isEqualTo(5L);
        }
    }

    @Test
    void aCancelledRunIsRecordedAsCancelled() {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            RunRecorder recorder = recorder(db, 10, SecretMask.NONE);
            recorder.started(PIPELINE, Map.of());

            recorder.failed(new ExecutionFailedException("The run was cancelled; files are left as they were."), true);

            assertThat(RunHistory.of(db).list(1).get(0).outcome()).isEqualTo(RunOutcome.CANCELLED);
        }
    }

    @Test
    void stepsOfADryRunAreNotKeptForTheNextRun() {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            RunRecorder recorder = recorder(db, 10, SecretMask.NONE);
            recorder.stepFinished(new StepReport("orders", "extract", "duckdb", 0, -1, 0.1, List.of("id")));
            recorder.started(PIPELINE, Map.of());
            recorder.succeeded(new RunReport("nightly", false, List.of(), 0.5, new RunPlan("nightly", List.of()),
                    Map.of(), List.of(), Map.of("orders", "2026-12-04 10:00:00.123456")));

            RunRecord run = RunHistory.of(db).list(1).get(0);
            assertThat(run.steps()).isEmpty();
            assertThat(run.watermarks()).containsExactly(Map.entry("orders", "2026-12-04 10:00:00.123456"));
            assertThat(run.seconds()).isEqualTo(0.5);
        }
    }

    @Test
    void aRecordThatCannotBeWrittenLeavesTheRunAlone() {
        StateDatabase closed = StateDatabase.open(dir.resolve("state.db"));
        closed.close();
        RunRecorder recorder = recorder(closed, 10, SecretMask.NONE);
        recorder.started(PIPELINE, Map.of());

        recorder.failed(new ExecutionFailedException("boom"), false);
        recorder.started(PIPELINE, Map.of());
        recorder.succeeded(new RunReport("nightly", false, List.of(), 0.5));
        // Nothing thrown: the run's own outcome stands.
    }

    @Test
    void twoProcessesRecordingIntoOneFileLoseNoRunAndKeepTheBound() throws Exception {
        Path file = dir.resolve("state.db");
        StateDatabase.open(file).close();
        int perWriter = 30;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String pipeline = "p" + w;
                Callable<Void> writer = () -> {
                    // Each writer has its own connection, as two processes would.
                    try (StateDatabase db = StateDatabase.open(file)) {
                        RunRecorder recorder = recorder(db, 20, SecretMask.NONE);
                        Pipeline p = Pipeline.builder(pipeline).extract("orders", e -> e.source("duckdb")
                                .query("SELECT 1 AS id")).load("save", l -> l.toCsv("o.csv")).build();
                        for (int i = 0; i < perWriter; i++) {
                            recorder.started(p, Map.of());
                            recorder.succeeded(new RunReport(pipeline, false, List.of(), i));
                        }
                    }
                    return null;
                };
                done.add(pool.submit(writer));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        try (StateDatabase db = StateDatabase.open(file)) {
            RunHistory history = RunHistory.of(db);
            assertThat(history.list("p0", 100)).hasSize(20);
            assertThat(history.list("p1", 100)).hasSize(20);
            assertThat(db.runLog().count()).isEqualTo(40);
        }
    }
}
