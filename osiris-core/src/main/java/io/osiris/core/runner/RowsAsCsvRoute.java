package io.osiris.core.runner;

import io.osiris.api.data.RowStream;
import java.util.Optional;

/**
 * {@code rows-as-csv} and {@code rows-as-csv-into-file}: any source's rows encoded as the bulk
 * CSV text here ({@link RowsAsCsv}), on a thread of their own while the source is read on
 * another, for the engine's CSV reader: a 2M-row mysql to parquet run took 5.9 s instead of
 * 9.2 s through the engine's row-at-a-time load (bench/README.md, round 3). A stream with a
 * column that has no text form is handed on, unread, to the next route.
 */
final class RowsAsCsvRoute implements ExtractRoute {
    private final boolean intoFile;

    RowsAsCsvRoute(boolean intoFile) {
        this.intoFile = intoFile;
    }

    @Override
    public String name() {
        return intoFile ? Routes.ROWS_AS_CSV_INTO_FILE : Routes.ROWS_AS_CSV;
    }

    @Override
    public RouteResult extract(ExtractCall call) {
        Run run = call.run;
        RowStream first = call.takeOpened()
                .orElseGet(() -> call.connector().extractor().extract(call.step.extraction()));
        if (!RowsAsCsv.encodes(first.schema())) {
            call.handOn(first);
            return RouteResult.declined("a column has no CSV text form");
        }
        run.cancellation.track(first);
        try (first; RowStream ahead = PrefetchingRowStream.start(first, call.step.id())) {
            Optional<StepReport> copied = CsvIntoEngine.write(call, new RowsAsCsv(ahead), intoFile);
            return copied.map(RouteResult::done)
                    .orElseGet(() -> RouteResult.declinedAfterReading("the engine declined the rows as CSV"));
        } finally {
            run.cancellation.untrack(first);
        }
    }
}
