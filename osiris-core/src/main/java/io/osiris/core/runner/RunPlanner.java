package io.osiris.core.runner;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.LoadRequest;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.connector.capability.CsvExport;
import io.osiris.api.connector.capability.CsvImport;
import io.osiris.api.connector.capability.SplitRead;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Parallelism;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.engine.CsvEgress;
import io.osiris.core.engine.CsvIngest;
import io.osiris.core.engine.DatabaseFileScan;
import io.osiris.core.engine.FileSystemUris;
import io.osiris.core.engine.SplitExtract;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.sql.SqlSafety;
import io.osiris.core.write.FileUris;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses every step's route once, before anything moves, from what the connectors and the
 * engine declare they can do ({@code capability(...)}) and what each step reads
 * ({@link StepReads}); see {@link RunPlan}. Nothing here moves a row or guesses from a type name.
 */
final class RunPlanner {
    /** The id of the planned step that runs every data check of the run. */
    static final String CHECKS = "checks";

    private final Pipeline pipeline;
    private final ConnectorCache connectors;
    private final TransformEngine engine;
    private final StepReads reads;
    private final boolean rowsAsCsv;
    private final Set<String> checked;

    RunPlanner(Pipeline pipeline, ConnectorCache connectors, TransformEngine engine, StepReads reads,
            boolean rowsAsCsv) {
        this.pipeline = pipeline;
        this.connectors = connectors;
        this.engine = engine;
        this.reads = reads;
        this.rowsAsCsv = rowsAsCsv;
        this.checked = DataChecks.tablesRead(pipeline);
    }

    /**
     * Every extraction checked again in its connector's dialect before anything runs: a
     * pipeline built in code never went through the parser's check.
     */
    static void checkSql(Pipeline pipeline, ConnectorCache connectors) {
        List<Problem> refused = new ArrayList<>();
        for (int i = 0; i < pipeline.extracts().size(); i++) {
            ExtractStep step = pipeline.extracts().get(i);
            String where = "extract[" + i + "]." + (step.extraction() instanceof Extraction.Query ? "query" : "where");
            SqlSafety.forDialect(connectors.forExtract(step).dialect()).refusal(step.extraction())
                    .ifPresent(reason -> refused.add(new Problem("", where, 0, "refused SQL: " + reason)));
        }
        if (!refused.isEmpty()) {
            throw new ValidationException(refused);
        }
    }

    /**
     * The plan of a run: extracts (in parallel), transforms, then loads in order, an extract
     * read straight into its one database load placed just before it.
     *
     * @throws ConfigurationException when a load's connector cannot write
     */
    RunPlan plan() {
        List<RunPlan.PlannedStep> extracts = new ArrayList<>();
        Map<String, RunPlan.PlannedStep> beforeLoad = new HashMap<>();
        Set<String> writtenByExtract = new HashSet<>();
        for (ExtractStep e : pipeline.extracts()) {
            RunPlan.PlannedStep planned = extract(e);
            List<String> routes = routes(planned);
            if (routes.stream().anyMatch(Routes::writesLoad)) {
                writtenByExtract.add(onlyReader(e).id());
            }
            if (planned.route().equals(Routes.FILE_SCAN_INTO_LOAD)) {
                beforeLoad.put(onlyReader(e).id(), planned);
            } else {
                extracts.add(planned);
            }
        }
        List<RunPlan.PlannedStep> steps = new ArrayList<>(extracts);
        for (TransformStep t : pipeline.transforms()) {
            steps.add(new RunPlan.PlannedStep(t.id(), "transform", Routes.SQL, reads.tablesOf(t.id())));
        }
        List<String> checkedSteps = DataChecks.withChecks(pipeline).stream().map(s -> s.id()).toList();
        if (!checkedSteps.isEmpty()) {
            steps.add(new RunPlan.PlannedStep(CHECKS, "check", Routes.CHECKS_BEFORE_LOADS, checkedSteps));
        }
        for (LoadStep l : pipeline.loads()) {
            if (beforeLoad.containsKey(l.id())) {
                steps.add(beforeLoad.get(l.id()));
            }
            steps.add(load(l, writtenByExtract.contains(l.id())));
        }
        return new RunPlan(pipeline.name(), steps);
    }

    /** The plan a dry run follows: every source described, every transform bound, nothing written. */
    static RunPlan dry(RunPlan plan) {
        return new RunPlan(plan.pipeline(), plan.steps().stream().map(s -> new RunPlan.PlannedStep(s.id(), s.kind(),
                switch (s.kind()) {
                    case "extract" -> Routes.DESCRIBE;
                    case "transform" -> Routes.BIND;
                    case "check" -> Routes.BIND_CHECKS;
                    default -> Routes.DRY;
                }, s.reads())).toList());
    }

    private RunPlan.PlannedStep extract(ExtractStep e) {
        Connector source = connectors.forExtract(e);
        List<LoadStep> readers = pipeline.loads().stream().filter(l -> l.from().equals(e.id())).toList();
        // Rows a check reads must be staged in the engine, so no route may carry them past it; so must an
        // incremental extract's, whose new watermark is read from them there.
        LoadStep only = readers.size() == 1 && !reads.reads(e.id()) && !checked.contains(e.id())
                && e.incremental().isEmpty() && !writesUri(readers.get(0)) ? readers.get(0) : null;
        boolean scans = reads.copiesInEngine(e) && connectors.databaseFileOf(e).filter(f -> engine
                .capability(DatabaseFileScan.class).map(scan -> scan.opens(f.format())).orElse(false)).isPresent();
        boolean ingests = engine.capability(CsvIngest.class).isPresent();
        boolean intoFile = only != null && only.target().isFile();
        List<String> routes = new ArrayList<>();
        if (scans && only != null && !intoFile
                && connectors.forLoad(only).capability(CsvImport.class).isPresent()) {
            routes.add(Routes.FILE_SCAN_INTO_LOAD);
        }
        if (scans) {
            routes.add(Routes.FILE_SCAN);
        }
        if (ingests && source.capability(CsvExport.class).isPresent()) {
            routes.add(intoFile ? Routes.CSV_COPY_INTO_FILE : Routes.CSV_COPY);
        }
        if (ingests && rowsAsCsv) {
            routes.add(intoFile ? Routes.ROWS_AS_CSV_INTO_FILE : Routes.ROWS_AS_CSV);
        }
        routes.add(Routes.APPEND);
        List<String> split = splitRoutes(e, source, routes, intoFile);
        routes.addAll(0, split);
        String fallback = routes.stream().anyMatch(Routes::readsBeforeEngineDecides) ? Routes.APPEND : "";
        String what = e.source() + ":" + (e.hasPath() ? e.path() : e.connection())
                + (e.extraction() instanceof Extraction.Table t ? "#" + t.table() : " (query)");
        return new RunPlan.PlannedStep(e.id(), "extract", routes.get(0), List.of(what),
                routes.subList(1, routes.size()), fallback);
    }

    /**
     * The split route an extract tries first, when its source splits ({@link SplitRead}), the
     * engine takes splits, and the step may be split (no limit, parallelism not 1): each split
     * goes the way the single stream's first route goes. At run time it declines, before reading,
     * when the source plans one split. An engine that reads splits in its own tasks takes every
     * extraction of such a source, straight into the step's one file load where it has one.
     */
    private List<String> splitRoutes(ExtractStep e, Connector source, List<String> routes, boolean intoFile) {
        if (source.capability(SplitRead.class).isEmpty() || routes.get(0).startsWith(Routes.FILE_SCAN)) {
            return List.of();
        }
        if (engine.capability(SplitExtract.class).isPresent()) {
            // The engine's tasks read even one stream (a query, a limit, parallelism 1) as its one split.
            return intoFile ? List.of(Routes.SPLIT_IN_ENGINE_INTO_FILE, Routes.SPLIT_IN_ENGINE)
                    : List.of(Routes.SPLIT_IN_ENGINE);
        }
        if (!SplitRoute.engineTakes(engine) || e.parallelism().equals(Parallelism.ONE)
                || e.extraction().limit() > 0) {
            return List.of();
        }
        List<String> split = new ArrayList<>();
        // Straight into the one load's file where the single stream would go there too; the
        // staged table next, in case the engine cannot read the splits into a file.
        if (routes.contains(Routes.CSV_COPY_INTO_FILE)) {
            split.add(Routes.SPLIT_CSV_COPY_INTO_FILE);
        } else if (routes.contains(Routes.ROWS_AS_CSV_INTO_FILE)) {
            split.add(Routes.SPLIT_ROWS_AS_CSV_INTO_FILE);
        }
        split.add(routes.contains(Routes.CSV_COPY) || routes.contains(Routes.CSV_COPY_INTO_FILE) ? Routes.SPLIT_CSV_COPY
                : routes.contains(Routes.ROWS_AS_CSV) || routes.contains(Routes.ROWS_AS_CSV_INTO_FILE)
                ? Routes.SPLIT_ROWS_AS_CSV : Routes.SPLIT_APPEND);
        return split;
    }

    private RunPlan.PlannedStep load(LoadStep l, boolean writtenByExtract) {
        List<String> routes = new ArrayList<>();
        if (writtenByExtract) {
            routes.add(Routes.WRITTEN_BY_EXTRACT);
        }
        if (l.target().isFile()) {
            if (l.mode() != WriteMode.APPEND && l.mode() != WriteMode.REPLACE) {
                throw refused(l, "mode", "a " + l.to() + " file takes mode replace or append, not "
                        + l.mode().yamlName());
            }
            if (writesUri(l)) {
                if (engine.capability(FileSystemUris.class).isEmpty()) {
                    throw refused(l, "path", "'" + l.path() + "' is a Hadoop file system URI; the " + engine.type()
                            + " engine writes local paths only. Writing a URI needs engine: {type: spark} in"
                            + " .osiris.yaml.");
                }
                routes.add(Routes.URI_EXPORT);
            } else {
                routes.add(Routes.FILE_EXPORT);
            }
        } else {
            try {
                // A pipeline built in code never went through the parser's check of the keys.
                new LoadRequest(l.table(), l.mode(), l.primaryKey(), l.partitionBy());
            } catch (IllegalArgumentException e) {
                throw refused(l, "mode", e.getMessage());
            }
            Connector target = connectors.forLoad(l);
            if (target.loader().isEmpty()) {
                throw new ConfigurationException("Load " + l.id() + ": connector '" + l.to()
                        + "' cannot write; choose another target.");
            }
            Set<WriteMode> modes = target.loader().get().writeModes();
            if (!modes.contains(l.mode())) {
                throw refused(l, "mode", "connector '" + l.to() + "' does not take mode " + l.mode().yamlName()
                        + "; it takes " + modes.stream().map(WriteMode::yamlName).toList());
            }
            if (target.capability(CsvImport.class).isPresent() && engine.capability(CsvEgress.class).isPresent()) {
                routes.add(Routes.CSV_IMPORT);
            }
            routes.add(Routes.ROWS_TO_LOADER);
        }
        return new RunPlan.PlannedStep(l.id(), "load", routes.get(0), List.of(l.from()),
                routes.subList(1, routes.size()), "");
    }

    /**
     * Whether a load writes a file system URI: such a load takes only the engine's route, never an
     * extract's into-file path (its rows are staged in the engine first).
     */
    private static boolean writesUri(LoadStep l) {
        return l.target().isFile() && FileUris.isUri(l.path());
    }

    private ValidationException refused(LoadStep l, String key, String why) {
        return new ValidationException(List.of(new Problem("", "load[" + pipeline.loads().indexOf(l) + "]." + key, 0,
                "load " + l.id() + ": " + why)));
    }

    private LoadStep onlyReader(ExtractStep e) {
        return pipeline.loads().stream().filter(l -> l.from().equals(e.id())).findFirst().orElseThrow();
    }

    private static List<String> routes(RunPlan.PlannedStep s) {
        List<String> all = new ArrayList<>(s.alternatives());
        all.add(0, s.route());
        return all;
    }
}
