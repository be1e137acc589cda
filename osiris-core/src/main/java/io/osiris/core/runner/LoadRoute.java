package io.osiris.core.runner;

/** A way a load's rows leave the engine. A route either writes or declines having written nothing. */
interface LoadRoute {

    /** The route's name, as plans and reports show it. */
    String name();

    RouteResult load(LoadCall call);
}
