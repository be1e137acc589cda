package io.osiris.api.connector;

/** How a load treats rows already in the target table. */
public enum WriteMode {
    /** Adds rows; existing rows stay. */
    APPEND,
    /** Replaces the table's rows atomically: readers see the old rows or the new, never a mix or none. */
    REPLACE,
    /** Inserts new rows and updates those whose primary key already exists. */
    UPSERT
}
