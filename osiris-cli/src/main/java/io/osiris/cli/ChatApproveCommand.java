package io.osiris.cli;

import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.Approval;
import io.osiris.llm.agent.OsirisChat;
import io.osiris.llm.agent.Proposal;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris chat approve --session ID}: runs the session's pending pipeline exactly as it was
 * shown, or refuses when its saved file changed since ({@link Approval}). Before running it shows
 * every write; on a terminal it then asks for a yes, which {@code --yes} gives in advance.
 */
@Command(name = "approve", description = "Run the pipeline waiting in a session, exactly as it was shown.",
        footer = {"", "Example:", "  osiris chat approve --session 3f2a9c01b7d4",
                "", "Exit codes: 0 ran (or declined at the prompt), 1 runtime failure, 2 nothing to approve or the"
                + " proposal's file changed."})
final class ChatApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    ChatCommand chat;

    @Option(names = "--session", paramLabel = "ID", description = "The session whose pipeline waits.")
    String sessionId;

    @Option(names = "--yes", description = "Do not ask on a terminal: you approve already.")
    boolean yes;

    @Option(names = "--json", description = "Print the pipeline approved, with its evidence, as JSON on stdout;"
            + " the run's report goes to stderr.")
    boolean json;

    @Override
    public Integer call() {
        if (sessionId == null) {
            sessionId = chat.sessionId;
        }
        if (sessionId == null) {
            throw new ValidationException("osiris chat approve needs --session ID: the session whose pipeline waits"
                    + " (osiris sessions lists them).");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OsirisCli root = chat.root;
        ProposalView view = new ProposalView(out, err);
        ProgressDisplay display = ProgressDisplay.forApprovedRuns(root, spec);
        try (Osiris osiris = OsirisCli.load(root, display.attachTo(OsirisCli.configure(root, chat.directory)))) {
            if (!osiris.hasState()) {
                throw new ValidationException("No session '" + sessionId + "': there is no state file "
                        + osiris.stateFile() + ". osiris sessions lists the sessions of a project.");
            }
            AgentSession session = AgentSession.find(osiris.state(), sessionId).orElseThrow(() ->
                    new ValidationException("No session '" + sessionId + "' in " + osiris.stateFile()
                            + ". osiris sessions lists them."));
            Proposal pending = session.pending().orElseThrow(() -> new ValidationException(
                    "No pipeline is waiting for approval in session " + sessionId + "."));
            Pipeline pipeline = Approval.pipeline(pending, osiris.workingDirectory(), osiris.parser());
            if (json) {
                view.json(sessionId, "", pending, osiris.writes(pipeline));
                view = new ProposalView(err, err);
            } else {
                out.println("Approving " + pending.file() + " (sha256 " + pending.sha256().substring(0, 12)
                        + "), as shown.");
                view.evidence(pending, osiris.writes(pipeline));
            }
            if (!yes && !confirmed(err)) {
                err.println("Not run; the pipeline still waits in session " + sessionId + ".");
                return 0;
            }
            PipelineRunner runner = osiris.runner();
            RunReport report = SignalledRun.run(runner, err, () -> display.show(() -> runner.run(pipeline)));
            OsirisChat.recordApproval(osiris, session, pending);
            session.clearPending();
            view.report(report, osiris.workingDirectory());
            new TurnFacts(out, err).ran(report, osiris.workingDirectory());
            return 0;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Java 22+ hands out a Console for redirected streams too; its isTerminal() tells them apart. */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 17-21: a Console exists only on a terminal
        }
    }

    /** On a terminal, a person answers; piped or scripted, the command itself is the approval. */
    private static boolean confirmed(PrintWriter err) {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return true;
        }
        err.print("Run it? [y/N] ");
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
        } catch (IOException e) {
            return false;
        }
    }
}
