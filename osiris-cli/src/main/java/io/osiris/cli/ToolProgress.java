package io.osiris.cli;

import io.osiris.llm.agent.AgentProgress;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A turn's model calls and tool calls on stderr while it runs, so a real model's 10 to 60
 * seconds do not look frozen: on a terminal, the model call in progress is one line rewritten in
 * place and each tool call leaves one short line; elsewhere (a pipe, a log, {@code --quiet}),
 * nothing, since the answer and the status line say what a log needs.
 */
final class ToolProgress implements AgentProgress {
    /** Forces the terminal display where no terminal is, for tests. */
    static boolean forceTerminal;

    private final PrintWriter err;
    private final boolean terminal;
    private boolean inPlace;
    /** The tool call in progress, as its finished line will name it. */
    private String last;

    ToolProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** The display {@code osiris chat} uses: on when stderr is a terminal and not {@code --quiet}. */
    static ToolProgress of(OsirisCli root, picocli.CommandLine.Model.CommandSpec spec) {
        boolean quiet = root != null && root.quiet;
        return new ToolProgress(OsirisCli.progress(root, spec), !quiet && (forceTerminal || System.console() != null));
    }

    @Override
    public synchronized void modelCall(int n) {
        inPlace(n == 1 ? "  asking the model ..." : "  asking the model (call " + n + ") ...");
    }

    @Override
    public synchronized void toolStarted(String tool, String arguments) {
        last = line(tool, arguments);
        inPlace("  " + last + " ...");
    }

    @Override
    public synchronized void toolFinished(String tool, long millis, boolean error) {
        if (!terminal) {
            return;
        }
        err.printf(Locale.ROOT, "\r  %s (%s%.1fs)\u001B[K%n", last == null ? tool : last, error ? "error, " : "",
                millis / 1000.0);
        err.flush();
        inPlace = false;
        last = null;
    }

    /** Clears the line in place when the turn is over, so the answer starts on a clean line. */
    synchronized void done() {
        if (terminal && inPlace) {
            err.print("\r\u001B[K");
            err.flush();
        }
        inPlace = false;
    }

    private static String line(String tool, String arguments) {
        return arguments.isEmpty() ? tool : tool + " " + arguments;
    }

    private void inPlace(String line) {
        if (!terminal) {
            return;
        }
        err.print("\r" + line + "\u001B[K");
        err.flush();
        inPlace = true;
    }
}
