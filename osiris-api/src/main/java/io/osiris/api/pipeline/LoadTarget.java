package io.osiris.api.pipeline;

import java.util.Locale;

/** Where a load writes: a file format, a DuckDB file, or a connector (a database). */
public enum LoadTarget {
    /** A CSV file with a header row, comma separated, quoted as RFC 4180. */
    CSV,
    /** A Parquet file with the engine's default compression. */
    PARQUET,
    /** Newline-delimited JSON: one object per row, one row per line. */
    JSON,
    /** A table in a DuckDB database file, written through the built-in {@code duckdb} connector. */
    DUCKDB,
    /** A table in a database reached through a connector type. */
    CONNECTOR;

    /** The target a {@code to:} value names: a file format, {@code duckdb}, else a connector type. */
    public static LoadTarget of(String to) {
        return switch (to.toLowerCase(Locale.ROOT)) {
            case "csv" -> CSV;
            case "parquet" -> PARQUET;
            case "json" -> JSON;
            case "duckdb" -> DUCKDB;
            default -> CONNECTOR;
        };
    }

    /** Whether the target is a file written by the engine ({@code csv}, {@code parquet}, {@code json}). */
    public boolean isFile() {
        return this == CSV || this == PARQUET || this == JSON;
    }
}
