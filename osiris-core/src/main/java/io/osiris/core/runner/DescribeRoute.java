package io.osiris.core.runner;

import io.osiris.api.data.RowSchema;

/**
 * {@code describe}: a dry run's extract. The source describes the extraction without reading a
 * row, and the engine gets an empty table of that shape for the transforms to bind against; a
 * source that would split the read names its split plan.
 */
final class DescribeRoute implements ExtractRoute {
    @Override
    public String name() {
        return Routes.DESCRIBE;
    }

    @Override
    public RouteResult extract(ExtractCall call) {
        RowSchema schema = call.connector().extractor().describe(call.step.extraction());
        call.run.engine.createEmpty(call.step.id(), schema);
        // A person reviewing the dry run sees how the run would split the read.
        String route = SplitRoute.dryPlan(call).map(plan -> Routes.DESCRIBE + " (a run splits: " + plan + ")")
                .orElse("");
        return RouteResult.done(call.report(0, -1, schema.names()).withRoute(route));
    }
}
