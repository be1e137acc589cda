package io.osiris.core.runner;

import io.osiris.core.engine.FileSystemUris;
import io.osiris.core.engine.TransformEngine;
import java.net.URI;

/**
 * {@code uri-export}: a file load whose path is a file system URI. The engine writes the table to
 * a temporary sibling of the target in that file system ({@link FileSystemUris}), moved onto the
 * target when the whole run succeeded and deleted otherwise ({@link PendingFiles}). The planner
 * gives such a load only this route: the rows are staged in the engine first, never written by an
 * extract's into-file path, which writes local files only.
 */
final class UriExportRoute implements LoadRoute {
    @Override
    public String name() {
        return Routes.URI_EXPORT;
    }

    @Override
    public RouteResult load(LoadCall call) {
        Run run = call.run;
        FileSystemUris files = run.engine.capability(FileSystemUris.class).orElseThrow();
        URI temp = run.files.uriTemp(call.step);
        // Registered before writing, so a write that fails half-way is deleted with the run.
        run.pending.add(new PendingFiles.PendingUri(files, temp, run.files.uriTarget(call.step), call.step.id()));
        long rows = files.export(call.step.from(), TransformEngine.FileFormat.of(call.step), temp);
        return RouteResult.done(call.report(rows, -1, call.schema().names()));
    }
}
