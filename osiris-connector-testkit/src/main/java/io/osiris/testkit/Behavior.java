package io.osiris.testkit;

/**
 * Capabilities a connector may lack. A connector declares what it does not do by
 * overriding {@link ConnectorKitBase#hasBehavior(Behavior)}; the kit then skips those
 * tests instead of the connector copying or deleting them.
 */
public enum Behavior {
    /** Runs SQL queries ({@code Extraction.Query}) and reports SQL errors. */
    QUERY,
    /** Filters table extractions with a {@code where} condition. */
    WHERE_FILTER,
    /** Reports foreign keys in discovery. */
    FOREIGN_KEYS,
    /** Writes through an {@code ILoader}. */
    WRITE,
    /** Upserts on a primary key. */
    UPSERT,
    /** Authenticates, so wrong credentials can be tested. */
    CREDENTIALS,
    /** Holds DECIMAL(38,0) and DECIMAL(38,10) exactly (a source without 38-digit decimals says no). */
    WIDE_DECIMALS,
    /** Stops a running extraction on {@code RowStream.cancel()}. */
    CANCEL,
    /**
     * Judges an existing table by the request's {@code SchemaPolicy}: evolve adds a new column,
     * freeze refuses it before writing a row.
     */
    SCHEMA_POLICY
}
