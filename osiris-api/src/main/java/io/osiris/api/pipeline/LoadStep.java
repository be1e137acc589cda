package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.WriteMode;
import java.util.List;

/**
 * Writes the table of an earlier step to a file or a database.
 *
 * @param id         the step id
 * @param from       the id of the extract or transform whose rows are written
 * @param to         {@code csv}, {@code parquet}, {@code json}, {@code duckdb} or a connector type
 * @param connection the named connection of a connector target; {@code default} unless set
 * @param path       the file to write, for file targets and {@code duckdb}; empty otherwise
 * @param table      the target table, for {@code duckdb} and connector targets; empty otherwise
 * @param mode       how rows already in a target table are treated; {@link WriteMode#APPEND} unless set
 * @param primaryKey the key columns; required for {@link WriteMode#UPSERT}
 * @param compression a Parquet file's codec ({@code snappy}, {@code zstd}, ...); empty for the
 *                    format's default, and for every other target
 */
public record LoadStep(String id, String from, String to, String connection, String path, String table,
        WriteMode mode, List<String> primaryKey, String compression) implements Step {

    /** The codecs a Parquet load may name, as DuckDB's Parquet writer spells them. */
    public static final List<String> PARQUET_COMPRESSIONS = List.of("snappy", "zstd", "gzip", "lz4_raw", "lz4",
            "brotli", "uncompressed");

    public LoadStep {
        requireNonNull(id, "id");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(connection, "connection");
        requireNonNull(path, "path");
        requireNonNull(table, "table");
        requireNonNull(mode, "mode");
        primaryKey = List.copyOf(primaryKey);
        requireNonNull(compression, "compression");
    }

    /** A load with the target format's default compression. */
    public LoadStep(String id, String from, String to, String connection, String path, String table, WriteMode mode,
            List<String> primaryKey) {
        this(id, from, to, connection, path, table, mode, primaryKey, "");
    }

    /** What kind of target {@link #to()} names. */
    public LoadTarget target() {
        return LoadTarget.of(to);
    }
}
