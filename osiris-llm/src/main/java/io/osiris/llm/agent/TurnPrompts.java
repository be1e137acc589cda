package io.osiris.llm.agent;

import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ToolSpec;
import io.osiris.api.state.IStateStore;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.llm.linking.RankedTable;
import io.osiris.llm.linking.SchemaIndex;
import io.osiris.llm.linking.SchemaIndexes;
import io.osiris.llm.linking.SchemaRanker;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a {@link ChatAgent} sends within its {@link TokenBudget}: the system prompt with the
 * tables ranked for the person's message (and approved work on similar questions), and the
 * conversation compacted to the room the system prompt and the tool specs leave.
 */
final class TurnPrompts {
    /** The share of the budget requests are fitted to: estimates of the wire format's envelopes are rough. */
    static final double SAFETY = 0.9;

    private final List<AgentSource> sources;
    private final Map<String, DiscoveryService> discovery;
    private final Optional<IStateStore> schemaCache;
    private final AgentOptions options;
    private final String outputDirectory;
    private final AgentSession session;
    private final List<ToolSpec> specs;
    /** Memory of approved work; null when the host keeps none. */
    private final ApprovedWork approvedWork;
    private final Redactor redactor;
    private final Map<String, SchemaIndex> indexes = new ConcurrentHashMap<>();

    TurnPrompts(List<AgentSource> sources, Map<String, DiscoveryService> discovery,
            Optional<IStateStore> schemaCache, AgentOptions options, String outputDirectory, AgentSession session,
            List<ToolSpec> specs, ApprovedWork approvedWork, Redactor redactor) {
        this.sources = List.copyOf(sources);
        this.discovery = Map.copyOf(discovery);
        this.schemaCache = schemaCache;
        this.options = options;
        this.outputDirectory = outputDirectory;
        this.session = session;
        this.specs = List.copyOf(specs);
        this.approvedWork = approvedWork;
        this.redactor = redactor;
    }

    /**
     * The system prompt for {@code message}: the tables ranked for it, as many as fit beside the
     * instructions, the tool specs, the history and the message in {@code budget}, but never more
     * than a third of it, so the turn keeps room to explore.
     */
    String system(String message, TokenBudget budget, List<ChatMessage> history) {
        AgentSource main = sources.get(0);
        List<AgentSource> others = sources.subList(1, sources.size());
        List<RankedTable> ranked = SchemaRanker.rank(index(main), message);
        // Approved pipelines of similar questions come first when they fit in a sixth of the budget.
        String examples = pastWork(message);
        if (TokenBudget.size(examples) > budget.bytes() / 6) {
            examples = "";
        }
        long fixed = TokenBudget.size(Prompts.system(main, others, List.of(), session.describedTables(), options,
                outputDirectory, 0)) + TokenBudget.toolsSize(specs) + TokenBudget.REQUEST_ENVELOPE
                + TokenBudget.size(new ChatMessage.User(message)) + TokenBudget.size(examples);
        long past = Math.min(TokenBudget.size(history), budget.bytes() / 3);
        long room = Math.min(budget.bytes() / 3, (long) (budget.bytes() * SAFETY) - fixed - past);
        return Prompts.system(main, others, ranked, session.describedTables(), options, outputDirectory,
                Math.max(0, room)) + examples;
    }

    /** The conversation to send: history and this turn, compacted to what the budget leaves beside the system prompt. */
    List<ChatMessage> fitted(String system, List<ChatMessage> history, List<ChatMessage> turn, TokenBudget budget) {
        long room = (long) (budget.bytes() * SAFETY) - TokenBudget.size(system) - TokenBudget.toolsSize(specs)
                - TokenBudget.REQUEST_ENVELOPE;
        return HistoryCompactor.fit(history, turn, room);
    }

    /** The schema index of a source, built (or read from the schema cache) once per agent. */
    SchemaIndex index(AgentSource source) {
        return indexes.computeIfAbsent(source.label(), label -> SchemaIndexes.load(discovery.get(label),
                source.connector(), schemaCache, options.sampleData(), Clock.systemUTC()));
    }

    /** Approved pipelines of similar questions on the main source, as a block for the system prompt. */
    private String pastWork(String message) {
        return approvedWork == null ? "" : approvedWork.promptBlock(sources.get(0).label(), redactor.apply(message));
    }
}
