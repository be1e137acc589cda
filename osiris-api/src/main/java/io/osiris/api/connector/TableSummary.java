package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

/**
 * A table as {@link IDiscovery#listTables()} lists it.
 *
 * @param name             the table name, schema-qualified where the source has schemas beyond the default
 * @param kind             table or view
 * @param rowCountEstimate the source's estimate of its rows, or -1 when unknown
 */
public record TableSummary(String name, TableKind kind, long rowCountEstimate) {
    public TableSummary {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
    }
}
