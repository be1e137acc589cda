package io.osiris.core.runner;

import io.osiris.api.connector.LoadResult;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.core.engine.DatabaseFileScan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file-scan-into-load}: an extraction from a database file whose rows go to one
 * database load and nowhere else, run at that load's turn: the engine reads the file while the
 * loader takes the rows as CSV ({@link CsvImport}), with no table in between (a 2M-row Parquet
 * to supabase append: 1.1 s staging + 6.0 s loading became 5.8 s in all). The load's report
 * is kept for its turn, which follows at once.
 */
final class FileScanIntoLoadRoute implements ExtractRoute {
    private static final Logger LOG = LoggerFactory.getLogger(FileScanIntoLoadRoute.class);

    @Override
    public String name() {
        return Routes.FILE_SCAN_INTO_LOAD;
    }

    @Override
    public RouteResult extract(ExtractCall call) {
        Run run = call.run;
        LoadStep load = run.onlyLoadOf(call.step);
        LoadCall loadCall = new LoadCall(load, run);
        var bulk = run.connectors.forLoad(load).capability(CsvImport.class);
        List<String> columns = new ArrayList<>();
        // Rows read from the file are rows the loader took: counted in its CSV, shown as the extract's.
        Throttle throttle = run.throttle(call.step.id(), call.start);
        Optional<LoadResult> result = run.connectors.databaseFileOf(call.step).flatMap(file -> run.engine
                .capability(DatabaseFileScan.class).flatMap(scan -> scan.loadFileInto(file.path(),
                        call.step.extraction(), schema -> {
                            columns.addAll(schema.names());
                            SourceShapes.Shape shape = run.shapes.ofExtract(call.step, schema, run);
                            return bulk.flatMap(b -> b.csvLoad(loadCall.request(shape), shape.schema()))
                                    .map(csv -> new CountedCsvLoad(csv, throttle));
                        })));
        run.cancellation.check();
        if (result.isEmpty()) {
            return RouteResult.declined("the engine or the loader cannot move these rows as CSV");
        }
        long rows = result.get().rowsWritten();
        StepReport extracted = call.report(rows, -1, columns);
        run.written(new StepReport(load.id(), "load", loadCall.target, rows, -1, 0.0, columns));
        LOG.info("Load {} to {}: {} rows read straight from {} in {}s", load.id(), loadCall.target, rows,
                call.step.path(), extracted.seconds());
        return RouteResult.done(extracted);
    }
}
