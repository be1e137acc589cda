package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run (or a dry run) did, step by step, in run order.
 *
 * @param pipeline the pipeline name
 * @param dryRun   whether this was a dry run (nothing moved, nothing written)
 * @param steps    one report per step: extracts, transforms, loads
 * @param seconds  wall-clock time of the whole run
 * @param plan     the routes a run of this pipeline takes; for a dry run, those a run would take
 * @param variables the values of the pipeline's variables the run used, in declaration order
 * @param checks   every data check the run ran, each passed (a failed check fails the run);
 *                 in a dry run, each bound to its step's columns
 * @param watermarks the new watermark of each incremental extract step (step id to its text), in run order
 */
public record RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds, RunPlan plan,
        Map<String, String> variables, List<CheckReport> checks, Map<String, String> watermarks) {
    public RunReport {
        requireNonNull(pipeline, "pipeline");
        steps = List.copyOf(steps);
        requireNonNull(plan, "plan");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        checks = List.copyOf(checks);
        watermarks = Collections.unmodifiableMap(new LinkedHashMap<>(watermarks));
    }

    /** A report of a run without watermarks. */
    public RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds, RunPlan plan,
            Map<String, String> variables, List<CheckReport> checks) {
        this(pipeline, dryRun, steps, seconds, plan, variables, checks, Map.of());
    }

    /** A report of a run without variables or data checks. */
    public RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds, RunPlan plan) {
        this(pipeline, dryRun, steps, seconds, plan, Map.of(), List.of());
    }

    /** A report of a run without data checks. */
    public RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds, RunPlan plan,
            Map<String, String> variables) {
        this(pipeline, dryRun, steps, seconds, plan, variables, List.of());
    }

    /** A report of a run without variables. */
    public RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds, RunPlan plan,
            List<CheckReport> checks) {
        this(pipeline, dryRun, steps, seconds, plan, Map.of(), checks);
    }

    /** A report without a plan. */
    public RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds) {
        this(pipeline, dryRun, steps, seconds, new RunPlan(pipeline, List.of()));
    }

    /** The report of one step, by id. */
    public StepReport step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + id));
    }
}
