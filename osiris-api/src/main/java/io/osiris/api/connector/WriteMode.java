package io.osiris.api.connector;

/** How a load treats rows already in the target table. */
public enum WriteMode {
    /** Adds rows; existing rows stay. */
    APPEND,
    /** Replaces the table's rows atomically: readers see the old rows or the new, never a mix or none. */
    REPLACE,
    /**
     * Inserts new rows and updates those whose primary key already exists; of a key repeated in
     * one load, the last row wins.
     */
    UPSERT,
    /**
     * In one transaction, deletes the target rows whose key ({@link LoadRequest#primaryKey()}) or
     * partition value ({@link LoadRequest#partitionBy()}) appears in the incoming rows, then inserts
     * the incoming rows as they are. Values match as {@code IS NOT DISTINCT FROM}: a NULL partition
     * value replaces the rows whose value is NULL.
     */
    DELETE_INSERT;

    /** The mode as pipelines spell it: {@code append}, {@code replace}, {@code upsert}, {@code delete_insert}. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
