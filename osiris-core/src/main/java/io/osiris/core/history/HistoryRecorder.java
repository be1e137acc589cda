package io.osiris.core.history;

import io.osiris.api.DataCheckFailedException;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.Step;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.config.SecretMask;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.pipeline.Variables;
import io.osiris.core.privacy.ErrorScrubber;
import io.osiris.core.runner.CheckReport;
import io.osiris.core.runner.RunRecorder;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds each run of a runner to the run history as it ends. It keeps what a failed run leaves
 * no report of: when it started, the values given, the steps that finished. Runs of one runner
 * never overlap ({@link RunRecorder}), so one current run is all it holds.
 */
final class HistoryRecorder implements RunRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

    private final Supplier<RunHistory> history;
    private final int keep;
    private final Supplier<SecretMask> secrets;
    private final Function<Pipeline, String> files;
    private volatile Current current;

    HistoryRecorder(Supplier<RunHistory> history, int keep, Supplier<SecretMask> secrets,
            Function<Pipeline, String> files) {
        this.history = history;
        this.keep = keep;
        this.secrets = secrets;
        this.files = files;
    }

    /** The run going on: what it started with and the steps it finished so far. */
    private record Current(Pipeline pipeline, Map<String, String> values, Instant startedAt, long startNanos,
            List<StepReport> finished) {
    }

    @Override
    public void started(Pipeline pipeline, Map<String, String> values) {
        current = new Current(pipeline, Map.copyOf(values), Instant.now(), System.nanoTime(),
                Collections.synchronizedList(new ArrayList<>()));
    }

    @Override
    public void stepFinished(StepReport report) {
        Current run = current;
        if (run != null) { // null during a dry run or a plan
            run.finished().add(report);
        }
    }

    @Override
    public void succeeded(RunReport report) {
        Current run = take();
        if (run != null) {
            record(run, () -> record(run, report.seconds(), RunOutcome.SUCCEEDED, "",
                    report.steps(), report.variables(), report.checks(), report.watermarks()));
        }
    }

    @Override
    public void failed(RuntimeException failure, boolean cancelled) {
        Current run = take();
        if (run == null) {
            return;
        }
        record(run, () -> {
            List<StepReport> finished;
            synchronized (run.finished()) {
                finished = List.copyOf(run.finished());
            }
            String yaml = Pipelines.toYaml(run.pipeline());
            RunOutcome outcome = cancelled ? RunOutcome.CANCELLED
                    : failure instanceof DataCheckFailedException ? RunOutcome.CHECK_FAILED : RunOutcome.FAILED;
            String error = scrubbed(failure.getMessage(), yaml, identifiers(run.pipeline(), finished));
            List<CheckReport> checks = failure instanceof DataCheckFailedException f && !cancelled
                    ? List.of(failedCheck(run.pipeline(), f, error)) : List.of();
            return record(run, seconds(run), outcome, error, finished, givenValues(run), checks, Map.of());
        });
    }

    private Current take() {
        Current run = current;
        current = null;
        return run;
    }

    /** Writes the record {@code build} makes; a run's outcome is its own, so a failure here is only logged. */
    private void record(Current run, Supplier<RunRecord> build) {
        try {
            history.get().add(build.get(), keep);
        } catch (RuntimeException | LinkageError e) {
            String why;
            try {
                why = secretsMasked(String.valueOf(e.getMessage()));
            } catch (RuntimeException unmasked) {
                why = e.getClass().getSimpleName();
            }
            LOG.warn("The run of {} was not added to the run history: {}", run.pipeline().name(), why);
        }
    }

    private RunRecord record(Current run, double seconds, RunOutcome outcome, String error, List<StepReport> steps,
            Map<String, String> variables, List<CheckReport> checks, Map<String, String> watermarks) {
        Pipeline pipeline = run.pipeline();
        return new RunRecord(RunIds.next(run.startedAt()), pipeline.name(), sha256(Pipelines.toYaml(pipeline)),
                files.apply(pipeline), run.startedAt(), seconds, outcome, error,
                steps.stream().map(StepRecord::of).toList(), variables, checks, watermarks);
    }

    /** The declared variables' defaults, with the values given in their place. */
    private static Map<String, String> givenValues(Current run) {
        Map<String, String> values = new LinkedHashMap<>(Variables.values(run.pipeline().vars()));
        // Only declared names: a name the run refused is not a variable to keep.
        run.values().forEach((name, value) -> values.replace(name, value));
        return values;
    }

    /** The failed check as the exception names it; its kind from the pipeline's step. */
    private static CheckReport failedCheck(Pipeline pipeline, DataCheckFailedException failure, String error) {
        String kind = pipeline.step(failure.step()).map(HistoryRecorder::kind).orElse("");
        return new CheckReport(failure.step(), kind, failure.check(), false, error);
    }

    private static String kind(Step step) {
        return step instanceof ExtractStep ? "extract" : step instanceof TransformStep ? "transform" : "load";
    }

    /** Names the scrubber may leave quoted: the steps and the columns of those that finished. */
    private static Set<String> identifiers(Pipeline pipeline, List<StepReport> finished) {
        Set<String> names = new TreeSet<>();
        pipeline.steps().forEach(s -> names.add(s.id()));
        finished.forEach(s -> names.addAll(s.columns()));
        return names;
    }

    /** The message without data values (what the pipeline itself says may stay) and without secrets. */
    private String scrubbed(String message, String yaml, Set<String> identifiers) {
        return secretsMasked(ErrorScrubber.scrub(message == null ? "" : message, yaml, identifiers));
    }

    private String secretsMasked(String text) {
        return secrets.get().apply(text);
    }

    private static double seconds(Current run) {
        return (System.nanoTime() - run.startNanos()) / 1e9;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
