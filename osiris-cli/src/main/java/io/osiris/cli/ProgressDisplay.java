package io.osiris.cli;

import io.osiris.core.Osiris;
import io.osiris.core.runner.RunListener;
import io.osiris.core.runner.StepReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The progress of a run on stderr, the one display {@code run}, {@code demo}, {@code chat}
 * and {@code generate --dry-run} share. On a terminal one line is rewritten in place as steps
 * start and move (every second on long steps), and finished steps stay, coloured (picocli's
 * ANSI detection: off when not a TTY or when settings say so). Elsewhere, plain lines a log can
 * keep: one when a step starts, one per progress interval on long steps, and with
 * {@code --verbose} one when it finishes. With {@code --quiet}, nothing.
 *
 * <p>The runner of {@code demo} and {@code chat} also checks proposals with dry runs; a display
 * made by {@link #forApprovedRuns} stays silent outside {@link #show}, so only the run the user
 * approved is narrated.
 */
final class ProgressDisplay implements RunListener {
    /** How often a long step reports on a terminal: the line is rewritten, so often costs nothing. */
    static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
    /** How often a long step reports elsewhere: each report is a line of the log. */
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean verbose;
    private final CommandLine.Help.Ansi ansi;
    private volatile boolean showing;

    ProgressDisplay(PrintWriter err, boolean terminal, boolean verbose, CommandLine.Help.Ansi ansi, boolean showing) {
        this.err = err;
        this.terminal = terminal;
        this.verbose = verbose;
        this.ansi = ansi;
        this.showing = showing;
    }

    /** A display of everything the runner reports, dry runs included ({@code osiris run --dry-run}). */
    static ProgressDisplay of(OsirisCli root, CommandSpec spec) {
        return create(root, spec, true);
    }

    /** A display silent except inside {@link #show}: dry runs that check proposals say nothing. */
    static ProgressDisplay forApprovedRuns(OsirisCli root, CommandSpec spec) {
        return create(root, spec, false);
    }

    private static ProgressDisplay create(OsirisCli root, CommandSpec spec, boolean showing) {
        return new ProgressDisplay(OsirisCli.progress(root, spec), System.console() != null,
                root != null && root.verbose, CommandLine.Help.Ansi.AUTO, showing);
    }

    /** Sets this display as the builder's listener, with the progress interval that suits it. */
    Osiris.Builder attachTo(Osiris.Builder osiris) {
        return osiris.listener(this, terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL);
    }

    /** Runs {@code run} (an approved run) with its progress shown, and returns what it returns. */
    <T> T show(Supplier<T> run) {
        boolean before = showing;
        showing = true;
        try {
            return run.get();
        } finally {
            showing = before;
        }
    }

    @Override
    public synchronized void stepStarted(String stepId, String kind) {
        if (!showing) {
            return;
        }
        show("  " + kind + " " + stepId + " ...");
    }

    @Override
    public synchronized void progress(String stepId, long rows, double rowsPerSecond) {
        if (!showing) {
            return;
        }
        show(String.format(Locale.ROOT, "  %s: %,d rows (%,.0f rows/s)", stepId, rows, rowsPerSecond));
    }

    /** On a terminal, the line replaces the one in place; elsewhere it is a line of its own. */
    private void show(String line) {
        if (terminal) {
            err.print("\r" + line + "\u001B[K");
        } else {
            err.println(line);
        }
        err.flush();
    }

    @Override
    public synchronized void stepFinished(StepReport report) {
        if (!showing || !(terminal || verbose)) {
            return;
        }
        String line = String.format(Locale.ROOT, "  @|green done|@ %s %s: %,d rows in %.2fs", report.kind(),
                report.id(), report.rows(), report.seconds());
        if (terminal) {
            err.print("\r" + ansi.string(line) + "\u001B[K\n");
        } else {
            err.println(CommandLine.Help.Ansi.OFF.string(line));
        }
        err.flush();
    }
}
