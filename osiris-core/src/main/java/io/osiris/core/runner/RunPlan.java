package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a run moves its rows, decided once before anything moves: every step in the order it
 * runs, with the route it takes and what it reads. Computed from the pipeline, the declared
 * capabilities of the connectors it opens and of the engine, and what each transform reads
 * ({@link PipelineRunner#plan}); a run executes it and each {@link StepReport} names the route
 * taken.
 *
 * <p>Extracts before the first transform run in parallel; the rest run in order. A route may
 * decline (the source has no CSV copy of these columns, the engine will not take a type): before
 * it read anything, the next of its {@linkplain PlannedStep#alternatives() alternatives} runs;
 * after it began reading the source, only the declared {@linkplain PlannedStep#fallback()
 * fallback} runs, which reads the source again. Nothing else re-reads a source.
 *
 * @param pipeline the pipeline name
 * @param steps    the steps in the order they run
 */
public record RunPlan(String pipeline, List<PlannedStep> steps) {
    public RunPlan {
        requireNonNull(pipeline, "pipeline");
        steps = List.copyOf(steps);
    }

    /** The plan of a step, by id. */
    public PlannedStep step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + id));
    }

    /** One line per step, for people: {@code extract movies: csv-copy, else append ... reads mysql:default#movies}. */
    public String describe() {
        return steps.stream().map(PlannedStep::describe).collect(Collectors.joining("\n"));
    }

    /**
     * One step of a plan.
     *
     * @param id           the step id
     * @param kind         {@code extract}, {@code transform} or {@code load}
     * @param route        the route planned ({@code csv-copy}, {@code file-export}, ...)
     * @param reads        what the step reads: its source for an extract, the steps a transform's
     *                     SQL names, the step a load writes
     * @param alternatives routes tried in order when the one before declines without having read
     *                     anything
     * @param fallback     the route taken when a route declines after it began reading the source,
     *                     which reads it again; empty when there is none
     */
    public record PlannedStep(String id, String kind, String route, List<String> reads, List<String> alternatives,
            String fallback) {
        public PlannedStep {
            requireNonNull(id, "id");
            requireNonNull(kind, "kind");
            requireNonNull(route, "route");
            reads = List.copyOf(reads);
            alternatives = List.copyOf(alternatives);
            requireNonNull(fallback, "fallback");
        }

        /** A step with one route and nothing to fall back on. */
        public PlannedStep(String id, String kind, String route, List<String> reads) {
            this(id, kind, route, reads, List.of(), "");
        }

        /** The fallback route, if the plan declares one. */
        public Optional<String> fallbackRoute() {
            return fallback.isEmpty() ? Optional.empty() : Optional.of(fallback);
        }

        /** The routes in the order they may run: {@code csv-copy, else rows-as-csv, else append}. */
        public String routes() {
            StringBuilder s = new StringBuilder(route);
            alternatives.forEach(a -> s.append(", else ").append(a));
            if (!fallback.isEmpty()) {
                s.append("; after a partial read: ").append(fallback).append(" (reads the source again)");
            }
            return s.toString();
        }

        /** The step in one line. */
        public String describe() {
            return kind + " " + id + ": " + routes() + (reads.isEmpty() ? "" : " <- " + String.join(", ", reads));
        }
    }
}
