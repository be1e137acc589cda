package io.osiris.core.runner;

import io.osiris.api.pipeline.Pipeline;
import java.util.Map;

/**
 * Hears every run of a {@link PipelineRunner} (dry runs and plans excepted) start and end, and
 * each step finish in between: what keeps the run history of {@link io.osiris.core.Osiris}. A
 * runner runs one pipeline at a time, so calls of one run never interleave with another's;
 * {@link #stepFinished} comes from the runner's threads, and also during dry runs, which a
 * recorder ignores as no run has {@link #started}. A recorder must not throw: a run's outcome
 * is the run's, whatever happens to its record.
 */
public interface RunRecorder extends RunListener {
    /** Records nothing. */
    RunRecorder NONE = new RunRecorder() {
        @Override
        public void started(Pipeline pipeline, Map<String, String> values) {
        }

        @Override
        public void succeeded(RunReport report) {
        }

        @Override
        public void failed(RuntimeException failure, boolean cancelled) {
        }
    };

    /** A run of {@code pipeline} starts, with these values given for its variables. */
    void started(Pipeline pipeline, Map<String, String> values);

    /** The run committed; its report. */
    void succeeded(RunReport report);

    /**
     * The run failed with {@code failure}, which the runner throws next.
     *
     * @param cancelled whether the run was cancelled ({@link PipelineRunner#cancel()})
     */
    void failed(RuntimeException failure, boolean cancelled);
}
