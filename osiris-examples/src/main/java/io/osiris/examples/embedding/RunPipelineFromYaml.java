package io.osiris.examples.embedding;

import io.osiris.api.ConfigurationException;
import io.osiris.api.OsirisException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.examples.ExamplePipelines;
import io.osiris.examples.MoviesDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a pipeline from a Java application, without the CLI: parse the YAML, build a runner,
 * run, read the report. {@link #run(String, Path, Map)} is the part a host application copies.
 *
 * <pre>
 * RunPipelineFromYaml [WORKING_DIRECTORY [PIPELINE_FILE]]
 * </pre>
 *
 * <p>The working directory defaults to the current one. Without a pipeline file it creates the
 * demo movies database under the working directory
 * ({@value ExamplePipelines#DEMO_DATABASE}) and runs {@code top_rated_movies}, which writes
 * {@code output/top_rated_movies.csv}. Connections for MySQL or Supabase steps come from the
 * {@code .osiris.yaml} of the working directory.
 */
public final class RunPipelineFromYaml {

    private RunPipelineFromYaml() {
    }

    /**
     * Runs a pipeline file (or the demo) and prints its report on stdout; on failure prints the
     * message on stderr and exits 2 for a usage or validation error, 1 for a runtime failure.
     */
    public static void main(String[] args) {
        Path workingDirectory = Path.of(args.length > 0 ? args[0] : "").toAbsolutePath();
        try {
            String yaml;
            if (args.length > 1) {
                yaml = read(Path.of(args[1]));
            } else {
                MoviesDatabase.createDuckDb(workingDirectory.resolve(ExamplePipelines.DEMO_DATABASE));
                yaml = ExamplePipelines.yaml(ExamplePipelines.TOP_RATED_MOVIES);
            }
            System.out.print(describe(run(yaml, workingDirectory, System.getenv())));
        } catch (OsirisException e) {
            // Every Osiris failure says what failed, where and what to do; its kind picks the exit code.
            System.err.println(e.getMessage());
            System.exit(e.kind().exitCode());
        }
    }

    /**
     * Parses, validates and runs pipeline YAML.
     *
     * @param yaml             the pipeline text
     * @param workingDirectory where relative paths in the pipeline, and {@code .osiris.yaml}, are found
     * @param environment      the values of {@code ${VAR}} references in {@code .osiris.yaml}
     * @throws io.osiris.api.ValidationException listing every problem of the pipeline, with lines
     * @throws OsirisException                   when a source or target fails (nothing partial is left)
     */
    public static RunReport run(String yaml, Path workingDirectory, Map<String, String> environment) {
        // No .osiris.yaml is fine for pipelines that only read and write files and DuckDB files.
        OsirisConfig config = ConfigLoader.find(null, environment, workingDirectory);
        // The registry finds connectors on the class path (and in ~/.osiris/plugins); it owns the
        // plugin class loader, so the host closes it. The runner does not close a registry it is given.
        try (ConnectorRegistry registry = ConnectorRegistry.load()) {
            // Validation is static and complete: a bad pipeline fails here, listing every problem,
            // before any connection opens. The parser accepts the connector types the registry knows
            // and checks each source's SQL in the dialect its connector declares.
            Pipeline pipeline = PipelineParser.of(registry).parse(yaml, "");
            PipelineRunner runner = PipelineRunner.builder()
                    .registry(registry)
                    .config(config)
                    .workingDirectory(workingDirectory)
                    .build();
            return runner.run(pipeline);
        }
    }

    /** The report as a few lines of text: one per step, rows and where they went. */
    public static String describe(RunReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "Pipeline %s ran in %.2fs%n", report.pipeline(), report.seconds()));
        for (StepReport step : report.steps()) {
            text.append(String.format(Locale.ROOT, "  %-9s %-20s %6d rows  %s%n",
                    step.kind(), step.id(), step.rows(), step.target()));
        }
        return text.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read pipeline file " + file + ": " + e.getMessage(), e);
        }
    }
}
