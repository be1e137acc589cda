package io.osiris.core.runner;

import io.osiris.api.connector.LoadRequest;
import io.osiris.api.data.RowSchema;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;

/** One load step being run by its routes: the step, its run, where it writes, the rows' columns. */
final class LoadCall {
    final LoadStep step;
    final Run run;
    final String target;
    final long start = System.nanoTime();

    LoadCall(LoadStep step, Run run) {
        this.step = step;
        this.run = run;
        this.target = step.target().isFile() ? run.files.target(step).toString()
                : step.target() == LoadTarget.DUCKDB ? "duckdb:" + step.path() + "#" + step.table()
                : step.to() + ":" + step.connection() + "#" + step.table();
    }

    /** The columns of the table the load writes (read from the engine when asked). */
    RowSchema schema() {
        return run.engine.schemaOf(step.from());
    }

    LoadRequest request() {
        return new LoadRequest(step.table(), step.mode(), step.primaryKey(), step.partitionBy());
    }

    StepReport report(long rows, long bytes, java.util.List<String> columns) {
        return new StepReport(step.id(), "load", target, rows, bytes, Run.seconds(start), columns);
    }
}
