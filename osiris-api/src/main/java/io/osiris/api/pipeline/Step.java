package io.osiris.api.pipeline;

/**
 * One step of a pipeline. Every step has an id unique in its pipeline; extract and transform
 * ids become table names in the transform engine.
 */
public sealed interface Step permits ExtractStep, TransformStep, LoadStep {

    /** The step id, unique in its pipeline ({@code [a-z_][a-z0-9_]*}). */
    String id();

    /** The data checks on the step's rows, run before any load of the run begins; empty when none. */
    java.util.List<Check> checks();
}
