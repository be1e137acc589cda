package io.osiris.core.runner;

import io.osiris.api.connector.Connector;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.ExtractStep;
import java.util.List;
import java.util.Optional;

/**
 * One extract step being run by its routes: the step, its run, where it reads, when it began,
 * and a stream a route opened but handed on before reading a row.
 */
final class ExtractCall {
    final ExtractStep step;
    final Run run;
    final String target;
    final long start = System.nanoTime();
    private RowStream opened;
    /** Set by the first split route that found the extraction reads as one stream, so no other plans again. */
    boolean oneStream;

    ExtractCall(ExtractStep step, Run run) {
        this.step = step;
        this.run = run;
        this.target = step.source() + ":" + (step.hasPath() ? step.path() : step.connection());
    }

    Connector connector() {
        return run.connectors.forExtract(step);
    }

    StepReport report(long rows, long bytes, List<String> columns) {
        return new StepReport(step.id(), "extract", target, rows, bytes, Run.seconds(start), columns);
    }

    /** Leaves an opened stream, no row read, for the next route. */
    void handOn(RowStream rows) {
        this.opened = rows;
    }

    /** The stream a route before handed on, if any; the caller now owns it. */
    Optional<RowStream> takeOpened() {
        RowStream rows = opened;
        opened = null;
        return Optional.ofNullable(rows);
    }
}
