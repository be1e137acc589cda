package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ChatModel;
import io.osiris.api.llm.ChatRequest;
import io.osiris.api.llm.ChatResponse;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.state.IStateStore;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.core.write.PlannedWrite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conversational agent: it drives a {@link ChatModel} through the tool contract
 * ({@code list_tables}, {@code describe_table}, {@code sample_rows}, {@code preview_query},
 * {@code propose_pipeline}) until the model answers in text, and keeps the conversation in an
 * {@link AgentSession}.
 *
 * <pre>{@code
 * ChatAgent agent = ChatAgent.builder()
 *         .model(model).session(session).source(new AgentSource("mysql", "default", connector))
 *         .runner(runner).outputDirectory(Path.of("output")).build();
 * TurnResult turn = agent.send("Export movies rated above 8.0 to CSV");
 * if (turn.proposed().isPresent()) { ... show it, then agent.approve() or agent.reject(reason) ... }
 * }</pre>
 *
 * <p>A turn is all or nothing: its messages reach the session only when it ends, so a turn
 * that fails (the model is unreachable) or is {@linkplain #cancel() cancelled} leaves the
 * conversation as it was. Tokens are recorded as they are spent. Nothing runs unapproved: a
 * valid proposal waits in the session until {@link #approve()}.
 */
public final class ChatAgent {
    private static final Logger LOG = LoggerFactory.getLogger(ChatAgent.class);

    private final ChatModel model;
    private final AgentSession session;
    private final List<AgentSource> sources;
    private final AgentOptions options;
    private final PipelineRunner runner;
    private final PipelineParser parser;
    private final AgentTools tools;
    private final Path workingDirectory;
    private final Redactor redactor;
    /** Memory of approved work; null when the host keeps none. */
    private final ApprovedWork approvedWork;
    private final AgentProgress progress;
    private final TurnPrompts prompts;
    /** The prompt budget; lowered for the rest of this agent's life when the model's context proved smaller. */
    private final AtomicReference<TokenBudget> budget;
    private volatile AtomicBoolean currentTurn = new AtomicBoolean();

    private ChatAgent(Builder b) {
        this.model = requireNonNull(b.model, "model");
        this.session = requireNonNull(b.session, "session");
        if (b.sources.isEmpty()) {
            throw new IllegalArgumentException("the agent needs at least one source");
        }
        this.sources = List.copyOf(b.sources);
        this.options = b.options;
        this.runner = requireNonNull(b.runner, "runner");
        this.parser = b.parser != null ? b.parser : Pipelines.parser();
        this.workingDirectory = b.workingDirectory.toAbsolutePath().normalize();
        Path output = workingDirectory.resolve(requireNonNull(b.outputDirectory, "outputDirectory")).normalize();
        String shownOutput = output.startsWith(workingDirectory) && !output.equals(workingDirectory)
                ? workingDirectory.relativize(output).toString() : output.toString();
        this.redactor = new Redactor(b.secrets);
        this.approvedWork = b.approvedWork == null ? null : new ApprovedWork(b.approvedWork, b.secrets);
        this.progress = b.progress;
        Map<String, DiscoveryService> services = new LinkedHashMap<>();
        for (AgentSource s : sources) {
            DiscoveryService.Builder db = DiscoveryService.builder(s.connector().discovery(), s.label())
                    .sampleData(options.sampleData()).pii(b.pii);
            if (b.schemaCache != null) {
                db.cache(b.schemaCache);
            }
            services.put(s.label(), db.build());
        }
        PipelineProposals proposals = PipelineProposals.builder().parser(parser).runner(runner).sources(sources)
                .outputDirectory(output).workingDirectory(workingDirectory).sampleData(options.sampleData())
                .previewRows(options.previewRows()).pii(b.pii).secrets(b.secrets).session(session).writes(b.writes)
                .build();
        this.budget = new AtomicReference<>(new TokenBudget(options.promptBudgetTokens()));
        ObjectMapper mapper = new ObjectMapper();
        List<ToolSpec> specs = Prompts.tools(mapper);
        this.prompts = new TurnPrompts(sources, services, Optional.ofNullable(b.schemaCache), options, shownOutput,
                session, specs, approvedWork, redactor);
        this.tools = new AgentTools(sources, services, proposals, options,
                new ToolJson(mapper, options.maxResultChars()), redactor, specs, prompts::index);
        if (session.source().isEmpty()) {
            session.setSource(sources.get(0).label());
        }
    }

    /** A builder; model, session, at least one source, runner and output directory are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The tool specs offered to the model: the public tool contract. */
    public List<ToolSpec> toolSpecs() {
        return tools.specs();
    }

    /** The system prompt a turn without a message would send: the tables in catalogue order, within the budget. */
    public String systemPrompt() {
        return prompts.system("", budget.get(), List.of());
    }

    /** The session this agent talks in. */
    public AgentSession session() {
        return session;
    }

    /**
     * One turn: sends the person's message and runs the model's tool calls until it answers
     * in text, or until {@link AgentOptions#maxToolRounds()} model calls.
     *
     * @throws io.osiris.api.ConnectionException when the model cannot be reached (the turn is not kept)
     * @throws TurnCancelledException            when {@link #cancel()} stopped the turn (not kept)
     */
    public TurnResult send(String message) {
        requireNonNull(message, "message");
        AtomicBoolean cancelled = new AtomicBoolean();
        currentTurn = cancelled;
        String person = redactor.apply(message);
        List<ChatMessage> history = new ArrayList<>(session.messages());
        String system = prompts.system(person, budget.get(), history);
        List<ChatMessage> turn = new ArrayList<>();
        turn.add(new ChatMessage.User(person));
        AgentTools.TurnState state = new AgentTools.TurnState();
        TokenUsage used = TokenUsage.NONE;
        boolean compactedForOverflow = false;
        long deadline = System.nanoTime() + options.turnTimeout().toNanos();
        for (int call = 1; ; call++) {
            checkCancelled(cancelled);
            ChatResponse response;
            progress.modelCall(call);
            try {
                response = model.chat(new ChatRequest(system, prompts.fitted(system, history, turn, budget.get()), tools.specs()));
            } catch (RuntimeException e) {
                if (compactedForOverflow || !ContextOverflow.is(e)) {
                    throw compactedForOverflow && ContextOverflow.is(e) ? new ExecutionFailedException("The model "
                            + "refused the prompt as too long even after compacting the conversation to "
                            + budget.get().tokens() + " tokens. Lower limits.prompt_budget_tokens in .osiris.yaml "
                            + "to fit the model's context, or start a new session.", e) : e;
                }
                // The model's context is smaller than the budget: halve the budget for the rest of the
                // session, so this turn and every later one compact to fit, and try once more.
                compactedForOverflow = true;
                TokenBudget smaller = budget.get().scaled(0.5);
                budget.set(smaller);
                LOG.warn("The model refused a prompt as too long; compacting to {} tokens and trying again",
                        smaller.tokens());
                system = prompts.system(person, smaller, history);
                call--;
                continue;
            }
            session.recordUsage(response.model(), response.usage());
            used = used.plus(response.usage());
            checkCancelled(cancelled);
            ChatMessage.Assistant answer = response.message();
            turn.add(answer);
            LOG.debug("Model {} answered with {} tool calls", response.model(), answer.toolCalls().size());
            if (!answer.hasToolCalls()) {
                return finish(cancelled, turn, state, new TurnResult(answer.text(), state.proposal, used, call, false));
            }
            boolean outOfTime = !options.turnTimeout().isZero() && System.nanoTime() - deadline > 0;
            if (call >= options.maxToolRounds() || outOfTime) {
                String limit = outOfTime ? "its time limit of " + shown(options.turnTimeout())
                        + " (limits.turn_timeout)" : "its limit of " + options.maxToolRounds()
                        + " model calls (limits.max_tool_rounds)";
                // Every tool call must be answered before the conversation can go on, so the stop is answered too.
                for (ToolCall c : answer.toolCalls()) {
                    turn.add(new ChatMessage.ToolResult(c.id(), c.name(), "{\"error\":\"The turn reached "
                            + limit + "; the tool did not run.\"}", true));
                }
                String text = (answer.text().isBlank() ? "" : answer.text().strip() + "\n\n")
                        + "(Stopped after " + call + " model calls without a final answer: the turn reached " + limit
                        + ". Say how to go on, or narrow the request.)";
                return finish(cancelled, turn, state, new TurnResult(text, state.proposal, used, call, true));
            }
            // Parallel tool calls: each runs, in order, and every result goes back in the next request.
            for (ToolCall c : answer.toolCalls()) {
                checkCancelled(cancelled);
                progress.toolStarted(c.name(), redactor.apply(ToolArguments.summary(c.argumentsJson())));
                long started = System.nanoTime();
                Proposal before = state.proposal;
                ToolOutcome outcome = tools.execute(c, state);
                progress.toolFinished(c.name(), (System.nanoTime() - started) / 1_000_000, outcome.isError());
                turn.add(new ChatMessage.ToolResult(c.id(), c.name(), outcome.content(), outcome.isError()));
                if (state.proposal != before) {
                    // What the proposal cost: the turn's calls and tokens until it was made.
                    state.proposal = state.proposal.withEvidence(state.proposal.evidence().withCost(
                            new Evidence.Cost(call, used.inputTokens(), used.outputTokens())));
                }
            }
        }
    }

    /**
     * Rejects the pending pipeline and sends the reason back to the model, which revises it.
     *
     * @throws ValidationException when no pipeline is waiting
     */
    public TurnResult reject(String reason) {
        Proposal pending = requirePending();
        String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        session.clearPending();
        try {
            return send("I reject the proposed pipeline " + pending.name() + " (" + pending.file() + "): " + why
                    + ". Please revise it.");
        } catch (RuntimeException e) {
            // The turn was not kept, so neither is the rejection: the pipeline still waits.
            if (session.pending().isEmpty()) {
                session.setPending(pending);
            }
            throw e;
        }
    }

    /**
     * Runs the pending pipeline, exactly as it was shown ({@link Approval}), and forgets it once
     * it ran.
     *
     * @throws ValidationException when no pipeline is waiting, or its saved file was changed since
     */
    public RunReport approve() {
        Proposal pending = requirePending();
        Pipeline pipeline = Approval.pipeline(pending, workingDirectory, parser);
        RunReport report = runner.run(pipeline);
        if (approvedWork != null) {
            approvedWork.record(sources.get(0).label(), session, pending);
        }
        session.clearPending();
        return report;
    }

    /** The pipeline waiting for approval, if any. */
    public Optional<Proposal> pending() {
        return session.pending();
    }

    /**
     * Cancels the turn in progress from another thread (Ctrl-C): the turn stops at its next
     * step and is not kept; the session goes on.
     */
    public void cancel() {
        currentTurn.set(true);
    }

    /** A limit as a person writes it: 5m, 30s, 250ms. */
    private static String shown(java.time.Duration d) {
        if (d.toMillis() < 1_000 || d.toMillis() % 1_000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private Proposal requirePending() {
        return session.pending().orElseThrow(() -> new ValidationException(
                "No pipeline is waiting for approval in session " + session.id() + "."));
    }

    private TurnResult finish(AtomicBoolean cancelled, List<ChatMessage> turn, AgentTools.TurnState state,
            TurnResult result) {
        checkCancelled(cancelled);
        session.append(turn);
        if (!state.described.isEmpty()) {
            session.noteDescribed(state.described);
        }
        if (state.proposal != null) {
            session.setPending(state.proposal);
        }
        return result;
    }

    private static void checkCancelled(AtomicBoolean cancelled) {
        if (cancelled.get()) {
            throw new TurnCancelledException();
        }
    }

    /** Configures a {@link ChatAgent}. */
    public static final class Builder {
        private ChatModel model;
        private AgentSession session;
        private final List<AgentSource> sources = new ArrayList<>();
        private AgentOptions options = AgentOptions.DEFAULT;
        private PipelineRunner runner;
        private PipelineParser parser;
        private Path outputDirectory;
        private Path workingDirectory = Path.of("");
        private IStateStore schemaCache;
        private IStateStore approvedWork;
        private Collection<String> secrets = List.of();
        private PiiPolicy pii = PiiPolicy.MASK;
        private AgentProgress progress = AgentProgress.NONE;
        private Function<Pipeline, List<PlannedWrite>> writes =
                p -> EvidenceCollector.unknownWrites(p, "existence not looked up");

        private Builder() {
        }

        /** How a proposal's writes are looked up on their targets, for its evidence; listed unlooked by default. */
        public Builder writes(Function<Pipeline, List<PlannedWrite>> value) {
            this.writes = requireNonNull(value, "writes");
            return this;
        }

        /** The model to talk to; the caller closes it. */
        public Builder model(ChatModel value) {
            this.model = requireNonNull(value, "model");
            return this;
        }

        /** The session the conversation lives in. */
        public Builder session(AgentSession value) {
            this.session = requireNonNull(value, "session");
            return this;
        }

        /** A source to explore; the first added is the default of every tool. */
        public Builder source(AgentSource value) {
            this.sources.add(requireNonNull(value, "source"));
            return this;
        }

        /** Limits and modes. */
        public Builder options(AgentOptions value) {
            this.options = requireNonNull(value, "options");
            return this;
        }

        /** The runner: its dry run checks proposals, its run executes approved ones. */
        public Builder runner(PipelineRunner value) {
            this.runner = requireNonNull(value, "runner");
            return this;
        }

        /** The pipeline parser; by default one knowing the connectors on the class path. */
        public Builder parser(PipelineParser value) {
            this.parser = requireNonNull(value, "parser");
            return this;
        }

        /** Where proposals are saved ({@code output}), relative to the working directory unless absolute. */
        public Builder outputDirectory(Path value) {
            this.outputDirectory = requireNonNull(value, "outputDirectory");
            return this;
        }

        /** The directory relative paths resolve against; the process's by default. */
        public Builder workingDirectory(Path value) {
            this.workingDirectory = requireNonNull(value, "workingDirectory");
            return this;
        }

        /** The schema cache ({@code DiscoveryService.CACHE_NAMESPACE}); none by default. */
        public Builder schemaCache(IStateStore value) {
            this.schemaCache = requireNonNull(value, "schemaCache");
            return this;
        }

        /**
         * Where approved pipelines and their questions are kept ({@link ApprovedWork#NAMESPACE}), to
         * be offered as examples for similar questions; none by default.
         */
        public Builder approvedWork(IStateStore value) {
            this.approvedWork = requireNonNull(value, "approvedWork");
            return this;
        }

        /**
         * Secret values (connection passwords, the API key) masked wherever they would reach the
         * model, the session or the screen, should a source echo one in an error.
         */
        public Builder secrets(Collection<String> value) {
            this.secrets = List.copyOf(value);
            return this;
        }

        /**
         * What happens to personal data and secrets in the values the model sees and the session
         * keeps ({@code discovery.pii}, see {@link PiiPolicy#of}); masked by default.
         */
        public Builder pii(PiiPolicy value) {
            this.pii = requireNonNull(value, "pii");
            return this;
        }

        /** Told of each model call and tool call of a turn as it happens; nothing by default. */
        public Builder progress(AgentProgress value) {
            this.progress = requireNonNull(value, "progress");
            return this;
        }

        /** The agent. */
        public ChatAgent build() {
            return new ChatAgent(this);
        }
    }
}
