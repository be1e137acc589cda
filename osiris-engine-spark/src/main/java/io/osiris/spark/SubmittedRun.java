package io.osiris.spark;

import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.config.SecretMask;
import io.osiris.core.engine.EngineSettings;
import io.osiris.core.pipeline.Variables;
import io.osiris.core.runner.CheckReport;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One submitted run: the config read and turned to the Spark engine, the pipeline checked before Spark starts (so a bad file
 * fails in a second, not after a session start), then run; every failure said once on stderr
 * with its exit code, through the config's secret mask.
 */
final class SubmittedRun {
    private static final String SPARK = "spark";
    private final SubmitArguments arguments;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final Optional<String> submittedMaster;
    private SecretMask mask = SecretMask.of(List.of());

    /**
     * @param submittedMaster spark-submit's {@code --master} (the {@code spark.master} it sets before
     *                        calling main), empty when started some other way
     */
    SubmittedRun(SubmitArguments arguments, PrintStream err, Map<String, String> environment, Path workingDirectory,
            Optional<String> submittedMaster) {
        this.arguments = arguments;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.submittedMaster = submittedMaster;
    }

    /** Runs the pipeline; returns the exit code. */
    int call() {
        try {
            OsirisConfig config = onSpark(ConfigLoader.find(arguments.config().map(Path::toString).orElse(null),
                    environment, workingDirectory));
            try (Osiris osiris = Osiris.configure().workingDirectory(workingDirectory).environment(environment)
                    .config(config).load()) {
                mask = osiris.secrets();
                RunReport report = run(osiris);
                printReport(report);
                return 0;
            }
        } catch (OsirisException e) {
            err.println("osiris: " + mask.apply(e.getMessage()));
            return e.kind().exitCode();
        } catch (RuntimeException e) {
            // A bug or a failure Osiris did not word (Spark's own): the trace is what a report needs.
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.println("osiris: unexpected error: " + mask.apply(String.valueOf(e)));
            err.print(mask.apply(trace.toString()));
            return 1;
        } finally {
            err.flush();
        }
    }

    /**
     * The config with the Spark engine, whatever its {@code engine:} section names: a submitted
     * pipeline runs where it was submitted. spark-submit's {@code --master} replaces
     * {@code engine.master}, as a command line's option overrides a file; the section's other
     * Spark keys ({@code app_name}, {@code conf}) still apply.
     */
    OsirisConfig onSpark(OsirisConfig config) {
        EngineSettings configured = config.engine();
        Map<String, String> settings = new LinkedHashMap<>(configured.type().equals(SPARK) ? configured.settings()
                : Map.of());
        if (!configured.type().equals(SPARK) && !configured.type().equals(EngineSettings.DUCKDB)) {
            err.println("osiris: engine.type '" + configured.type() + "' in the config is ignored: a pipeline given"
                    + " to spark-submit runs on Spark");
        }
        submittedMaster.ifPresent(master -> {
            String written = settings.put("master", master);
            if (written != null && !written.equals(master)) {
                err.println("osiris: engine.master '" + written + "' in the config is ignored: spark-submit's --master '"
                        + master + "' runs this pipeline");
            }
        });
        return new OsirisConfig(config.file(), config.version(), config.connections(), config.llm(),
                config.discovery(), config.outputDirectory(), config.allowedOutside(), config.limits(),
                new EngineSettings(SPARK, settings), config.allowedUris());
    }

    private RunReport run(Osiris osiris) {
        Pipeline pipeline;
        try {
            pipeline = osiris.validate(arguments.pipeline());
        } catch (ValidationException e) {
            throw invalid(e, "the pipeline is invalid; nothing ran.");
        }
        try {
            Pipeline bound = osiris.bind(pipeline, arguments.vars());
            if (!bound.vars().isEmpty()) {
                err.println("variables: " + mask.apply(Variables.describe(bound.vars())));
            }
        } catch (ValidationException e) {
            throw invalid(e, "a variable's value is invalid; nothing ran.");
        }
        PipelineRunner runner = osiris.runner();
        // The file's pipeline with the given values: the runner binds them again and checks the result.
        return arguments.dryRun() ? runner.dryRun(pipeline, arguments.vars())
                : arguments.fullRefresh() ? runner.fullRefresh(pipeline, arguments.vars())
                : runner.run(pipeline, arguments.vars());
    }

    /** The problems one per line, then what it means for the run. */
    private ValidationException invalid(ValidationException e, String summary) {
        for (Problem p : e.problems()) {
            err.println(mask.apply(p.toString()));
        }
        return new ValidationException(summary);
    }

    private void printReport(RunReport report) {
        err.printf(Locale.ROOT, "%s %s in %.2fs%n", report.dryRun() ? "dry run of" : "ran", report.pipeline(),
                report.seconds());
        for (StepReport s : report.steps()) {
            err.printf(Locale.ROOT, "  %-9s %-20s %12d rows %8.2fs  %s%s%n", s.kind(), s.id(), s.rows(), s.seconds(),
                    s.target(), s.route().isEmpty() || report.dryRun() ? "" : "  via " + s.route());
        }
        for (CheckReport c : report.checks()) {
            err.println("  check     " + c.describe());
        }
        report.watermarks().forEach((step, watermark) -> err.println("  watermark " + step + " = " + watermark));
    }
}
