package io.osiris.cli;

import io.osiris.api.ErrorKind;
import io.osiris.api.ValidationException;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ToolCall;
import io.osiris.core.Osiris;
import io.osiris.core.state.StateDatabase;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.SessionSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris sessions [list|show ID|clear ID]}: the chat sessions kept in {@code .osiris/state.db}.
 * Listings and transcripts go to stdout; with {@code --json}, as JSON ({@link SessionsJson}).
 */
@Command(name = "sessions", description = "List, show or clear chat sessions.",
        footer = {"", "Examples:", "  osiris sessions", "  osiris sessions show 3f2a9c01b7d4",
                "  osiris sessions clear 3f2a9c01b7d4", "  osiris sessions list --json",
                "", "Exit codes: 0 success, 1 runtime failure, 2 usage error or unknown session."})
final class SessionsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    private static final int SHOWN_RESULT_CHARS = 200;

    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = "list",
            description = "list (default), show or clear.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The session id, for show and clear.")
    String id;

    @Option(names = "--dir", paramLabel = "DIR", description = "The directory whose .osiris/state.db to read "
            + "when there is no config file (default: the current directory).")
    Path directory = Path.of("");

    @Option(names = "--json", description = "Print the sessions (list), the session (show) or what was cleared as"
            + " JSON on stdout; on failure, a JSON error object.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String verb = action.toLowerCase(Locale.ROOT);
        if (!List.of("list", "show", "clear").contains(verb)) {
            throw CommandFailure.of(ErrorKind.VALIDATION, "osiris sessions: unknown action '" + action
                    + "': use list, show ID or clear ID.");
        }
        if (!verb.equals("list") && id == null) {
            throw CommandFailure.of(ErrorKind.VALIDATION, "osiris sessions " + verb
                    + ": give the session id (osiris sessions lists them).");
        }
        try (Osiris osiris = OsirisCli.load(root, OsirisCli.configure(root, directory))) {
            if (!osiris.hasState()) {
                if (verb.equals("list")) {
                    if (json) {
                        JsonOutput.print(out, List.of());
                    } else {
                        out.println("No sessions.");
                    }
                    out.flush();
                    return 0;
                }
                throw CommandFailure.of(ErrorKind.VALIDATION, "osiris sessions: no session '" + id
                        + "' (no state file " + osiris.stateFile() + ").");
            }
            StateDatabase state = osiris.state();
            switch (verb) {
                case "list" -> {
                    if (json) {
                        JsonOutput.print(out, AgentSession.list(state).stream().map(SessionsJson::summary).toList());
                    } else {
                        list(state, out);
                    }
                }
                case "show" -> {
                    AgentSession session = AgentSession.find(state, id).orElseThrow(() -> unknown(id));
                    if (json) {
                        JsonOutput.print(out, SessionsJson.session(session));
                    } else {
                        show(session, out);
                    }
                }
                default -> {
                    if (!AgentSession.clear(state, id)) {
                        throw unknown(id);
                    }
                    if (json) {
                        JsonOutput.print(out, java.util.Map.of("cleared", id));
                    } else {
                        out.println("Cleared session " + id + ".");
                    }
                }
            }
        }
        out.flush();
        return 0;
    }

    private static ValidationException unknown(String id) {
        return new ValidationException("No session '" + id + "'. osiris sessions lists them.");
    }

    private static void list(StateDatabase state, PrintWriter out) {
        List<SessionSummary> sessions = AgentSession.list(state);
        if (sessions.isEmpty()) {
            out.println("No sessions.");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "UPDATED", "SOURCE", "MESSAGES", "TOKENS", "PENDING", "TITLE"});
        for (SessionSummary s : sessions) {
            rows.add(new String[] {s.id(), TIME.format(s.updatedAt()), s.source(), String.valueOf(s.messages()),
                    String.valueOf(s.usage().inputTokens() + s.usage().outputTokens()), s.pending(), s.title()});
        }
        Table.print(out, rows);
    }

    private static void show(AgentSession session, PrintWriter out) {
        SessionSummary summary = session.summary();
        out.println("Session " + session.id() + " on " + summary.source() + ", started "
                + TIME.format(summary.createdAt()) + ", " + session.modelCalls() + " model calls, "
                + summary.usage().inputTokens() + " input + " + summary.usage().outputTokens() + " output tokens");
        out.println();
        for (ChatMessage m : session.messages()) {
            if (m instanceof ChatMessage.User u) {
                out.println("you: " + u.text());
            } else if (m instanceof ChatMessage.Assistant a) {
                if (!a.text().isBlank()) {
                    out.println("model: " + a.text().strip());
                }
                for (ToolCall c : a.toolCalls()) {
                    out.println("  -> " + c.name() + " " + shorten(c.argumentsJson()));
                }
            } else if (m instanceof ChatMessage.ToolResult r) {
                out.println("  <- " + r.toolName() + (r.isError() ? " (error) " : " ") + shorten(r.content()));
            }
        }
        session.pending().ifPresent(p -> printPending(p, out));
    }

    private static void printPending(Proposal p, PrintWriter out) {
        out.println();
        out.println("Waiting for approval: " + p.name() + " (" + p.file() + ")");
        out.println(p.yaml().stripTrailing());
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= SHOWN_RESULT_CHARS ? oneLine
                : oneLine.substring(0, SHOWN_RESULT_CHARS) + "… (" + oneLine.length() + " chars)";
    }
}
