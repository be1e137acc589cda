package io.osiris.api.pipeline;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.Extraction;
import java.util.List;
import java.util.Optional;

/**
 * Reads rows from a source into a table named after the step.
 *
 * @param id         the step id and the name of the table transforms read
 * @param source     the connector type ({@code mysql}, {@code supabase}, {@code duckdb})
 * @param connection the named connection in {@code .osiris.yaml}; {@code default} unless set
 * @param path       a file-based source's file ({@code duckdb}), used instead of a named
 *                   connection; empty when the connection is named
 * @param extraction the query, or the table with optional columns and filter
 * @param checks     the data checks on the rows read; empty when none
 * @param incremental how a run reads only new and changed rows; empty to read every row each run
 * @param parallelism how many splits to read at once where the source can split the extraction;
 *                   {@link Parallelism#AUTO} unless set
 */
public record ExtractStep(String id, String source, String connection, String path, Extraction extraction,
        List<Check> checks, Optional<Incremental> incremental, Parallelism parallelism) implements Step {

    /** The connection name used when a step names none. */
    public static final String DEFAULT_CONNECTION = "default";

    public ExtractStep {
        requireNonNull(id, "id");
        requireNonNull(source, "source");
        requireNonNull(connection, "connection");
        requireNonNull(path, "path");
        requireNonNull(extraction, "extraction");
        checks = List.copyOf(checks);
        requireNonNull(incremental, "incremental");
        requireNonNull(parallelism, "parallelism");
    }

    /** A step with automatic parallelism. */
    public ExtractStep(String id, String source, String connection, String path, Extraction extraction,
            List<Check> checks, Optional<Incremental> incremental) {
        this(id, source, connection, path, extraction, checks, incremental, Parallelism.AUTO);
    }

    /** A step that reads every row each run. */
    public ExtractStep(String id, String source, String connection, String path, Extraction extraction,
            List<Check> checks) {
        this(id, source, connection, path, extraction, checks, Optional.empty());
    }

    /** A step without checks. */
    public ExtractStep(String id, String source, String connection, String path, Extraction extraction) {
        this(id, source, connection, path, extraction, List.of());
    }

    /** This step with {@code checks} instead of its own. */
    public ExtractStep withChecks(List<Check> checks) {
        return new ExtractStep(id, source, connection, path, extraction, checks, incremental, parallelism);
    }

    /** This step reading {@code extraction} instead of its own. */
    public ExtractStep withExtraction(Extraction extraction) {
        return new ExtractStep(id, source, connection, path, extraction, checks, incremental, parallelism);
    }

    /** This step reading the file {@code path} instead of its own (a file-based source). */
    public ExtractStep withPath(String path) {
        return new ExtractStep(id, source, connection, path, extraction, checks, incremental, parallelism);
    }

    /** This step reading incrementally, as {@code incremental} says. */
    public ExtractStep withIncremental(Incremental incremental) {
        return new ExtractStep(id, source, connection, path, extraction, checks,
                Optional.of(requireNonNull(incremental, "incremental")), parallelism);
    }

    /** This step reading with {@code parallelism} splits at once where the source can split it. */
    public ExtractStep withParallelism(Parallelism parallelism) {
        return new ExtractStep(id, source, connection, path, extraction, checks, incremental,
                requireNonNull(parallelism, "parallelism"));
    }

    /** Whether the source is given by a file path rather than a named connection. */
    public boolean hasPath() {
        return !path.isEmpty();
    }

    /**
     * A builder for the step {@code id}:
     * {@code ExtractStep.builder("movies").source("mysql").query("SELECT * FROM movies").build()}.
     */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Builds an {@link ExtractStep}: a source, then a query or a table (with columns, filter, limit). */
    public static final class Builder {
        private final String id;
        private String source;
        private String connection = DEFAULT_CONNECTION;
        private String path = "";
        private String query;
        private String table;
        private List<String> columns = List.of();
        private String where = "";
        private long limit;
        private List<Check> checks = List.of();
        private Incremental incremental;
        private Parallelism parallelism = Parallelism.AUTO;

        private Builder(String id) {
            this.id = requireNonNull(id, "id");
        }

        /** The connector type to read from ({@code mysql}, {@code supabase}, {@code duckdb}, a plugin's). */
        public Builder source(String type) {
            this.source = requireNonNull(type, "type");
            return this;
        }

        /** The named connection of the configuration ({@code default} unless set). */
        public Builder connection(String name) {
            this.connection = requireNonNull(name, "name");
            return this;
        }

        /** A database file to read instead of a named connection (a {@code duckdb} source). */
        public Builder path(String file) {
            this.path = requireNonNull(file, "file");
            return this;
        }

        /** Reads {@code file} with the built-in {@code duckdb} connector: {@code source("duckdb").path(file)}. */
        public Builder duckDbFile(String file) {
            return source("duckdb").path(file);
        }

        /** One read-only statement (SELECT, WITH ... SELECT, VALUES) in the source's SQL. */
        public Builder query(String sql) {
            this.query = requireNonNull(sql, "sql");
            return this;
        }

        /** A table to read, instead of a query. */
        public Builder table(String name) {
            this.table = requireNonNull(name, "name");
            return this;
        }

        /** With {@link #table}: the columns to read (all by default). */
        public Builder columns(String... names) {
            this.columns = List.of(names);
            return this;
        }

        /** With {@link #table}: one condition filtering the rows. */
        public Builder where(String condition) {
            this.where = requireNonNull(condition, "condition");
            return this;
        }

        /** At most this many rows (0, the default: no limit). */
        public Builder limit(long rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("limit must be >= 0");
            }
            this.limit = rows;
            return this;
        }

        /** Data checks on the rows read, run before any load of the run begins. */
        public Builder checks(Check... all) {
            this.checks = List.of(all);
            return this;
        }

        /**
         * Reads only the rows new or changed since the last committed run:
         * {@code incremental(Incremental.on("updated_at").withLookback(Duration.ofMinutes(10)))}.
         */
        public Builder incremental(Incremental incremental) {
            this.incremental = requireNonNull(incremental, "incremental");
            return this;
        }

        /** Reads {@code splits} splits at once where the source can split the extraction (at least 1). */
        public Builder parallelism(int splits) {
            this.parallelism = Parallelism.of(splits);
            return this;
        }

        /** How many splits to read at once: {@link Parallelism#AUTO} (the default) or a number. */
        public Builder parallelism(Parallelism parallelism) {
            this.parallelism = requireNonNull(parallelism, "parallelism");
            return this;
        }

        /**
         * The step. Whether it is valid (a known type, safe SQL) is checked where every
         * pipeline is, when it is validated or run.
         *
         * @throws IllegalStateException when the source, or the query or table, is missing
         */
        public ExtractStep build() {
            if (source == null) {
                throw new IllegalStateException("extract step '" + id + "': say where to read with source(type)");
            }
            if ((query == null) == (table == null)) {
                throw new IllegalStateException("extract step '" + id + "': give either query(sql) or table(name)"
                        + (query == null ? "" : ", not both"));
            }
            if (query != null && (!columns.isEmpty() || !where.isEmpty())) {
                throw new IllegalStateException("extract step '" + id + "': columns and where go with table(name);"
                        + " put them in the query instead");
            }
            if (incremental != null && limit > 0) {
                throw new IllegalStateException("extract step '" + id + "': limit cannot go with incremental;"
                        + " a partial read would skip rows below the new watermark");
            }
            Extraction extraction = query != null ? new Extraction.Query(query, limit)
                    : new Extraction.Table(table, columns, where, limit);
            return new ExtractStep(id, source, connection, path, extraction, checks,
                    Optional.ofNullable(incremental), parallelism);
        }
    }
}
