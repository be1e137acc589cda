package io.osiris.core.runner;

import io.osiris.api.connector.capability.CsvCopy;
import io.osiris.api.connector.capability.CsvExport;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code csv-copy} and {@code csv-copy-into-file}: a source that writes its rows as CSV itself
 * ({@link CsvExport}, PostgreSQL's {@code COPY TO STDOUT}) feeds the engine's CSV reader, into
 * a table or straight into the extract's one load's file. Declines before reading when the source
 * offers no copy of these columns; after, when the engine declines the text.
 */
final class CsvCopyRoute implements ExtractRoute {
    private static final Logger LOG = LoggerFactory.getLogger(CsvCopyRoute.class);

    private final boolean intoFile;

    CsvCopyRoute(boolean intoFile) {
        this.intoFile = intoFile;
    }

    @Override
    public String name() {
        return intoFile ? Routes.CSV_COPY_INTO_FILE : Routes.CSV_COPY;
    }

    @Override
    public RouteResult extract(ExtractCall call) {
        Optional<CsvCopy> copy;
        try {
            copy = call.connector().capability(CsvExport.class).flatMap(c -> c.csvCopy(call.step.extraction()));
        } catch (RuntimeException e) {
            // The next route reads the rows and reports the problem in its own words.
            LOG.debug("Extract {}: no CSV copy ({})", call.step.id(), e.getMessage());
            return RouteResult.declined("the source could not prepare a CSV copy: " + e.getMessage());
        }
        if (copy.isEmpty()) {
            return RouteResult.declined("the source offers no CSV copy of these columns");
        }
        return CsvIntoEngine.write(call, copy.get(), intoFile).map(RouteResult::done)
                .orElseGet(() -> RouteResult.declinedAfterReading("the engine declined the CSV copy"));
    }
}
