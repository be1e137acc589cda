package io.osiris.cli;

import io.osiris.api.OsirisException;
import io.osiris.core.Osiris;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.SecretMask;
import io.osiris.core.connector.ConnectorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code osiris} command. Results go to stdout, progress and diagnostics to stderr.
 * Exit codes: 0 success; 1 runtime failure; 2 usage or validation error.
 */
@Command(
        name = "osiris",
        mixinStandardHelpOptions = true,
        versionProvider = OsirisCli.Version.class,
        description = "Turns a sentence into a reviewed, runnable data pipeline.",
        footer = {"", "Exit codes: 0 success, 1 runtime failure, 2 usage or validation error."})
public final class OsirisCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The config file; otherwise $OSIRIS_CONFIG, then ./.osiris.yaml. */
    @CommandLine.Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "The config file (default: $OSIRIS_CONFIG, then ./.osiris.yaml).")
    String configFile;

    /** Where connector plugins are; otherwise $OSIRIS_PLUGINS_DIR, then ~/.osiris/plugins. */
    @CommandLine.Option(names = "--plugins-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "The connector plugin directory: one jar, or one folder of jars, per plugin "
                    + "(default: $OSIRIS_PLUGINS_DIR, then ~/.osiris/plugins).")
    String pluginsDir;

    /** Library logs (info) and token usage on stderr. */
    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "More on stderr: library logs, token usage.")
    boolean verbose;

    /** No progress or reports on stderr; errors and results still show. */
    @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Less on stderr: no progress or reports; errors and results still show.")
    boolean quiet;

    /** The secrets of the config the command loaded, once it has loaded one ({@link #load}). */
    private Supplier<SecretMask> secrets;

    /**
     * The subcommands, in the order the usage lists them. They are not in {@code @Command}
     * because picocli would then build every one of them reflectively at start; see
     * {@link #newCommandLine(String...)}.
     */
    static final List<String> COMMANDS = List.of("help", "validate", "run", "schema", "demo", "init", "templates",
            "discover", "generate", "chat", "sessions", "runs", "eval", "llm", "connectors", "types", "mcp", "completion",
            "__complete");

    /** The root's options that take no value and need no subcommand to be parsed. */
    private static final List<String> ROOT_FLAGS = List.of("-v", "--verbose", "-q", "--quiet");

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for tests and embedding). */
    public static int execute(String... args) {
        return newCommandLine(args).execute(args);
    }

    /**
     * The configured command line for {@code args}; {@code out}/{@code err} default to the
     * process streams. It holds only the subcommands {@code args} can reach ({@link #commandsFor}):
     * picocli builds a command's model by reflection over its class, which loads the classes its
     * fields and methods name (the agent, the runner, Jackson). Building all eleven at every start
     * cost 90-130 ms; building only the one named took {@code osiris --version} from 0.52 s to
     * 0.39 s and {@code osiris templates} from 0.71 s to 0.58 s (medians of 10, load 3.7, before
     * the launcher's own changes). Without arguments, everything.
     */
    public static CommandLine newCommandLine(String... args) {
        OsirisCli root = new OsirisCli();
        CommandLine cl = new CommandLine(root);
        for (String name : commandsFor(args)) {
            CommandLine sub = new CommandLine(newCommand(name));
            cl.addSubcommand(name, sub);
            // Every command answers --help (and -h), as people try it first.
            sub.getCommandSpec().mixinStandardHelpOptions(true);
        }
        cl.setExecutionExceptionHandler(OsirisCli::handleException);
        cl.setParameterExceptionHandler(usageErrors(cl.getParameterExceptionHandler()));
        cl.setExecutionStrategy(parsed -> {
            if (root.verbose) {
                // Read by slf4j-simple when the first logger is made, which no command has done yet.
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            }
            // Log lines and library diagnostics on standard error pass through the config's secret mask.
            java.io.PrintStream original = System.err;
            System.setErr(MaskedStream.over(original, () -> mask(root)));
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                System.err.flush();
                System.setErr(original);
            }
        });
        return cl;
    }

    /**
     * The subcommands a command line needs: the one it names; none for {@code --version}; all
     * of them when it asks for help or the usage, names no known command (picocli's "did you
     * mean" needs them), reads arguments from an {@code @file}, or generates completion.
     */
    static List<String> commandsFor(String... args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--config") || arg.equals("--plugins-dir")) {
                i++; // its value, whatever it looks like
            } else if (arg.equals("-V") || arg.equals("--version")) {
                version = true;
            } else if (arg.startsWith("@") || arg.equals("--")) {
                return COMMANDS;
            } else if (!arg.startsWith("-")) {
                boolean alone = COMMANDS.contains(arg) && !arg.equals("help") && !arg.equals("completion");
                return alone ? List.of(arg) : COMMANDS;
            } else if (!ROOT_FLAGS.contains(arg) && !arg.startsWith("--config=") && !arg.startsWith("--plugins-dir=")) {
                return COMMANDS; // -h, --help, an unknown option: the usage lists the commands
            }
        }
        return version ? List.of() : COMMANDS;
    }

    private static Object newCommand(String name) {
        return switch (name) {
            case "help" -> new CommandLine.HelpCommand();
            case "validate" -> new ValidateCommand();
            case "run" -> new RunCommand();
            case "schema" -> new SchemaCommand();
            case "demo" -> new DemoCommand();
            case "init" -> new InitCommand();
            case "templates" -> new TemplatesCommand();
            case "discover" -> new DiscoverCommand();
            case "generate" -> new GenerateCommand();
            case "chat" -> new ChatCommand();
            case "sessions" -> new SessionsCommand();
            case "runs" -> new RunsCommand();
            case "eval" -> new EvalCommand();
            case "llm" -> new LlmCommand();
            case "connectors" -> new ConnectorsCommand();
            case "types" -> new TypesCommand();
            case "mcp" -> new McpCommand();
            case "completion" -> new CompletionCommand();
            case "__complete" -> new CompleteCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /**
     * The root object a command configures: {@code --config} (else {@code $OSIRIS_CONFIG}, else
     * the directory's {@code .osiris.yaml}) read against {@code workingDirectory}, the connector
     * plugins of the plugin directory ({@link #pluginDirectory}), and errors masked with the
     * secrets of what it loads.
     */
    static Osiris.Builder configure(OsirisCli root, Path workingDirectory) {
        return Osiris.configure().workingDirectory(workingDirectory).configFile(root == null ? null : root.configFile)
                .plugins(pluginDirectory(root));
    }

    /** {@code --plugins-dir}, else {@code $OSIRIS_PLUGINS_DIR}, else {@code ~/.osiris/plugins}. */
    static Path pluginDirectory(OsirisCli root) {
        return root != null && root.pluginsDir != null && !root.pluginsDir.isBlank() ? Path.of(root.pluginsDir)
                : ConnectorRegistry.defaultPluginDirectory();
    }

    /** Loads {@code builder}; errors and logs of the command are then masked with its secrets, with no second load. */
    static Osiris load(OsirisCli root, Osiris.Builder builder) {
        Osiris osiris = builder.load();
        if (root != null) {
            root.secrets = osiris::secrets;
        }
        return osiris;
    }

    /** Where progress, narration and reports go: stderr, or nowhere with {@code --quiet}. */
    static PrintWriter progress(OsirisCli root, CommandLine.Model.CommandSpec spec) {
        return root != null && root.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getErr();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Every failure of a command, in one place: the human message on stderr and, when the command
     * line had {@code --json}, the error object on stdout ({@link JsonOutput}); the exit code of
     * its kind.
     */
    private static int handleException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof SignalledRun.Exiting) {
            return SignalledRun.EXIT_CODE; // the cancellation was reported (and with --json, its object)
        }
        SecretMask mask = mask(cl);
        String message;
        int exitCode;
        if (e instanceof CommandFailure failure) {
            failure.problems().forEach(p -> err.println(mask.apply(p.toString())));
            message = failure.summary();
            err.println(mask.apply(message));
            exitCode = failure.kind().exitCode();
        } else if (e instanceof OsirisException oe) {
            message = oe.getMessage();
            if (message.contains(io.osiris.core.config.OsirisConfig.NO_FILE)) {
                // The library speaks of the config; how to name one on the command line is ours to say.
                message += " Pass --config FILE or set OSIRIS_CONFIG.";
            }
            err.println("osiris: " + mask.apply(message));
            exitCode = oe.kind().exitCode();
        } else {
            // One line: what broke. The stack trace is for a bug report, so only --verbose prints it.
            boolean verbose = cl.getCommandSpec().root().userObject() instanceof OsirisCli root && root.verbose;
            message = String.valueOf(e);
            err.println("osiris: unexpected error: " + mask.apply(message) + (verbose ? ""
                    : " (a bug in Osiris: run again with --verbose for the stack trace, and report it)"));
            if (verbose) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                err.print(mask.apply(trace.toString()));
            }
            exitCode = 1;
        }
        err.flush();
        if (JsonOutput.requested(parsed)) {
            JsonOutput.print(cl.getOut(), JsonOutput.error(e, message, exitCode, mask));
        }
        return exitCode;
    }

    /** A command line picocli refused: its usage message, and with {@code --json} the error object too. */
    private static CommandLine.IParameterExceptionHandler usageErrors(CommandLine.IParameterExceptionHandler usual) {
        return (ex, args) -> {
            int exitCode = usual.handleParseException(ex, args);
            if (JsonOutput.requested(args)) {
                JsonOutput.print(ex.getCommandLine().getOut(), JsonOutput.error(JsonOutput.USAGE, ex.getMessage(),
                        exitCode, List.of(), java.util.Map.of(), mask(ex.getCommandLine())));
            }
            return exitCode;
        };
    }

    /** The secrets of the config in use, masked in any error shown; URL credentials only when it cannot be read. */
    private static SecretMask mask(CommandLine cl) {
        Object root = cl.getCommandSpec().root().userObject();
        return mask(root instanceof OsirisCli cli ? cli : null);
    }

    private static SecretMask mask(OsirisCli root) {
        try {
            if (root != null && root.secrets != null) {
                return root.secrets.get();
            }
            try (ConnectorRegistry registry = ConnectorRegistry.load(Thread.currentThread().getContextClassLoader(),
                    pluginDirectory(root))) {
                return SecretMask.of(ConfigLoader.find(root == null ? null : root.configFile), registry.providers(),
                        System.getenv());
            }
        } catch (RuntimeException unreadable) {
            return SecretMask.NONE;
        }
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            return new String[] {"osiris " + osiris(),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }

        /** The version of Osiris this command is, or {@code unknown}. */
        static String osiris() throws IOException {
            Properties p = new Properties();
            try (InputStream in = OsirisCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return p.getProperty("version", "unknown");
        }
    }
}
