package io.osiris.spark;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ValidationException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The application arguments of {@link SparkMain}, those after the jar on the {@code spark-submit}
 * line: {@code run PIPELINE.yaml [--config FILE] [--var NAME=VALUE]... [--full-refresh] [--dry-run]},
 * the options of {@code osiris run} that make sense without a terminal.
 *
 * @param help        {@code --help} (or no arguments): print the usage and run nothing
 * @param pipeline    the pipeline file, relative to the driver's working directory
 * @param config      {@code --config FILE}; else {@code $OSIRIS_CONFIG}, else {@code .osiris.yaml}
 * @param vars        {@code --var NAME=VALUE} values, in the order given
 * @param fullRefresh {@code --full-refresh}: incremental extracts start over
 * @param dryRun      {@code --dry-run}: check against the live sources, move no data (wins over
 *                    {@code --full-refresh}, as in {@code osiris run})
 */
record SubmitArguments(boolean help, Path pipeline, Optional<Path> config, Map<String, String> vars,
        boolean fullRefresh, boolean dryRun) {

    static final String USAGE = """
            usage: spark-submit [SPARK OPTIONS] --class io.osiris.spark.SparkMain osiris-engine-spark-VERSION-app.jar \\
                     run PIPELINE.yaml [--config FILE] [--var NAME=VALUE]... [--full-refresh] [--dry-run]
            Runs an Osiris pipeline on the Spark that spark-submit started (its --master wins over
            engine.master in the config). Submitting is the approval: nothing asks for confirmation.
            Exit codes: 0 success, 1 runtime failure, 2 invalid arguments, pipeline or configuration.""";

    SubmitArguments {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(config, "config");
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }

    /**
     * Reads the application arguments.
     *
     * @throws ValidationException naming the argument that is wrong
     */
    static SubmitArguments parse(List<String> args) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            return new SubmitArguments(true, Path.of(""), Optional.empty(), Map.of(), false, false);
        }
        if (!args.get(0).equals("run")) {
            throw new ValidationException("unknown command '" + args.get(0) + "': the first argument after the jar"
                    + " is 'run' (run PIPELINE.yaml [--config FILE] [--var NAME=VALUE]...)");
        }
        Path pipeline = null;
        Path config = null;
        Map<String, String> vars = new LinkedHashMap<>();
        boolean fullRefresh = false;
        boolean dryRun = false;
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--full-refresh" -> fullRefresh = true;
                case "--dry-run" -> dryRun = true;
                case "--config" -> {
                    if (config != null) {
                        throw new ValidationException("--config is given twice");
                    }
                    config = Path.of(value(args, i, arg));
                    i += arg.equals(name) ? 1 : 0;
                }
                case "--var" -> {
                    String pair = value(args, i, arg);
                    i += arg.equals(name) ? 1 : 0;
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new ValidationException("--var " + pair + ": expected NAME=VALUE");
                    }
                    if (vars.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                        throw new ValidationException("--var " + pair.substring(0, eq) + " is given twice");
                    }
                }
                default -> {
                    if (arg.startsWith("-")) {
                        throw new ValidationException("unknown option '" + arg + "'; run takes --config FILE,"
                                + " --var NAME=VALUE, --full-refresh and --dry-run (Spark's options go before the"
                                + " jar on the spark-submit line)");
                    }
                    if (pipeline != null) {
                        throw new ValidationException("one pipeline file per run: got '" + pipeline + "' and '"
                                + arg + "'");
                    }
                    pipeline = Path.of(arg);
                }
            }
        }
        if (pipeline == null) {
            throw new ValidationException("run needs the pipeline file: run PIPELINE.yaml");
        }
        return new SubmitArguments(false, pipeline, Optional.ofNullable(config), vars, fullRefresh, dryRun);
    }

    /** The value of option {@code args[i]}: after its {@code =}, else the next argument. */
    private static String value(List<String> args, int i, String arg) {
        int eq = arg.indexOf('=');
        if (eq > 0) {
            return arg.substring(eq + 1);
        }
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new ValidationException(arg + " needs a value");
        }
        return args.get(i + 1);
    }
}
