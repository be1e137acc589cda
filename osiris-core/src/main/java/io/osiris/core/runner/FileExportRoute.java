package io.osiris.core.runner;

import io.osiris.core.engine.TransformEngine;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code file-export}: the engine writes the table to a temporary file beside the target,
 * renamed into place when the whole run succeeded ({@link PendingFiles}).
 *
 * <p>This route reports no progress while it writes: the file is one {@code COPY ... TO}
 * statement inside the engine, with no stream of ours to count in. DuckDB can tell a running
 * statement's progress only with {@code enable_progress_bar} set for the whole database before
 * its configuration is locked, a cost every statement would pay that was not measured as free.
 */
final class FileExportRoute implements LoadRoute {
    @Override
    public String name() {
        return Routes.FILE_EXPORT;
    }

    @Override
    public RouteResult load(LoadCall call) {
        Run run = call.run;
        List<String> columns = call.schema().names();
        Path temp = run.files.temp(call.step);
        run.pending.add(new PendingFiles.PendingFile(temp, run.files.target(call.step), call.step.id()));
        long rows = run.engine.export(call.step.from(), TransformEngine.FileFormat.of(call.step), temp);
        return RouteResult.done(call.report(rows, CsvIntoEngine.size(temp), columns));
    }
}
