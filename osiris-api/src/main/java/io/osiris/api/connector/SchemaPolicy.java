package io.osiris.api.connector;

/**
 * What a database load does when its target table exists with columns other than the rows'
 * (see {@link SchemaDiff}). A table the load creates takes the rows' shape under either policy.
 */
public enum SchemaPolicy {
    /**
     * The table follows the rows: a new column is added (nullable), a column the rows lack gets
     * NULL or its default, and {@code replace} gives the new table the rows' shape. A column whose
     * values would not fit the table's type fails the load with the difference, before any row is
     * written.
     */
    EVOLVE,
    /** The table stays as it is: any difference fails the load before any row is written. */
    FREEZE
}
