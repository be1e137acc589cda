package io.osiris.core.runner;

/**
 * {@code written-by-extract}: the load was written while its extract ran (straight into its
 * file, or read from a database file into its loader); its report is given at its turn.
 * Declines when the extract took a route that did not write it.
 */
final class WrittenByExtractRoute implements LoadRoute {
    @Override
    public String name() {
        return Routes.WRITTEN_BY_EXTRACT;
    }

    @Override
    public RouteResult load(LoadCall call) {
        return call.run.written(call.step.id()).map(RouteResult::done)
                .orElseGet(() -> RouteResult.declined("its extract took a route that does not write it"));
    }
}
