package io.osiris.core.runner;

import io.osiris.api.connector.capability.DatabaseFile;
import io.osiris.core.engine.DatabaseFileScan;
import java.util.Optional;

/**
 * {@code file-scan}: the engine opens the source's database file itself and copies the
 * extraction into a table in its own SQL; no row passes through Java.
 */
final class FileScanRoute implements ExtractRoute {
    @Override
    public String name() {
        return Routes.FILE_SCAN;
    }

    @Override
    public RouteResult extract(ExtractCall call) {
        Run run = call.run;
        Optional<DatabaseFile> file = run.connectors.databaseFileOf(call.step);
        if (file.isEmpty()) {
            return RouteResult.declined("the source declares no database file at the step's path");
        }
        return run.engine.capability(DatabaseFileScan.class)
                .flatMap(scan -> scan.loadFromFile(call.step.id(), file.get().path(), call.step.extraction()))
                .map(loaded -> RouteResult.done(call.report(loaded.rows(), loaded.bytes(),
                        run.engine.schemaOf(call.step.id()).names())))
                .orElseGet(() -> RouteResult.declined("the engine would not copy this file's rows exactly"));
    }
}
