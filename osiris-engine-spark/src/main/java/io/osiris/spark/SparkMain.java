package io.osiris.spark;

import io.osiris.api.ValidationException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code spark-submit} entry point: runs one pipeline on the Spark that spark-submit
 * started, with the arguments of {@code osiris run}.
 *
 * <pre>
 * spark-submit --master yarn --class io.osiris.spark.SparkMain osiris-engine-spark-VERSION-app.jar \
 *     run pipelines/orders.yaml --config .osiris.yaml --var day=2026-12-01 [--full-refresh] [--dry-run]
 * </pre>
 *
 * <p>The pipeline runs on the Spark engine whatever the config's {@code engine:} section names,
 * with spark-submit's {@code --master}; the section's other Spark keys still apply. Submitting
 * is a person's act, so nothing asks for approval. The report goes to stderr; the process exits
 * 0 on success, 1 on a runtime failure (a source down, a failed check), 2 on invalid arguments,
 * pipeline or configuration, with the reason on stderr and no secret in it.
 */
public final class SparkMain {
    private SparkMain() {
    }

    /**
     * Runs the pipeline the arguments name; exits the JVM with the exit code on failure.
     *
     * @param args {@code run PIPELINE.yaml [--config FILE] [--var NAME=VALUE]... [--full-refresh] [--dry-run]}
     */
    public static void main(String[] args) {
        // spark-submit sets its options as system properties (Spark's SparkConf reads them) before calling main.
        int code = run(List.of(args), System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                Optional.ofNullable(System.getProperty("spark.master")));
        if (code != 0) {
            // Success returns instead: spark-submit (and a YARN application master) then stop Spark the usual way.
            System.exit(code);
        }
    }

    /** Runs the arguments' command with this environment and spark-submit's master; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> environment,
            Path workingDirectory, Optional<String> submittedMaster) {
        SubmitArguments arguments;
        try {
            arguments = SubmitArguments.parse(args);
        } catch (ValidationException e) {
            err.println("osiris: " + e.getMessage());
            err.println(SubmitArguments.USAGE);
            return e.kind().exitCode();
        }
        if (arguments.help()) {
            out.println(SubmitArguments.USAGE);
            return 0;
        }
        return new SubmittedRun(arguments, err, environment, workingDirectory, submittedMaster).call();
    }
}
