package io.osiris.core.runner;

import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.data.RowSchema;
import io.osiris.core.engine.CsvEgress;

/**
 * {@code csv-import}: the engine writes the table as the bulk CSV text ({@link CsvEgress})
 * that the loader's bulk path parses ({@link CsvImport}); no row becomes Java objects (a 2M-row
 * Parquet to supabase append's load: 6.5 s became about 5 s, psql's {@code \copy} taking 5.0 s).
 * Declines, having written nothing, when the loader or the engine cannot for these columns.
 */
final class CsvImportRoute implements LoadRoute {
    @Override
    public String name() {
        return Routes.CSV_IMPORT;
    }

    @Override
    public RouteResult load(LoadCall call) {
        Run run = call.run;
        RowSchema schema = call.schema();
        var csvLoad = run.connectors.forLoad(call.step).capability(CsvImport.class)
                .flatMap(c -> c.csvLoad(call.request(), schema));
        var egress = run.engine.capability(CsvEgress.class);
        if (csvLoad.isEmpty() || egress.isEmpty()) {
            return RouteResult.declined("the loader takes no CSV of these columns");
        }
        Throttle throttle = run.throttle(call.step.id(), call.start);
        return egress.get().exportCsv(call.step.from(), new CountedCsvLoad(csvLoad.get(), throttle))
                .map(result -> RouteResult.done(call.report(result.rowsWritten(), -1, schema.names())))
                .orElseGet(() -> RouteResult.declined("the engine cannot write this table as CSV"));
    }
}
