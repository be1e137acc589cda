package io.osiris.core.runner;

/** {@code dry}: a dry run's load, resolved (target, columns) and not written. */
final class DryLoadRoute implements LoadRoute {
    @Override
    public String name() {
        return Routes.DRY;
    }

    @Override
    public RouteResult load(LoadCall call) {
        return RouteResult.done(call.report(0, -1, call.schema().names()));
    }
}
