package io.osiris.core.runner;

/**
 * A way an extract's rows reach the engine (or straight their load's file). A route either runs
 * or declines, saying whether it had begun reading the source; the plan decides what runs next.
 */
interface ExtractRoute {

    /** The route's name, as plans and reports show it. */
    String name();

    RouteResult extract(ExtractCall call);
}
