package io.osiris.core.runner;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.data.RowSchema;
import io.osiris.api.pipeline.LoadStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks, before the first load of a run, that every key and partition column a database load
 * names is among the columns of the rows it loads, so a misspelt {@code partition_by} fails the
 * run with every such problem named before any target is touched (a loader would refuse it only
 * at its own turn, after earlier loads committed). Loads whose rows never stay in the engine (an
 * extract read straight into its load) are left to their loader, which refuses them the same
 * way before it writes.
 */
final class LoadKeyColumns {
    private LoadKeyColumns() {
    }

    static void check(Run run, List<RunPlan.PlannedStep> steps) {
        Set<String> straight = steps.stream().filter(s -> s.kind().equals("extract")
                        && s.route().equals(Routes.FILE_SCAN_INTO_LOAD)).map(s -> run.onlyLoadOf(
                        (io.osiris.api.pipeline.ExtractStep) run.pipeline.step(s.id()).orElseThrow()).id())
                .collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>();
        List<LoadStep> loads = run.pipeline.loads();
        for (RunPlan.PlannedStep s : steps) {
            if (!s.kind().equals("load") || s.route().equals(Routes.WRITTEN_BY_EXTRACT) || straight.contains(s.id())) {
                continue;
            }
            LoadStep load = (LoadStep) run.pipeline.step(s.id()).orElseThrow();
            if (load.target().isFile() || load.primaryKey().isEmpty() && load.partitionBy().isEmpty()) {
                continue;
            }
            RowSchema rows = run.engine.schemaOf(load.from());
            int at = loads.indexOf(load);
            missing(load.primaryKey(), rows).forEach(c -> problems.add(problem(at, "primary_key", load, c, rows)));
            missing(load.partitionBy(), rows).forEach(c -> problems.add(problem(at, "partition_by", load, c, rows)));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static List<String> missing(List<String> columns, RowSchema rows) {
        return columns.stream().filter(c -> rows.indexOf(c) < 0).toList();
    }

    private static Problem problem(int at, String key, LoadStep load, String column, RowSchema rows) {
        return new Problem("", "load[" + at + "]." + key, 0, "load " + load.id() + ": " + key + " column '" + column
                + "' is not among the columns of " + load.from() + " " + rows.names() + "; no load ran");
    }
}
