package io.osiris.cli;

import io.osiris.api.ConfigurationException;
import io.osiris.api.OsirisException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.TokenUsage;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.core.state.StateDatabase;
import io.osiris.llm.agent.AgentOptions;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.AgentSource;
import io.osiris.llm.agent.ChatAgent;
import io.osiris.llm.agent.ChatModels;
import io.osiris.llm.agent.PipelineProposals;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.SqlDraft;
import io.osiris.llm.agent.StepPreview;
import io.osiris.llm.agent.TurnCancelledException;
import io.osiris.llm.agent.TurnResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris chat}: talks with the agent about a source until it proposes a pipeline, shows
 * the proposal (YAML, SQL, first rows) and runs it only once approved: {@code approve} at the
 * prompt, {@code --yes}, or {@code osiris run FILE} later. The model's answers and proposals go
 * to stdout; the session id, progress and diagnostics to stderr.
 *
 * <p>{@code --interactive} is a plain line-reader REPL (no line editing): a line ending in
 * {@code \} continues on the next; {@code approve}, {@code reject REASON}, {@code show} and
 * {@code exit} are commands; Ctrl-C cancels the turn in progress and keeps the session (where
 * the JVM lets a program handle SIGINT; elsewhere Ctrl-C ends the program, and the session
 * still holds every finished turn). Ctrl-C during an approved run, here as in {@code osiris run},
 * stops its queries, leaves no partial file and ends the program ({@link SignalledRun}).
 */
@Command(name = "chat", description = {
        "Describe what you want; the agent explores the source, proposes a pipeline and runs it once you approve.",
        "Without an LLM configured, --sql builds the pipeline from your SQL."},
        footer = {"", "Examples:",
                "  osiris chat \"Export movies rated above 8.0 to CSV\"",
                "  osiris chat --session 3f2a9c01b7d4 \"Only movies after 2010\"",
                "  osiris chat approve --session 3f2a9c01b7d4",
                "  osiris chat --sql \"SELECT * FROM movies\" --yes",
                "  osiris chat --interactive",
                "", "Exit codes: 0 success, 1 runtime failure, 2 usage or validation error."})
final class ChatCommand implements Callable<Integer> {
    private static final int SHOWN_ROWS = 10;

    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MESSAGE",
            description = "What you want, in a sentence; or 'approve', or 'reject REASON' for the pending pipeline.")
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

    @Option(names = "--source", paramLabel = "TYPE[.NAME]",
            description = "The connection to explore when several are configured.")
    String source;


    @Option(names = "--dir", paramLabel = "DIR", description = "Resolve relative paths against DIR "
            + "(default: the current directory).")
    Path directory = Path.of("");

    private PrintWriter out;
    private PrintWriter err;
    /** Narrates approved runs; the dry runs that check proposals stay silent. */
    private ProgressDisplay display;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        display = ProgressDisplay.forApprovedRuns(root, spec);
        Path cwd = directory.toAbsolutePath().normalize();
        if (!interactive && message == null && sql == null) {
            err.println("osiris chat: say what you want (MESSAGE), give --sql, or use --interactive.");
            return 2;
        }
        OsirisConfig config = ConfigLoader.find(root == null ? null : root.configFile, System.getenv(), cwd);
        Path stateFile = StateDatabase.locationFor(config)
                .orElse(cwd.resolve(StateDatabase.DIRECTORY).resolve(StateDatabase.FILE_NAME));
        try (StateDatabase state = StateDatabase.open(stateFile); ConnectorRegistry registry = ConnectorRegistry.load()) {
            AgentSession session = session(state);
            PipelineRunner runner = display.attachTo(PipelineRunner.builder().registry(registry).config(config)
                    .workingDirectory(cwd)).build();
            if (message != null && sql == null && message.strip().equalsIgnoreCase("approve")) {
                Proposal pending = session.pending().orElseThrow(() -> new ValidationException(
                        "No pipeline is waiting for approval in session " + session.id() + "."));
                runApproved(runner, cwd, pending, session);
                return 0;
            }
            ConnectorConfig chosen = chooseSource(config, cwd);
            try (Connector connector = registry.provider(chosen.type()).open(chosen)) {
                AgentSource agentSource = new AgentSource(chosen.type(), chosen.name(), connector);
                Set<String> secrets = ChatModels.secrets(config, System.getenv());
                boolean sampleData = DiscoveryService.sampleDataEnabled(config);
                if (sql != null) {
                    return fromSql(agentSource, runner, config, cwd, session, sampleData, secrets);
                }
                if (!ChatModels.configured(config)) {
                    return fromTemplate(agentSource, runner, config, cwd, session, sampleData, secrets,
                            state.forNamespace(DiscoveryService.CACHE_NAMESPACE));
                }
                try (ChatModel model = ChatModels.open(config).orElseThrow()) {
                    ChatAgent agent = ChatAgent.builder().model(model).session(session).source(agentSource)
                            .runner(runner).outputDirectory(config.outputDirectory()).workingDirectory(cwd)
                            .schemaCache(state.forNamespace(DiscoveryService.CACHE_NAMESPACE))
                            .options(AgentOptions.DEFAULT.withFast(fast).withSampleData(sampleData))
                            .pii(PiiPolicy.of(config)).secrets(secrets).build();
                    int code = interactive ? repl(agent, runner, cwd) : oneShot(agent, runner, cwd);
                    if (root != null && root.verbose) {
                        printUsage(session);
                    }
                    return code;
                }
            }
        } finally {
            out.flush();
            err.flush();
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
    private ConnectorConfig chooseSource(OsirisConfig config, Path cwd) {
        SourceSelection.Choice choice = SourceSelection.choose(config, source, cwd);
        if (!choice.path().isEmpty()) {
            // The agent writes pipelines against named connections, which a run can resolve again.
            throw new ValidationException("osiris chat needs a connection of .osiris.yaml, not a file: add "
                    + "connections." + choice.type() + ".NAME with path: " + choice.path() + " and pass --source "
                    + choice.type() + ".NAME.");
        }
        return choice.config();
    }

    private int fromSql(AgentSource agentSource, PipelineRunner runner, OsirisConfig config, Path cwd,
            AgentSession session, boolean sampleData, Set<String> secrets) {
        Path output = config.outputDirectory();
        String shownOutput = output.startsWith(cwd) && !output.equals(cwd) ? cwd.relativize(output).toString()
                : output.toString();
        PipelineProposals proposals = PipelineProposals.builder().runner(runner).sources(List.of(agentSource))
                .outputDirectory(output).workingDirectory(cwd).sampleData(sampleData).previewRows(SHOWN_ROWS)
                .pii(PiiPolicy.of(config)).secrets(secrets).build();
        String name = SqlDraft.nameFor(sql);
        Proposal proposal;
        try {
            proposal = proposals.propose(SqlDraft.yaml(name, agentSource, sql, shownOutput), "Your SQL, exported to CSV.");
        } catch (ValidationException e) {
            e.problems().forEach(p -> err.println(p));
            err.println("osiris chat: the SQL cannot become a pipeline; nothing was saved or run.");
            return 2;
        }
        session.setPending(proposal);
        show(proposal);
        return decide(runner, cwd, proposal, session);
    }

    /** No LLM: the sentence is matched against the templates, and a full match becomes the proposal. */
    private int fromTemplate(AgentSource agentSource, PipelineRunner runner, OsirisConfig config, Path cwd,
            AgentSession session, boolean sampleData, Set<String> secrets, io.osiris.api.state.IStateStore cache) {
        err.println("No LLM is configured (llm: in .osiris.yaml): matching your sentence against the templates.");
        if (interactive || message == null) {
            err.println("osiris chat: --interactive needs an LLM; give a sentence, --sql, or configure llm:.");
            return 2;
        }
        Path output = config.outputDirectory();
        String shownOutput = output.startsWith(cwd) && !output.equals(cwd) ? cwd.relativize(output).toString()
                : output.toString();
        DiscoveryService discovery = DiscoveryService.builder(agentSource.connector().discovery(),
                agentSource.label()).cache(cache).sampleData(sampleData).build();
        io.osiris.core.template.TemplateEngine engine = io.osiris.core.template.TemplateEngine.builder(
                io.osiris.core.template.TemplateSource.connection(agentSource.type(), agentSource.name(),
                        agentSource.connector().dialect()), discovery).outputDirectory(shownOutput).build();
        var match = engine.match(message);
        if (match.isEmpty() || !match.get().missing().isEmpty()) {
            err.println("osiris chat: " + (match.isEmpty() ? "no template fits this sentence"
                    : "template " + match.get().template().name() + " fits but needs " + match.get().missing())
                    + ". Give your SQL with --sql, use osiris generate --template NAME, or configure an LLM.");
            return 2;
        }
        err.println("Template " + match.get().template().name() + " fits.");
        String yaml = engine.apply(match.get().template(), match.get().params());
        PipelineProposals proposals = PipelineProposals.builder().runner(runner).sources(List.of(agentSource))
                .outputDirectory(output).workingDirectory(cwd).sampleData(sampleData).previewRows(SHOWN_ROWS)
                .pii(PiiPolicy.of(config)).secrets(secrets).build();
        Proposal proposal;
        try {
            proposal = proposals.propose(yaml, "From template " + match.get().template().name() + ".");
        } catch (ValidationException e) {
            e.problems().forEach(p -> err.println(p));
            err.println("osiris chat: the template's pipeline does not fit this source; nothing was saved or run.");
            return 2;
        }
        session.setPending(proposal);
        show(proposal);
        return decide(runner, cwd, proposal, session);
    }

    private int oneShot(ChatAgent agent, PipelineRunner runner, Path cwd) {
        String text = message.strip();
        TurnResult turn;
        if (text.toLowerCase(Locale.ROOT).startsWith("reject")) {
            String reason = text.length() > "reject".length() ? text.substring("reject".length()).strip() : "";
            turn = agent.reject(reason);
        } else {
            turn = agent.send(text);
        }
        printTurn(turn);
        if (turn.proposed().isPresent()) {
            show(turn.proposed().get());
            return decide(cwd, turn.proposed().get(), agent, runner);
        }
        return 0;
    }

    private int decide(PipelineRunner runner, Path cwd, Proposal proposal, AgentSession session) {
        if (yes) {
            err.println("Approved with --yes.");
            runApproved(runner, cwd, proposal, session);
        } else {
            err.println("Nothing ran. Review it, then run: osiris run " + proposal.file()
                    + "   (or: osiris chat approve --session " + session.id() + ")");
        }
        return 0;
    }

    private int decide(Path cwd, Proposal proposal, ChatAgent agent, PipelineRunner runner) {
        if (yes) {
            err.println("Approved with --yes.");
            printReport(SignalledRun.run(runner, err, () -> display.show(agent::approve)), cwd);
        } else {
            err.println("Nothing ran. Review it, then run: osiris run " + proposal.file()
                    + "   (or: osiris chat approve --session " + agent.session().id() + ")");
        }
        return 0;
    }

    private void runApproved(PipelineRunner runner, Path cwd, Proposal proposal, AgentSession session) {
        RunReport report = SignalledRun.run(runner, err,
                () -> display.show(() -> runner.run(Pipelines.read(cwd.resolve(proposal.file())))));
        session.clearPending();
        printReport(report, cwd);
    }

    private int repl(ChatAgent agent, PipelineRunner runner, Path cwd) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
        err.println("Osiris chat on " + agent.session().source() + ". Commands: approve, reject REASON, show, exit."
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
                String lower = text.toLowerCase(Locale.ROOT);
                try {
                    if (text.isEmpty()) {
                        continue;
                    } else if (lower.equals("exit") || lower.equals("quit")) {
                        return 0;
                    } else if (lower.equals("approve")) {
                        printReport(SignalledRun.run(runner, err, () -> display.show(agent::approve)), cwd);
                    } else if (lower.equals("show")) {
                        agent.pending().ifPresentOrElse(this::show, () -> err.println("No pipeline is waiting."));
                    } else if (lower.startsWith("reject")) {
                        String reason = text.substring("reject".length()).strip();
                        Proposal rejected = agent.pending().orElse(null);
                        if (rejected == null) {
                            err.println("No pipeline is waiting.");
                            continue;
                        }
                        turn(worker, agent, () -> agent.reject(reason));
                    } else {
                        turn(worker, agent, () -> agent.send(text));
                    }
                } catch (ValidationException e) {
                    err.println("osiris: " + e.getMessage());
                } catch (OsirisException e) {
                    // A failed turn (the model unreachable, a failed run) does not end the session.
                    err.println("osiris: " + e.getMessage());
                }
                out.flush();
                err.flush();
            }
        } finally {
            worker.shutdownNow();
        }
    }

    /** Runs one turn on the worker so Ctrl-C can cancel it while this thread keeps the prompt. */
    private void turn(ExecutorService worker, ChatAgent agent, Callable<TurnResult> body) {
        Future<TurnResult> future = worker.submit(body);
        Runnable restore = Interrupts.onSigint(() -> {
            agent.cancel();
            future.cancel(true);
        });
        try {
            TurnResult turn = future.get();
            printTurn(turn);
            turn.proposed().ifPresent(p -> {
                show(p);
                err.println("Type approve to run it, or reject REASON.");
            });
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

    private void printTurn(TurnResult turn) {
        if (!turn.text().isBlank()) {
            out.println(turn.text().strip());
            out.println();
            out.flush();
        }
    }

    private void show(Proposal p) {
        out.println("Proposed pipeline " + p.name() + ", saved as " + p.file() + ":");
        if (!p.summary().isBlank()) {
            out.println("  " + p.summary().strip());
        }
        out.println();
        out.println(p.yaml().stripTrailing());
        out.println();
        for (StepPreview s : p.previews()) {
            out.println("Extract " + s.stepId() + " from " + s.source() + ":");
            for (String line : s.sql().split("\\R")) {
                out.println("  " + line);
            }
            if (!s.rows().isEmpty()) {
                List<String[]> rows = new ArrayList<>();
                rows.add(s.columns().toArray(String[]::new));
                for (List<Object> row : s.rows()) {
                    rows.add(row.stream().map(v -> v == null ? "" : String.valueOf(v)).toArray(String[]::new));
                }
                out.println("First " + s.rows().size() + " rows:");
                Table.print(out, rows);
            } else if (!s.note().isEmpty()) {
                out.println("  (" + s.note() + ")");
            }
            out.println();
        }
        out.flush();
    }

    private void printReport(RunReport report, Path cwd) {
        err.printf(Locale.ROOT, "ran %s in %.2fs%n", report.pipeline(), report.seconds());
        for (StepReport s : report.steps()) {
            err.printf(Locale.ROOT, "  %-9s %-20s %12d rows %8.2fs  %s%n", s.kind(), s.id(), s.rows(), s.seconds(),
                    s.target());
            if (s.kind().equals("load")) {
                String target = s.target();
                try {
                    Path file = Path.of(target);
                    if (file.isAbsolute() && file.startsWith(cwd)) {
                        target = cwd.relativize(file).toString();
                    }
                } catch (java.nio.file.InvalidPathException e) {
                    // A database target (duckdb:FILE#table, mysql.default#table): shown as the runner names it.
                }
                out.println("wrote " + target + " (" + s.rows() + " rows)");
            }
        }
        out.flush();
        err.flush();
    }

    private void printUsage(AgentSession session) {
        TokenUsage u = session.usage();
        err.printf(Locale.ROOT, "Session %s: %d model calls, %d input + %d output tokens%n", session.id(),
                session.modelCalls(), u.inputTokens(), u.outputTokens());
        for (Map.Entry<String, TokenUsage> e : session.usageByModel().entrySet()) {
            err.printf(Locale.ROOT, "  %s: %d input + %d output tokens%n", e.getKey(), e.getValue().inputTokens(),
                    e.getValue().outputTokens());
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
