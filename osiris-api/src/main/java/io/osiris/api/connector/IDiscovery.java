package io.osiris.api.connector;

import java.util.List;

/**
 * Reads what a source holds: its tables, their columns and keys, and sample rows. Core
 * builds caching, parallelism and progressive sampling on top; implementations answer
 * one question at a time and must be thread-safe.
 */
public interface IDiscovery {

    /** Sample size {@link #getTableInfo(String)} uses, the first step of progressive sampling. */
    int DEFAULT_SAMPLE_ROWS = 10;

    /** The tables and views, with row count estimates, sorted by name. */
    List<TableSummary> listTables();

    /**
     * Describes one table with up to {@code sampleRows} sample rows (0 for none).
     *
     * @throws io.osiris.api.ExecutionFailedException when the table does not exist, naming it
     */
    TableInfo getTableInfo(String table, int sampleRows);

    /** Describes one table with {@value #DEFAULT_SAMPLE_ROWS} sample rows. */
    default TableInfo getTableInfo(String table) {
        return getTableInfo(table, DEFAULT_SAMPLE_ROWS);
    }

    /** Up to {@code limit} rows of a table, each with one value per column in table order. */
    List<List<Object>> sampleRows(String table, int limit);
}
