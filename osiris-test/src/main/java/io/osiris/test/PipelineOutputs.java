package io.osiris.test;

import static java.util.Objects.requireNonNull;

import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.runner.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a pipeline run left behind: each load's output read back as {@link Rows} (files through
 * DuckDB's CSV, Parquet and JSON readers, tables from the replaced connections), the files
 * themselves, and the run's report.
 */
public final class PipelineOutputs {
    private final PipelineHarness harness;
    private final Pipeline pipeline;
    private final RunReport report;

    PipelineOutputs(PipelineHarness harness, Pipeline pipeline, RunReport report) {
        this.harness = harness;
        this.pipeline = pipeline;
        this.report = report;
    }

    /** The run's report: each step's rows, bytes, seconds and route. */
    public RunReport report() {
        return report;
    }

    /** The pipeline as it was validated and run. */
    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * The rows a load wrote, named by its step id or by what it writes as the pipeline spells it:
     * a file's {@code path} ({@code output/top.csv}) or a table. For a table, that is the whole
     * table after the run, rows given by the test included (what an append or upsert left).
     *
     * @throws IllegalArgumentException naming the pipeline's loads when none matches
     */
    public Rows rows(String load) {
        LoadStep step = load(requireNonNull(load, "load"));
        return switch (step.target()) {
            case CSV, PARQUET, JSON -> FileRows.file(file(step.path()), step.target(), harness.tempDirectory());
            case DUCKDB -> table(DuckDbConnectorProvider.TYPE, step.path(), step.table());
            case CONNECTOR -> table(step.to(), step.connection(), step.table());
        };
    }

    /**
     * A table of a replaced connection after the run ({@code "duckdb"} and a path for a DuckDB
     * file): a source's table, or a target's whatever load wrote it.
     *
     * @throws IllegalArgumentException naming the tables there are when it has none of that name
     */
    public Rows table(String type, String connection, String table) {
        Path file = type.equals(DuckDbConnectorProvider.TYPE) && !isConnection(connection)
                ? harness.directory().resolve(connection) : harness.standInFile(type, connection);
        List<String> tables = FileRows.tables(file);
        if (!tables.contains(table)) {
            throw new IllegalArgumentException("no table '" + table + "' in " + type + "." + connection
                    + " after the run; it has " + (tables.isEmpty() ? "none" : tables));
        }
        return FileRows.table(file, table);
    }

    /** The file at a path as the pipeline spells it, resolved where the run wrote it. */
    public Path file(String path) {
        return harness.directory().resolve(requireNonNull(path, "path")).normalize();
    }

    private boolean isConnection(String name) {
        return pipeline.extracts().stream().anyMatch(e -> e.source().equals(DuckDbConnectorProvider.TYPE)
                && !e.hasPath() && e.connection().equals(name));
    }

    private LoadStep load(String name) {
        List<LoadStep> loads = pipeline.loads();
        for (LoadStep l : loads) {
            if (l.id().equals(name)) {
                return l;
            }
        }
        List<LoadStep> matches = loads.stream().filter(l -> l.target().isFile() || l.target() == LoadTarget.DUCKDB
                ? !l.path().isEmpty() && file(l.path()).equals(file(name)) || l.table().equals(name)
                : l.table().equals(name)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String known = loads.stream().map(PipelineOutputs::describe).collect(Collectors.joining(", "));
        throw new IllegalArgumentException((matches.isEmpty() ? "no load '" + name + "'"
                : "'" + name + "' names several loads") + " in pipeline " + pipeline.name() + "; its loads: " + known);
    }

    private static String describe(LoadStep l) {
        return l.id() + " (" + switch (l.target()) {
            case CSV, PARQUET, JSON -> l.to() + " " + l.path();
            case DUCKDB -> "duckdb " + l.path() + " table " + l.table();
            case CONNECTOR -> l.to() + "." + l.connection() + " table " + l.table();
        } + ")";
    }
}
