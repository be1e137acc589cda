package io.osiris.cli;

import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.pipeline.Variables;
import io.osiris.core.runner.CheckReport;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris run FILE [--var NAME=VALUE]... [--dry-run] [--full-refresh] [--json]}: runs a pipeline. Progress
 * and the step report go to stderr; {@code --json} prints the report as JSON on stdout. The
 * values of the pipeline's variables are checked before anything runs and printed first. Ctrl-C
 * cancels the run, leaving earlier outputs as they were and no partial file.
 */
@Command(name = "run", description = "Run a pipeline file.",
        footer = {"", "Examples:", "  osiris run output/top_rated_movies.yaml",
                "  osiris run output/top_rated_movies.yaml --dry-run",
                "  osiris run output/top_rated_movies.yaml --json > report.json",
                "  osiris run output/recent.yaml --var min_year=2010 --var country=FR",
                "  osiris run output/orders.yaml --full-refresh",
                "", "Exit codes: 0 success, 1 runtime failure (a failed data check too), 2 invalid pipeline or"
                        + " configuration."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline YAML file.")
    Path file;

    @Option(names = "--dry-run", description = "Check against the live sources and print the plan; move no data.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the run report as JSON on stdout; on failure, a JSON error object.")
    boolean json;

    @Option(names = "--full-refresh", description = "Incremental extracts start over: ignore their stored"
            + " watermarks, read from their initial values, and store the new ones when the run commits.")
    boolean fullRefresh;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "A value for a variable the pipeline declares"
            + " under vars: (repeatable); else OSIRIS_VAR_NAME from the environment, else the default.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressDisplay display = ProgressDisplay.of(root, spec);
        RunReport report;
        try (Osiris osiris = OsirisCli.load(root, display.attachTo(OsirisCli.configure(root, Path.of(""))))) {
            Pipeline pipeline;
            try {
                pipeline = osiris.validate(file);
            } catch (ValidationException e) {
                throw CommandFailure.of(e, "osiris run: the pipeline is invalid; nothing ran.");
            }
            try {
                Pipeline bound = osiris.bind(pipeline, vars);
                if (!bound.vars().isEmpty()) {
                    OsirisCli.progress(root, spec).println("variables: " + Variables.describe(bound.vars()));
                }
            } catch (ValidationException e) {
                throw CommandFailure.of(e, "osiris run: a variable's value is invalid; nothing ran.");
            }
            PipelineRunner runner = osiris.runner();
            // The file's pipeline with the given values: the runner binds them again and checks the result.
            report = SignalledRun.run(runner, err, json ? out : null, () -> dryRun ? runner.dryRun(pipeline, vars)
                    : fullRefresh ? runner.fullRefresh(pipeline, vars) : runner.run(pipeline, vars));
        }
        PrintWriter progress = OsirisCli.progress(root, spec);
        printReport(progress, report);
        if (json) {
            JsonOutput.print(out, report);
        } else if (dryRun) {
            printPlan(out, report);
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static void printReport(PrintWriter err, RunReport report) {
        err.printf(Locale.ROOT, "%s %s in %.2fs%n", report.dryRun() ? "dry run of" : "ran", report.pipeline(),
                report.seconds());
        for (StepReport s : report.steps()) {
            err.printf(Locale.ROOT, "  %-9s %-20s %12d rows %12s %8.2fs  %s%s%n", s.kind(), s.id(), s.rows(),
                    s.bytes() < 0 ? "" : s.bytes() + " B", s.seconds(), s.target(),
                    s.route().isEmpty() || report.dryRun() ? "" : "  via " + s.route());
        }
        for (CheckReport c : report.checks()) {
            err.println("  check     " + c.describe());
        }
        report.watermarks().forEach((step, watermark) -> err.println("  watermark " + step + " = " + watermark));
    }

    private static void printPlan(PrintWriter out, RunReport report) {
        out.println("plan for " + report.pipeline() + " (nothing moved):");
        for (StepReport s : report.steps()) {
            out.println("  " + s.kind() + " " + s.id() + " -> " + s.target() + " " + s.columns());
            report.plan().steps().stream().filter(p -> p.id().equals(s.id()) && p.kind().equals(s.kind()))
                    .findFirst().ifPresent(p -> out.println("      route: " + p.routes()));
        }
        report.plan().steps().stream().filter(p -> p.kind().equals("check"))
                .forEach(p -> out.println("  " + p.describe()));
    }
}
