package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.llm.ChatModel;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.template.TemplateMatch;
import io.osiris.core.Osiris;
import io.osiris.core.config.Limits;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.write.PlannedWrite;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A chat session wired to a configured {@link Osiris}: the source the agent explores (opened
 * under the config's preview timeout), and what the agent and the no-LLM paths share with it:
 * the runner, the parser, the secrets to keep from the model, the privacy settings, the
 * schema cache. Closing it closes the source; the {@code Osiris} stays open.
 *
 * <pre>{@code
 * try (Osiris osiris = Osiris.configure().workingDirectory(project).load();
 *         OsirisChat chat = OsirisChat.open(osiris, AgentSession.create(osiris.state()), "mysql", "default");
 *         ChatModel model = ChatModels.open(osiris.config()).orElseThrow()) {
 *     TurnResult turn = chat.agent(model, false).send("Export movies rated above 8.0 to CSV");
 * }
 * }</pre>
 */
public final class OsirisChat implements AutoCloseable {
    private final Osiris osiris;
    private final AgentSession session;
    private final Osiris.Source source;
    private final AgentSource agentSource;
    private final Set<String> secrets;

    private OsirisChat(Osiris osiris, AgentSession session, Osiris.Source source, String type, String connection) {
        this.osiris = osiris;
        this.session = session;
        this.source = source;
        this.agentSource = new AgentSource(type, connection, source.connector());
        this.secrets = osiris.secrets().values();
    }

    /**
     * Opens connection {@code type.connection} of the config for {@code session}.
     *
     * @throws io.osiris.api.ConfigurationException when the connection or its type is unknown
     */
    public static OsirisChat open(Osiris osiris, AgentSession session, String type, String connection) {
        requireNonNull(osiris, "osiris");
        requireNonNull(session, "session");
        Osiris.Source source = osiris.source(type, connection);
        try {
            return new OsirisChat(osiris, session, source, type, connection);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** The session: messages, the pending proposal, token usage. */
    public AgentSession session() {
        return session;
    }

    /** The source the agent explores. */
    public AgentSource source() {
        return agentSource;
    }

    /**
     * The agent, talking through {@code model}; {@code fast} lets it assume defaults instead of asking.
     * Its limits are the config's {@code limits:} (turn time, prompt budget, tool rounds, result size).
     */
    public ChatAgent agent(ChatModel model, boolean fast) {
        return agent(model, fast, AgentProgress.NONE);
    }

    /** The agent, as {@link #agent(ChatModel, boolean)}, telling {@code progress} what each turn does. */
    public ChatAgent agent(ChatModel model, boolean fast, AgentProgress progress) {
        return builder(model, fast).progress(progress)
                .approvedWork(osiris.state().forNamespace(ApprovedWork.NAMESPACE)).build();
    }

    /**
     * An agent in fast mode that does not see the project's approved work: for measuring the
     * agent ({@code osiris eval}), where a question a person once approved would otherwise be
     * answered from memory.
     */
    public ChatAgent closedBookAgent(ChatModel model) {
        return builder(model, true).build();
    }

    private ChatAgent.Builder builder(ChatModel model, boolean fast) {
        Limits limits = osiris.config().limits();
        return ChatAgent.builder().model(model).session(session).source(agentSource).runner(osiris.runner())
                .parser(osiris.parser()).outputDirectory(osiris.config().outputDirectory())
                .workingDirectory(osiris.workingDirectory())
                .schemaCache(osiris.state().forNamespace(DiscoveryService.CACHE_NAMESPACE))
                .options(AgentOptions.DEFAULT.withFast(fast).withSampleData(sampleData())
                        .withTurnTimeout(limits.turnTimeout()).withPromptBudgetTokens(limits.promptBudgetTokens())
                        .withMaxToolRounds(limits.maxToolRounds()).withMaxResultChars(limits.maxResultChars()))
                .pii(PiiPolicy.of(osiris.config())).secrets(secrets).writes(osiris::writes);
    }

    /**
     * The agent's tools without a model, for a host whose caller is the model ({@code osiris mcp}):
     * the same privacy, PII, timeout, SQL safety and budget rules as {@link #agent}; a valid
     * proposal waits in the session for a person's approval.
     */
    public AgentToolbox toolbox() {
        Limits limits = osiris.config().limits();
        AgentOptions options = AgentOptions.DEFAULT.withSampleData(sampleData())
                .withMaxResultChars(limits.maxResultChars());
        if (session.source().isEmpty()) {
            session.setSource(agentSource.label());
        }
        return AgentToolbox.of(agentSource, source.discovery(), proposals(options.previewRows()), options,
                new Redactor(secrets), session,
                Optional.of(osiris.state().forNamespace(DiscoveryService.CACHE_NAMESPACE)));
    }

    /**
     * Proposes a pipeline exporting the rows of {@code sql} to CSV, checked as the agent's
     * proposals are, and leaves it pending in the session.
     *
     * @throws io.osiris.api.ValidationException when the SQL cannot become a valid pipeline
     */
    public Proposal proposeSql(String sql, int previewRows) {
        String yaml = SqlDraft.yaml(SqlDraft.nameFor(sql), agentSource, sql, osiris.outputDirectoryName());
        return pending(yaml, "Your SQL, exported to CSV.", previewRows);
    }

    /** The template that fits a sentence best, if any (it may still miss parameters). */
    public Optional<TemplateMatch> matchTemplate(String sentence) {
        return source.templates().match(sentence);
    }

    /**
     * Proposes the pipeline of a fully matched template, and leaves it pending in the session.
     *
     * @throws io.osiris.api.ValidationException when its pipeline does not fit the source
     */
    public Proposal proposeTemplate(TemplateMatch match, int previewRows) {
        String yaml = source.templates().apply(match.template(), match.params());
        return pending(yaml, "From template " + match.template().name() + ".", previewRows);
    }

    private Proposal pending(String yaml, String summary, int previewRows) {
        Proposal proposal = proposals(previewRows).propose(yaml, summary);
        session.setPending(proposal);
        return proposal;
    }

    private PipelineProposals proposals(int previewRows) {
        return PipelineProposals.builder().runner(osiris.runner()).parser(osiris.parser())
                .sources(List.of(agentSource)).outputDirectory(osiris.config().outputDirectory())
                .workingDirectory(osiris.workingDirectory()).sampleData(sampleData()).previewRows(previewRows)
                .pii(PiiPolicy.of(osiris.config())).secrets(secrets).session(session).writes(osiris::writes).build();
    }

    /**
     * The pipeline approving {@code proposal} runs: exactly the YAML shown ({@link Approval}).
     *
     * @throws io.osiris.api.ValidationException when its saved file changed since it was shown
     */
    public Pipeline approved(Proposal proposal) {
        return Approval.pipeline(proposal, osiris.workingDirectory(), osiris.parser());
    }

    /** Every write approving {@code proposal} would make. */
    public List<PlannedWrite> writes(Proposal proposal) {
        return osiris.writes(approved(proposal));
    }

    /**
     * Remembers that a person approved {@code proposal} of {@code session} ({@link ApprovedWork}),
     * for a path that runs it without an agent ({@code osiris chat approve}): its question and
     * pipeline become an example for similar questions on the session's connection.
     */
    public static void recordApproval(Osiris osiris, AgentSession session, Proposal proposal) {
        if (!session.source().isEmpty()) {
            new ApprovedWork(osiris.state().forNamespace(ApprovedWork.NAMESPACE), osiris.secrets().values())
                    .record(session.source(), session, proposal);
        }
    }

    private boolean sampleData() {
        return DiscoveryService.sampleDataEnabled(osiris.config());
    }

    @Override
    public void close() {
        source.close();
    }
}
