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
    private SourceShapes.Shape shape;

    LoadCall(LoadStep step, Run run) {
        this.step = step;
        this.run = run;
        this.target = step.target().isFile() ? run.files.shown(step)
                : step.target() == LoadTarget.DUCKDB ? "duckdb:" + step.path() + "#" + step.table()
                : step.to() + ":" + step.connection() + "#" + step.table();
    }

    /**
     * The columns of the table the load writes (read from the engine when asked); for a table
     * target, with what the source said of them ({@link SourceShapes}).
     */
    RowSchema schema() {
        return shape().schema();
    }

    private SourceShapes.Shape shape() {
        if (shape == null) {
            shape = step.target().isFile() ? new SourceShapes.Shape(run.engine.schemaOf(step.from()),
                    java.util.List.of()) : run.shapes.of(step.from(), run);
        }
        return shape;
    }

    /** The request: the step's key, else the source's that holds for the rows. */
    LoadRequest request() {
        return request(shape());
    }

    /** The request for rows of {@code shape}. */
    LoadRequest request(SourceShapes.Shape rows) {
        return new LoadRequest(step.table(), step.mode(),
                step.primaryKey().isEmpty() ? rows.primaryKey() : step.primaryKey(), step.partitionBy(),
                step.schemaPolicy());
    }

    StepReport report(long rows, long bytes, java.util.List<String> columns) {
        return new StepReport(step.id(), "load", target, rows, bytes, Run.seconds(start), columns);
    }
}
