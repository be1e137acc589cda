package io.osiris.cli;

import io.osiris.api.ErrorKind;
import io.osiris.api.ValidationException;
import io.osiris.api.llm.ChatModel;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.runner.RunReport;
import io.osiris.core.state.StateDatabase;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.ChatAgent;
import io.osiris.llm.agent.ChatModels;
import io.osiris.llm.agent.OsirisChat;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.TurnResult;
import java.io.PrintWriter;
import io.osiris.core.write.PlannedWrite;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris chat}: talks with the agent about a source until it proposes a pipeline, shows
 * the proposal (YAML, SQL, first rows, and a block of every write it makes) and runs it only once
 * approved: {@code osiris chat approve --session ID} ({@link ChatApproveCommand}), {@code approve}
 * at the prompt, or {@code --yes}. Approval runs exactly the YAML shown. Rejection is a command
 * too ({@code osiris chat reject REASON --session ID}, {@code /reject REASON} at the prompt): a
 * message that merely starts with "reject" is a message. The model's answers (labelled
 * {@code model>}) and proposals go to stdout; the session id, progress, diagnostics and Osiris's
 * own status line ({@code osiris>}, from facts: {@link TurnFacts}) to stderr.
 *
 * <p>{@code --interactive} is a plain line-reader REPL (no line editing): a line ending in
 * {@code \} continues on the next; {@code /approve}, {@code /reject REASON}, {@code /show} and
 * {@code /exit} are commands (and the bare words approve, show, exit); Ctrl-C cancels the turn
 * in progress and keeps the session (where the JVM lets a program handle SIGINT; elsewhere Ctrl-C
 * ends the program, and the session still holds every finished turn). Ctrl-C during an approved run, here as in {@code osiris run},
 * stops its queries, leaves no partial file and ends the program ({@link SignalledRun}).
 */
@Command(name = "chat", subcommands = {ChatApproveCommand.class, ChatRejectCommand.class}, description = {
        "Describe what you want; the agent explores the source, proposes a pipeline and runs it once you approve.",
        "Without an LLM configured, --sql builds the pipeline from your SQL."},
        footer = {"", "Examples:",
                "  osiris chat \"Export movies rated above 8.0 to CSV\"",
                "  osiris chat --session 3f2a9c01b7d4 \"Only movies after 2010\"",
                "  osiris chat approve --session 3f2a9c01b7d4",
                "  osiris chat reject \"only movies after 2010\" --session 3f2a9c01b7d4",
                "  osiris chat --sql \"SELECT * FROM movies\" --yes",
                "  osiris chat --json \"Export movies rated above 8.0 to CSV\"",
                "  osiris chat --interactive",
                "", "Exit codes: 0 success, 1 runtime failure, 2 usage or validation error."})
final class ChatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MESSAGE",
            description = "What you want, in a sentence. (To approve or reject the pending pipeline: "
                    + "osiris chat approve|reject.)")
    String message;

    @Option(names = "--interactive", description = "Talk turn by turn at a prompt.")
    boolean interactive;

    @Option(names = "--fast", description = "Let the model assume sensible defaults instead of asking questions.")
    boolean fast;

    @Option(names = "--sql", paramLabel = "SQL", description = "Build the pipeline from this SELECT, with no LLM.")
    String sql;

    @Option(names = "--session", paramLabel = "ID", description = "Continue this session (osiris sessions lists them).")
    String sessionId;

    @Option(names = "--yes", description = "Approve the proposed pipeline and run it at once.")
    boolean yes;

    @Option(names = "--json", description = "Print the turn (answer, proposal and its evidence) as JSON on stdout;"
            + " a run's report goes to stderr.")
    boolean json;

    @Option(names = "--source", paramLabel = "TYPE[.NAME]",
            description = "The connection to explore when several are configured.")
    String source;

    @Option(names = "--dir", paramLabel = "DIR", description = "Resolve relative paths against DIR "
            + "(default: the current directory).")
    Path directory = Path.of("");

    /** Set by {@link ChatRejectCommand}: the turn rejects the pending pipeline with this reason. */
    String rejection;

    private PrintWriter out;
    private PrintWriter err;
    private ProposalView view;
    private TurnFacts facts;
    /** Narrates approved runs; the dry runs that check proposals stay silent. */
    private ProgressDisplay display;
    private Osiris osiris;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        view = new ProposalView(out, err);
        facts = new TurnFacts(out, err);
        if (json && interactive) {
            throw CommandFailure.of(ErrorKind.VALIDATION,
                    "osiris chat: --json prints one turn; it does not go with --interactive.");
        }
        display = ProgressDisplay.forApprovedRuns(root, spec);
        if (!interactive && message == null && sql == null && rejection == null) {
            throw CommandFailure.of(ErrorKind.VALIDATION,
                    "osiris chat: say what you want (MESSAGE), give --sql, or use --interactive.");
        }
        Path stateFile = null;
        boolean stateExisted = true;
        try (Osiris loaded = OsirisCli.load(root, display.attachTo(OsirisCli.configure(root, directory)))) {
            osiris = loaded;
            stateFile = osiris.stateFile();
            if (sessionId != null && !osiris.hasState()) {
                throw new ValidationException("No session '" + sessionId + "': there is no state file " + stateFile
                        + " yet. osiris sessions lists the sessions of a project.");
            }
            // A new conversation checks its source before anything is stored, so a bad --source leaves no trace.
            SourceSelection.Choice chosen = sessionId == null ? chooseSource(source) : null;
            stateExisted = osiris.hasState();
            return converse(chosen);
        } catch (RuntimeException e) {
            if (!stateExisted) {
                StateFiles.removeIfUnused(stateFile);
            }
            throw e;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int converse(SourceSelection.Choice preChosen) {
        StateDatabase state = osiris.state();
        boolean created = sessionId == null;
        AgentSession session = session(state);
        try {
            // A continued session keeps exploring the source it started on unless --source says otherwise.
            SourceSelection.Choice chosen = preChosen != null ? preChosen
                    : chooseSource(source != null || session.source().isEmpty() ? source : session.source());
            try (OsirisChat chat = OsirisChat.open(osiris, session, chosen.type(), chosen.name())) {
                return converse(chat);
            }
        } catch (RuntimeException e) {
            if (created && session.messages().isEmpty() && session.pending().isEmpty()) {
                AgentSession.clear(state, session.id());
            }
            throw e;
        }
    }

    private int converse(OsirisChat chat) {
        OsirisConfig config = osiris.config();
        if (sql != null) {
            return decideOn(new ModelFreeProposals(chat, err).fromSql(sql), chat);
        }
        Optional<String> unavailable = ChatModels.unavailable(config, System.getenv());
        if (!ChatModels.configured(config) || unavailable.isPresent()) {
            err.println(unavailable.map(why -> "The LLM cannot be used (" + why + ")")
                    .orElse("No LLM is configured (llm: in .osiris.yaml)")
                    + ": matching your sentence against the templates.");
            return fromTemplate(chat);
        }
        try (ChatModel model = ChatModels.open(config).orElseThrow()) {
            ToolProgress progress = ToolProgress.of(root, spec);
            ChatAgent agent = chat.agent(model, fast, progress);
            int code = interactive ? new ChatRepl(agent, osiris.runner(), view, display, chat::writes, err,
                    osiris.workingDirectory(), facts, progress).run(System.in) : oneShot(agent, chat, progress);
            if (root != null && root.verbose) {
                view.usage(chat.session());
            }
            return code;
        }
    }

    private AgentSession session(StateDatabase state) {
        if (sessionId != null) {
            return AgentSession.find(state, sessionId).orElseThrow(() -> new ValidationException(
                    "No session '" + sessionId + "' in " + state.file() + ". osiris sessions lists them."));
        }
        AgentSession created = AgentSession.create(state);
        err.println("Session " + created.id() + " (continue it with --session " + created.id() + ")");
        return created;
    }

    /** The connection named by --source, or the only one configured (see {@link SourceSelection}). */
    private SourceSelection.Choice chooseSource(String source) {
        SourceSelection.Choice choice = SourceSelection.choose(osiris.config(), source);
        if (!choice.path().isEmpty()) {
            // The agent writes pipelines against named connections, which a run can resolve again.
            throw new ValidationException("osiris chat needs a connection of .osiris.yaml, not a file: add "
                    + "connections." + choice.type() + ".NAME with path: " + choice.path() + " and pass --source "
                    + choice.type() + ".NAME.");
        }
        return choice;
    }

    /** No LLM: the sentence is matched against the templates, and a full match becomes the proposal. */
    private int fromTemplate(OsirisChat chat) {
        if (rejection != null) {
            throw CommandFailure.of(ErrorKind.VALIDATION, "osiris chat reject: a rejection goes back to the model,"
                    + " and no LLM can be used; edit the SQL and give it with --sql instead.");
        }
        if (interactive || message == null) {
            throw CommandFailure.of(ErrorKind.VALIDATION,
                    "osiris chat: --interactive needs an LLM; give a sentence, --sql, or configure llm:.");
        }
        return decideOn(new ModelFreeProposals(chat, err).fromTemplate(message), chat);
    }

    private void show(AgentSession session, String answer, Proposal proposal, List<PlannedWrite> writes) {
        if (json) {
            view.json(session.id(), answer, proposal, writes);
        } else {
            view.show(proposal, writes);
        }
    }

    /** Shows a proposal made without a model, and runs it with --yes. */
    private int decideOn(Optional<Proposal> proposal, OsirisChat chat) {
        if (proposal.isEmpty()) {
            return 2;
        }
        show(chat.session(), "", proposal.get(), chat.writes(proposal.get()));
        return decide(proposal.get(), chat.session(), () -> {
            RunReport report = osiris.run(chat.approved(proposal.get()));
            chat.session().clearPending();
            return report;
        });
    }

    private int oneShot(ChatAgent agent, OsirisChat chat, ToolProgress progress) {
        TurnResult turn;
        try {
            turn = rejection != null ? agent.reject(rejection) : agent.send(message.strip());
        } finally {
            progress.done();
        }
        if (json) {
            Proposal p = turn.proposed().orElse(null);
            view.json(agent.session().id(), turn.text(), p, p == null ? List.of() : chat.writes(p));
        } else {
            facts.modelText(turn);
        }
        if (turn.proposed().isPresent()) {
            if (!json) {
                view.show(turn.proposed().get(), chat.writes(turn.proposed().get()));
            }
            return decide(turn.proposed().get(), agent.session(), agent::approve);
        }
        // Said plainly, whatever the model's text claims: only a valid proposal waits for approval.
        facts.status(turn, agent.pending(), approveHint(agent.session()));
        return 0;
    }

    private static String approveHint(AgentSession session) {
        return "osiris chat approve --session " + session.id() + "   (or reject: osiris chat reject REASON --session "
                + session.id() + ")";
    }

    /** With --yes, runs the approved proposal (narrated, Ctrl-C cancels it); otherwise says how to approve. */
    private int decide(Proposal proposal, AgentSession session, Supplier<RunReport> approve) {
        if (yes) {
            err.println("Approved with --yes.");
            RunReport report = SignalledRun.run(osiris.runner(), err, () -> display.show(approve));
            // With --json, stdout holds one JSON object: the run's report goes to stderr.
            (json ? new ProposalView(err, err) : view).report(report, osiris.workingDirectory());
            facts.ran(report, osiris.workingDirectory());
        } else {
            facts.waits(proposal, approveHint(session));
        }
        return 0;
    }
}
