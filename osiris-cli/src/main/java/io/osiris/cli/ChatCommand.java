package io.osiris.cli;

import io.osiris.api.ConfigurationException;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.TokenUsage;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.config.SecretMask;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.state.StateDatabase;
import io.osiris.core.write.PlannedWrite;
import io.osiris.core.write.PlannedWrites;
import io.osiris.llm.agent.AgentOptions;
import io.osiris.llm.agent.Approval;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.AgentSource;
import io.osiris.llm.agent.ChatAgent;
import io.osiris.llm.agent.ChatModels;
import io.osiris.llm.agent.PipelineProposals;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.SqlDraft;
import io.osiris.llm.agent.TurnResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
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
 * message that merely starts with "reject" is a message. The model's answers and proposals go to
 * stdout; the session id, progress and diagnostics to stderr.
 *
 * <p>{@code --interactive} is a plain line-reader REPL (no line editing): a line ending in
 * {@code \} continues on the next; {@code /approve}, {@code /reject REASON}, {@code /show} and
 * {@code /exit} are commands (and the bare words approve, show, exit); Ctrl-C cancels the turn in progress and keeps the session (where
 * the JVM lets a program handle SIGINT; elsewhere Ctrl-C ends the program, and the session
 * still holds every finished turn). Ctrl-C during an approved run, here as in {@code osiris run},
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
                "  osiris chat --interactive",
                "", "Exit codes: 0 success, 1 runtime failure, 2 usage or validation error."})
final class ChatCommand implements Callable<Integer> {
    private static final int SHOWN_ROWS = 10;

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
    private ConnectorRegistry registry;
    private OsirisConfig config;
    private Path cwd;
    /** Narrates approved runs; the dry runs that check proposals stay silent. */
    private ProgressDisplay display;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        view = new ProposalView(out, err);
        display = ProgressDisplay.forApprovedRuns(root, spec);
        cwd = directory.toAbsolutePath().normalize();
        if (!interactive && message == null && sql == null && rejection == null) {
            err.println("osiris chat: say what you want (MESSAGE), give --sql, or use --interactive.");
            return 2;
        }
        config = ConfigLoader.find(root == null ? null : root.configFile, System.getenv(), cwd);
        Path stateFile = StateDatabase.locationFor(config, cwd);
        if (sessionId != null && !Files.exists(stateFile)) {
            throw new ValidationException("No session '" + sessionId + "': there is no state file " + stateFile
                    + " yet. osiris sessions lists the sessions of a project.");
        }
        // A new conversation checks its source before anything is stored, so a bad --source leaves no trace.
        ConnectorConfig chosen = sessionId == null ? chooseSource(config, source, cwd) : null;
        boolean stateExisted = Files.exists(stateFile);
        try {
            return converse(stateFile, chosen);
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

    private int converse(Path stateFile, ConnectorConfig preChosen) {
        try (StateDatabase state = StateDatabase.open(stateFile); ConnectorRegistry loaded = ConnectorRegistry.load()) {
            registry = loaded;
            boolean created = sessionId == null;
            AgentSession session = session(state);
            try {
                // A continued session keeps exploring the source it started on unless --source says otherwise.
                ConnectorConfig chosen = preChosen != null ? preChosen
                        : chooseSource(config, source != null || session.source().isEmpty() ? source : session.source(), cwd);
                return converse(state, session, chosen);
            } catch (RuntimeException e) {
                if (created && session.messages().isEmpty() && session.pending().isEmpty()) {
                    AgentSession.clear(state, session.id());
                }
                throw e;
            }
        }
    }

    private int converse(StateDatabase state, AgentSession session, ConnectorConfig chosen) {
        PipelineRunner runner = display.attachTo(PipelineRunner.builder().registry(registry).config(config)
                .workingDirectory(cwd)).build();
        // The agent explores and previews under the shorter limits.preview_timeout; approved runs use the runner's.
        try (Connector connector = registry.provider(chosen.type()).open(config.limits().forPreview(chosen))) {
            AgentSource agentSource = new AgentSource(chosen.type(), chosen.name(), connector);
            // The registry this command loaded declares the secret keys; no second ServiceLoader pass.
            Set<String> secrets = SecretMask.of(config, registry.providers(), System.getenv()).values();
            boolean sampleData = DiscoveryService.sampleDataEnabled(config);
            if (sql != null) {
                return fromSql(agentSource, runner, config, cwd, session, sampleData, secrets);
            }
            Optional<String> unavailable = ChatModels.unavailable(config, System.getenv());
            if (!ChatModels.configured(config) || unavailable.isPresent()) {
                err.println(unavailable.map(why -> "The LLM cannot be used (" + why + ")")
                        .orElse("No LLM is configured (llm: in .osiris.yaml)")
                        + ": matching your sentence against the templates.");
                return fromTemplate(agentSource, runner, config, cwd, session, sampleData, secrets,
                        state.forNamespace(DiscoveryService.CACHE_NAMESPACE));
            }
            try (ChatModel model = ChatModels.open(config).orElseThrow()) {
                ChatAgent agent = ChatAgent.builder().model(model).session(session).source(agentSource)
                        .runner(runner).outputDirectory(config.outputDirectory()).workingDirectory(cwd)
                        .schemaCache(state.forNamespace(DiscoveryService.CACHE_NAMESPACE))
                        .options(AgentOptions.DEFAULT.withFast(fast).withSampleData(sampleData)
                                .withTurnTimeout(config.limits().turnTimeout()))
                        .pii(PiiPolicy.of(config)).secrets(secrets).build();
                int code = interactive ? repl(agent, runner, cwd) : oneShot(agent, runner, cwd);
                if (root != null && root.verbose) {
                    printUsage(session);
                }
                return code;
            }
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
    private static ConnectorConfig chooseSource(OsirisConfig config, String source, Path cwd) {
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
                .pii(PiiPolicy.of(config)).secrets(secrets).session(session).build();
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
        if (rejection != null) {
            err.println("osiris chat reject: a rejection goes back to the model, and no LLM can be used; edit the"
                    + " SQL and give it with --sql instead.");
            return 2;
        }
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
                .pii(PiiPolicy.of(config)).secrets(secrets).session(session).build();
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
        TurnResult turn = rejection != null ? agent.reject(rejection) : agent.send(message.strip());
        view.turn(turn);
        if (turn.proposed().isPresent()) {
            show(turn.proposed().get());
            return decide(cwd, turn.proposed().get(), agent, runner);
        }
        // Said plainly, whatever the model's text claims: only a valid proposal waits for approval.
        err.println(agent.pending().map(p -> "Still waiting for approval: " + p.file() + " (osiris chat approve --session "
                + agent.session().id() + ")").orElse("No pipeline is waiting for approval in session "
                + agent.session().id() + "."));
        return 0;
    }

    private int decide(PipelineRunner runner, Path cwd, Proposal proposal, AgentSession session) {
        if (yes) {
            err.println("Approved with --yes.");
            runApproved(runner, cwd, proposal, session);
        } else {
            err.println("Nothing ran. Review it, then approve: osiris chat approve --session " + session.id()
                    + "   (or reject: osiris chat reject REASON --session " + session.id() + ")");
        }
        return 0;
    }

    private int decide(Path cwd, Proposal proposal, ChatAgent agent, PipelineRunner runner) {
        if (yes) {
            err.println("Approved with --yes.");
            printReport(SignalledRun.run(runner, err, () -> display.show(agent::approve)), cwd);
        } else {
            err.println("Nothing ran. Review it, then approve: osiris chat approve --session " + agent.session().id()
                    + "   (or reject: osiris chat reject REASON --session " + agent.session().id() + ")");
        }
        return 0;
    }

    private void runApproved(PipelineRunner runner, Path cwd, Proposal proposal, AgentSession session) {
        RunReport report = SignalledRun.run(runner, err,
                () -> display.show(() -> runner.run(Approval.pipeline(proposal, cwd))));
        session.clearPending();
        printReport(report, cwd);
    }

    private int repl(ChatAgent agent, PipelineRunner runner, Path cwd) {
        return new ChatRepl(agent, runner, view, display, this::writesOf, err, cwd).run(System.in);
    }

    private void show(Proposal p) {
        view.show(p, writesOf(p));
    }

    private List<PlannedWrite> writesOf(Proposal p) {
        return new PlannedWrites(registry, config, cwd).of(Approval.pipeline(p, cwd));
    }

    private void printReport(RunReport report, Path cwd) {
        view.report(report, cwd);
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
}
