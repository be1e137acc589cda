package io.osiris.cli;

import io.osiris.api.OsirisException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
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
        subcommands = {CommandLine.HelpCommand.class, ValidateCommand.class, RunCommand.class, SchemaCommand.class,
                DemoCommand.class, InitCommand.class, TemplatesCommand.class, DiscoverCommand.class,
                GenerateCommand.class, ChatCommand.class, SessionsCommand.class, CompletionCommand.class},
        footer = {"", "Exit codes: 0 success, 1 runtime failure, 2 usage or validation error."})
public final class OsirisCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The config file; otherwise $OSIRIS_CONFIG, then ./.osiris.yaml. */
    @CommandLine.Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "The config file (default: $OSIRIS_CONFIG, then ./.osiris.yaml).")
    String configFile;

    /** Library logs (info) and token usage on stderr. */
    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "More on stderr: library logs, token usage.")
    boolean verbose;

    /** No progress or reports on stderr; errors and results still show. */
    @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Less on stderr: no progress or reports; errors and results still show.")
    boolean quiet;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for tests and embedding). */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    /** The configured command line; {@code out}/{@code err} default to the process streams. */
    public static CommandLine newCommandLine() {
        OsirisCli root = new OsirisCli();
        CommandLine cl = new CommandLine(root);
        // Every command answers --help (and -h), as people try it first.
        cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
        cl.setExecutionExceptionHandler(OsirisCli::handleException);
        cl.setExecutionStrategy(parsed -> {
            if (root.verbose) {
                // Read by slf4j-simple when the first logger is made, which no command has done yet.
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl;
    }

    /** Where progress, narration and reports go: stderr, or nowhere with {@code --quiet}. */
    static PrintWriter progress(OsirisCli root, CommandLine.Model.CommandSpec spec) {
        return root != null && root.quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getErr();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int handleException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof OsirisException oe) {
            err.println("osiris: " + oe.getMessage());
            err.flush();
            return oe.kind().exitCode();
        }
        err.println("osiris: unexpected error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 1;
    }

    /** Reads the version Maven wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = OsirisCli.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"osiris " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
