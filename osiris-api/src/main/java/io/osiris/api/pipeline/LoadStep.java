package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.SchemaPolicy;
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
 * @param primaryKey the key columns; required for {@link WriteMode#UPSERT}, and for
 *                   {@link WriteMode#DELETE_INSERT} unless {@code partitionBy} is given
 * @param compression a Parquet file's codec ({@code snappy}, {@code zstd}, ...); empty for the
 *                    format's default, and for every other target
 * @param checks     the data checks on the rows of {@code from}, which must pass before any load of
 *                   the run begins; empty when none
 * @param partitionBy the columns whose values name the partitions a {@link WriteMode#DELETE_INSERT}
 *                    replaces; empty otherwise
 * @param schemaPolicy what a database load does when its table exists with other columns;
 *                   {@link SchemaPolicy#EVOLVE} unless set
 */
public record LoadStep(String id, String from, String to, String connection, String path, String table,
        WriteMode mode, List<String> primaryKey, String compression, List<Check> checks, List<String> partitionBy,
        SchemaPolicy schemaPolicy) implements Step {

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
        checks = List.copyOf(checks);
        partitionBy = List.copyOf(partitionBy);
        requireNonNull(schemaPolicy, "schemaPolicy");
    }

    /** A load without partition columns that evolves an existing table. */
    public LoadStep(String id, String from, String to, String connection, String path, String table, WriteMode mode,
            List<String> primaryKey, String compression, List<Check> checks) {
        this(id, from, to, connection, path, table, mode, primaryKey, compression, checks, List.of(),
                SchemaPolicy.EVOLVE);
    }

    /** A load that evolves an existing table. */
    public LoadStep(String id, String from, String to, String connection, String path, String table, WriteMode mode,
            List<String> primaryKey, String compression, List<Check> checks, List<String> partitionBy) {
        this(id, from, to, connection, path, table, mode, primaryKey, compression, checks, partitionBy,
                SchemaPolicy.EVOLVE);
    }

    /** A load without partition columns. */
    public LoadStep(String id, String from, String to, String connection, String path, String table, WriteMode mode,
            List<String> primaryKey, String compression, List<Check> checks, SchemaPolicy schemaPolicy) {
        this(id, from, to, connection, path, table, mode, primaryKey, compression, checks, List.of(), schemaPolicy);
    }

    /** A load without checks. */
    public LoadStep(String id, String from, String to, String connection, String path, String table, WriteMode mode,
            List<String> primaryKey, String compression) {
        this(id, from, to, connection, path, table, mode, primaryKey, compression, List.of());
    }

    /** This step with {@code checks} instead of its own. */
    public LoadStep withChecks(List<Check> checks) {
        return new LoadStep(id, from, to, connection, path, table, mode, primaryKey, compression, checks, partitionBy,
                schemaPolicy);
    }

    /** This step writing the file {@code path} instead of its own. */
    public LoadStep withPath(String path) {
        return new LoadStep(id, from, to, connection, path, table, mode, primaryKey, compression, checks, partitionBy,
                schemaPolicy);
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

    /**
     * A builder for the step {@code id}:
     * {@code LoadStep.builder("save").from("ranked").toCsv("output/top.csv").build()}.
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A load of step {@code from} into a file of {@code format} (CSV, Parquet or JSON). */
    public static LoadStep toFile(String id, String from, LoadTarget format, String path) {
        return builder(id).from(from).toFile(format, path).build();
    }

    /** Builds a {@link LoadStep}: where from, then a file, a DuckDB table or a connector's table. */
    public static final class Builder {
        private final String id;
        private String from = "";
        private String to;
        private String connection = ExtractStep.DEFAULT_CONNECTION;
        private String path = "";
        private String table = "";
        private WriteMode mode;
        private List<String> primaryKey = List.of();
        private String compression = "";
        private List<Check> checks = List.of();
        private List<String> partitionBy = List.of();
        private SchemaPolicy schemaPolicy = SchemaPolicy.EVOLVE;

        private Builder(String id) {
            this.id = requireNonNull(id, "id");
        }

        /** The extract or transform to write; by default the last transform, else the only extract. */
        public Builder from(String step) {
            this.from = requireNonNull(step, "step");
            return this;
        }

        /** Writes a file of {@code format} ({@link LoadTarget#CSV}, {@link LoadTarget#PARQUET}, {@link LoadTarget#JSON}). */
        public Builder toFile(LoadTarget format, String file) {
            if (!format.isFile()) {
                throw new IllegalArgumentException(format + " is not a file format; use toDuckDb or toConnector");
            }
            this.to = format.name().toLowerCase(java.util.Locale.ROOT);
            this.path = requireNonNull(file, "file");
            return this;
        }

        /** Writes a CSV file (header row, RFC 4180 quoting), replaced as a whole (or a new part per run with append). */
        public Builder toCsv(String file) {
            return toFile(LoadTarget.CSV, file);
        }

        /** Writes a Parquet file, replaced as a whole; see {@link #compression}. */
        public Builder toParquet(String file) {
            return toFile(LoadTarget.PARQUET, file);
        }

        /** Writes newline-delimited JSON, replaced as a whole. */
        public Builder toJson(String file) {
            return toFile(LoadTarget.JSON, file);
        }

        /** Writes {@code table} in the DuckDB database file {@code file}. */
        public Builder toDuckDb(String file, String table) {
            this.to = "duckdb";
            this.path = requireNonNull(file, "file");
            this.table = requireNonNull(table, "table");
            return this;
        }

        /** Writes {@code table} through connector {@code type} (its {@code default} connection unless set). */
        public Builder toConnector(String type, String table) {
            this.to = requireNonNull(type, "type");
            this.table = requireNonNull(table, "table");
            return this;
        }

        /** The named connection of a connector target. */
        public Builder connection(String name) {
            this.connection = requireNonNull(name, "name");
            return this;
        }

        /** How rows already in a target table are treated ({@link WriteMode#APPEND} unless set). */
        public Builder mode(WriteMode value) {
            this.mode = requireNonNull(value, "value");
            return this;
        }

        /** Upserts on these key columns: {@code mode(UPSERT)} with its primary key. */
        public Builder upsertOn(String... keyColumns) {
            return mode(WriteMode.UPSERT).primaryKey(keyColumns);
        }

        /** The key columns of the target table. */
        public Builder primaryKey(String... columns) {
            this.primaryKey = List.of(columns);
            return this;
        }

        /**
         * Replaces, in one transaction, the target rows whose values of {@code columns} appear in
         * the rows loaded: {@code mode(DELETE_INSERT)} with its partition columns. For a key
         * instead, {@code mode(DELETE_INSERT).primaryKey(...)}.
         */
        public Builder deleteInsertPartitions(String... columns) {
            return mode(WriteMode.DELETE_INSERT).partitionBy(columns);
        }

        /** The partition columns of a {@link WriteMode#DELETE_INSERT}. */
        public Builder partitionBy(String... columns) {
            this.partitionBy = List.of(columns);
            return this;
        }

        /** A Parquet file's codec, one of {@link #PARQUET_COMPRESSIONS}. */
        public Builder compression(String codec) {
            this.compression = requireNonNull(codec, "codec");
            return this;
        }

        /** Data checks on the rows loaded, which must pass before any load of the run begins. */
        public Builder checks(Check... all) {
            this.checks = List.of(all);
            return this;
        }

        /** What the load does when its table exists with other columns ({@link SchemaPolicy#EVOLVE} unless set). */
        public Builder schemaPolicy(SchemaPolicy policy) {
            this.schemaPolicy = requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The step; a file is replaced as a whole unless {@code append} was asked for (a new part
         * file per run); a key-based mode on a file is refused by validation, as in YAML.
         *
         * @throws IllegalStateException when no target was given
         */
        public LoadStep build() {
            if (to == null) {
                throw new IllegalStateException("load step '" + id + "': say where to write with toCsv, toParquet,"
                        + " toJson, toDuckDb or toConnector");
            }
            WriteMode effective = mode != null ? mode : LoadTarget.of(to).isFile() ? WriteMode.REPLACE
                    : WriteMode.APPEND;
            return new LoadStep(id, from, to, connection, path, table, effective, primaryKey, compression, checks,
                    partitionBy, schemaPolicy);
        }
    }
}
