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
 */
public record RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds, RunPlan plan,
        Map<String, String> variables) {
    public RunReport {
        requireNonNull(pipeline, "pipeline");
        steps = List.copyOf(steps);
        requireNonNull(plan, "plan");
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** A report of a pipeline without variables. */
    public RunReport(String pipeline, boolean dryRun, List<StepReport> steps, double seconds, RunPlan plan) {
        this(pipeline, dryRun, steps, seconds, plan, Map.of());
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
