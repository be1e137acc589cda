package io.osiris.core.runner;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.privacy.PiiPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RunPlan}: the extracts before the first transform in parallel, then every other
 * step in order, each through its planned routes. A route that declines before reading hands
 * over to the next planned one; one that declines after it began reading hands over only to the
 * plan's fallback. Each switch is logged and named in the step's report.
 */
final class PlanExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(PlanExecutor.class);

    private final Run run;
    private final int parallelism;
    private final PiiPolicy policy;
    private final List<CheckReport> checks = new ArrayList<>();

    PlanExecutor(Run run, int parallelism, PiiPolicy policy) {
        this.run = run;
        this.parallelism = parallelism;
        this.policy = policy;
    }

    /** The reports of the data checks run, after {@link #execute}. */
    List<CheckReport> checks() {
        return List.copyOf(checks);
    }

    List<StepReport> execute(RunPlan plan) {
        List<RunPlan.PlannedStep> steps = plan.steps();
        int serial = 0;
        while (serial < steps.size() && steps.get(serial).kind().equals("extract")) {
            serial++;
        }
        List<Callable<StepReport>> parallel = new ArrayList<>();
        steps.subList(0, serial).forEach(s -> parallel.add(() -> extract(s)));
        List<StepReport> reports = new ArrayList<>(ParallelExtracts.run(parallel, parallelism, run.cancellation));
        // Before any transform or load: the new watermarks, and the rows the last run loaded left out.
        run.incremental.settle(run.engine);
        boolean loading = false;
        for (RunPlan.PlannedStep s : steps.subList(serial, steps.size())) {
            run.cancellation.check();
            // An extract read straight into its load writes the target at its own turn.
            if (!loading && (s.kind().equals("load") || s.route().equals(Routes.FILE_SCAN_INTO_LOAD))) {
                loading = true;
                LoadKeyColumns.check(run, steps);
            }
            if (s.kind().equals("check")) {
                check(s);
                continue;
            }
            reports.add(switch (s.kind()) {
                case "extract" -> extract(s);
                case "transform" -> transform(s);
                default -> load(s);
            });
        }
        return reports;
    }

    private StepReport extract(RunPlan.PlannedStep planned) {
        run.cancellation.check();
        ExtractStep step = (ExtractStep) run.pipeline.step(planned.id()).orElseThrow();
        run.listener.stepStarted(step.id(), "extract");
        ExtractCall call = new ExtractCall(step, run);
        StepReport report;
        try {
            report = follow(planned, name -> Routes.extract(name).extract(call), "Extract " + step.id());
        } finally {
            call.takeOpened().ifPresent(RowStream::close);
        }
        LOG.info("Extract {} from {}: {} rows in {}s by {}", step.id(), call.target, report.rows(),
                round(report.seconds()), report.route());
        run.listener.stepFinished(report);
        return report;
    }

    private void check(RunPlan.PlannedStep planned) {
        long start = System.nanoTime();
        checks.addAll(new DataChecks(run.engine, policy, run.pipeline).run(run.pipeline,
                planned.route().equals(Routes.BIND_CHECKS)));
        LOG.info("Checks: {} passed in {}s", checks.size(), round(Run.seconds(start)));
    }

    private StepReport transform(RunPlan.PlannedStep planned) {
        long start = System.nanoTime();
        TransformStep step = (TransformStep) run.pipeline.step(planned.id()).orElseThrow();
        run.listener.stepStarted(step.id(), "transform");
        boolean bind = planned.route().equals(Routes.BIND);
        long rows = run.engine.createTable(step.id(), bind
                ? "SELECT * FROM (" + step.sql() + "\n) AS osiris_bind LIMIT 0" : step.sql());
        StepReport report = new StepReport(step.id(), "transform", run.engine.type(), rows, -1, Run.seconds(start),
                run.engine.schemaOf(step.id()).names(), planned.route());
        LOG.info("Transform {}: {} rows in {}s", step.id(), rows, round(report.seconds()));
        run.listener.stepFinished(report);
        return report;
    }

    private StepReport load(RunPlan.PlannedStep planned) {
        LoadStep step = (LoadStep) run.pipeline.step(planned.id()).orElseThrow();
        run.listener.stepStarted(step.id(), "load");
        LoadCall call = new LoadCall(step, run);
        StepReport report = follow(planned, name -> Routes.load(name).load(call), "Load " + step.id());
        LOG.info("Load {} to {}: {} rows in {}s by {}", step.id(), report.target(), report.rows(),
                round(report.seconds()), report.route());
        run.listener.stepFinished(report);
        return report;
    }

    /** Runs a step's planned routes until one runs; see the class comment. */
    private StepReport follow(RunPlan.PlannedStep planned, Function<String, RouteResult> route, String what) {
        List<String> declined = new ArrayList<>();
        List<String> routes = new ArrayList<>(planned.alternatives());
        routes.add(0, planned.route());
        for (String name : routes) {
            RouteResult result = route.apply(name);
            if (result instanceof RouteResult.Done done) {
                // A route may name itself in more detail (the split plan it read).
                String taken = done.report().route().isEmpty() ? name : done.report().route();
                return done.report().withRoute(declined.isEmpty() ? taken
                        : taken + " (" + String.join(", ", declined) + " declined)");
            }
            RouteResult.Declined no = (RouteResult.Declined) result;
            declined.add(name);
            if (no.sourceRead()) {
                return fallBack(planned, name, no.reason(), route, what);
            }
            LOG.info("{}: {} declined ({}); next planned route", what, name, no.reason());
        }
        throw new ExecutionFailedException(what + ": every planned route declined (" + String.join(", ", declined)
                + ")");
    }

    private static StepReport fallBack(RunPlan.PlannedStep planned, String name, String reason,
            Function<String, RouteResult> route, String what) {
        if (planned.fallback().isEmpty()) {
            throw new ExecutionFailedException(what + ": " + name + " declined after reading the source (" + reason
                    + ") and the plan has no fallback");
        }
        LOG.info("{}: {} declined after reading the source ({}); {} reads it again, as planned", what, name, reason,
                planned.fallback());
        if (route.apply(planned.fallback()) instanceof RouteResult.Done done) {
            return done.report().withRoute(planned.fallback() + " (" + name + " declined after reading;"
                    + " the source was read again)");
        }
        throw new ExecutionFailedException(what + ": the fallback " + planned.fallback() + " declined too");
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
