package io.osiris.cli;

import io.osiris.api.OsirisException;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.write.PlannedWrite;
import io.osiris.llm.agent.ChatAgent;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.TurnCancelledException;
import io.osiris.llm.agent.TurnResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * {@code osiris chat --interactive}: a plain line-reader REPL (no line editing). A line ending in
 * {@code \} continues on the next; {@code /approve}, {@code /reject REASON}, {@code /show} and
 * {@code /exit} are commands (the bare words approve, show and exit too, but never a message
 * that merely starts with "reject"); everything else is a turn. Ctrl-C cancels the turn in
 * progress and keeps the session, where the JVM lets a program handle SIGINT.
 */
final class ChatRepl {
    private static final String COMMANDS = "/approve, /reject REASON, /show, /exit";

    private final ChatAgent agent;
    private final PipelineRunner runner;
    private final ProposalView view;
    private final ProgressDisplay display;
    private final Function<Proposal, List<PlannedWrite>> writes;
    private final PrintWriter err;
    private final Path cwd;
    private final TurnFacts facts;
    private final ToolProgress progress;

    ChatRepl(ChatAgent agent, PipelineRunner runner, ProposalView view, ProgressDisplay display,
            Function<Proposal, List<PlannedWrite>> writes, PrintWriter err, Path cwd, TurnFacts facts,
            ToolProgress progress) {
        this.agent = agent;
        this.runner = runner;
        this.view = view;
        this.display = display;
        this.writes = writes;
        this.err = err;
        this.cwd = cwd;
        this.facts = facts;
        this.progress = progress;
    }

    /** Reads turns and commands until end of input or /exit; returns the exit code. */
    int run(InputStream stdin) {
        BufferedReader in = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
        err.println("Osiris chat on " + agent.session().source() + ". Commands: " + COMMANDS + "."
                + " End a line with \\ to continue it; Ctrl-C cancels a turn.");
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "osiris-chat-turn");
            t.setDaemon(true);
            return t;
        });
        try {
            while (true) {
                String input = readInput(in);
                if (input == null) {
                    return 0;
                }
                String text = input.strip();
                if (text.isEmpty()) {
                    continue;
                }
                try {
                    if (!step(worker, text)) {
                        return 0;
                    }
                } catch (OsirisException e) {
                    // A failed turn (the model unreachable, a refused approval, a failed run) does not end the session.
                    err.println("osiris: " + e.getMessage());
                }
                err.flush();
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /** Handles one line; false when it ends the REPL. */
    private boolean step(ExecutorService worker, String text) {
        String command = text.startsWith("/") ? text.substring(1) : text;
        String lower = command.toLowerCase(Locale.ROOT);
        if (lower.equals("exit") || lower.equals("quit")) {
            return false;
        } else if (lower.equals("approve")) {
            agent.pending().ifPresent(p -> view.writes(writes.apply(p)));
            RunReport report = SignalledRun.run(runner, err, () -> display.show(agent::approve));
            view.report(report, cwd);
            facts.ran(report, cwd);
        } else if (lower.equals("show")) {
            agent.pending().ifPresentOrElse(p -> view.show(p, writes.apply(p)),
                    () -> err.println("No pipeline is waiting."));
        } else if (text.startsWith("/") && (lower.equals("reject") || lower.startsWith("reject "))) {
            String reason = command.substring("reject".length()).strip();
            if (agent.pending().isEmpty()) {
                err.println("No pipeline is waiting.");
            } else {
                turn(worker, () -> agent.reject(reason));
            }
        } else if (text.startsWith("/")) {
            err.println("Unknown command " + text.split("\\s", 2)[0] + ". Commands: " + COMMANDS + ".");
        } else {
            turn(worker, () -> agent.send(text));
        }
        return true;
    }

    /** Runs one turn on the worker so Ctrl-C can cancel it while this thread keeps the prompt. */
    private void turn(ExecutorService worker, Callable<TurnResult> body) {
        Future<TurnResult> future = worker.submit(body);
        Runnable restore = Interrupts.onSigint(() -> {
            agent.cancel();
            future.cancel(true);
        });
        try {
            TurnResult turn = future.get();
            // The in-place progress line goes before the answer is printed.
            progress.done();
            facts.modelText(turn);
            turn.proposed().ifPresent(p -> view.show(p, writes.apply(p)));
            facts.status(turn, agent.pending(), "/approve to run it, or /reject REASON   (later: osiris chat approve"
                    + " --session " + agent.session().id() + ")");
        } catch (CancellationException e) {
            err.println("(turn cancelled; the session goes on)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TurnCancelledException) {
                err.println("(turn cancelled; the session goes on)");
            } else if (e.getCause() instanceof RuntimeException re) {
                throw re;
            } else {
                throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            agent.cancel();
        } finally {
            progress.done();
            restore.run();
        }
    }

    private String readInput(BufferedReader in) {
        StringBuilder text = new StringBuilder();
        err.print("you> ");
        err.flush();
        try {
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return text.length() == 0 ? null : text.toString();
                }
                if (line.endsWith("\\")) {
                    text.append(line, 0, line.length() - 1).append('\n');
                    err.print("...> ");
                    err.flush();
                } else {
                    return text.append(line).toString();
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Ctrl-C while a turn runs cancels the turn instead of ending the program. Uses
     * {@code sun.misc.Signal} (module jdk.unsupported), the only way a Java program catches SIGINT;
     * where it is missing, Ctrl-C keeps its default and ends the JVM.
     */
    private static final class Interrupts {
        private Interrupts() {
        }

        /** Runs {@code action} on SIGINT until the returned handle runs, which restores the previous handler. */
        static Runnable onSigint(Runnable action) {
            try {
                sun.misc.Signal sigint = new sun.misc.Signal("INT");
                sun.misc.SignalHandler previous = sun.misc.Signal.handle(sigint, signal -> action.run());
                return () -> sun.misc.Signal.handle(sigint, previous);
            } catch (IllegalArgumentException | LinkageError e) {
                return () -> { };
            }
        }
    }
}
