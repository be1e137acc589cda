package io.osiris.api.connector;

/** Whether a relation stores rows or is defined by a query. */
public enum TableKind {
    /** A base table. */
    TABLE,
    /** A view (or materialised view). */
    VIEW
}
