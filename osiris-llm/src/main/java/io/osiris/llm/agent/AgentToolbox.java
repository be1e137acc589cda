package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import io.osiris.api.state.IStateStore;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.llm.linking.SchemaIndex;
import io.osiris.llm.linking.SchemaIndexes;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chat agent's tools without a model, for a host whose caller is the model (an MCP client
 * driving {@code osiris mcp}): the same tool contract, privacy and PII rules, preview timeout,
 * SQL safety, result budget and redaction as {@link ChatAgent}. A valid {@code propose_pipeline}
 * leaves its proposal pending in the session, where {@code osiris chat approve} finds it;
 * nothing here runs a pipeline.
 *
 * <pre>{@code
 * AgentToolbox tools = chat.toolbox();
 * AgentToolbox.Answer answer = tools.call("describe_table", "{\"table\": \"movies\"}");
 * }</pre>
 */
public final class AgentToolbox {
    private final AgentTools tools;
    private final AgentSession session;
    /** One state for the session's life: the identifiers shown so far let an error quote them back. */
    private final AgentTools.TurnState state = new AgentTools.TurnState();

    AgentToolbox(AgentTools tools, AgentSession session) {
        this.tools = tools;
        this.session = session;
    }

    /** What one tool call answered. */
    public record Answer(String content, boolean isError, Optional<Proposal> proposal) {
        public Answer {
            requireNonNull(content, "content");
            requireNonNull(proposal, "proposal");
        }
    }

    /** The tools' names, descriptions and JSON Schemas of their arguments. */
    public List<ToolSpec> specs() {
        return tools.specs();
    }

    /** The tool contract, before any source is open: what {@link #specs()} returns. */
    public static List<ToolSpec> contract() {
        return Prompts.tools(new ObjectMapper());
    }

    /**
     * Runs one tool call, each call a turn of its own (so the agent's per-turn limit on invalid
     * proposals does not carry over between calls). Never throws for bad arguments or a failing
     * source: those are error answers.
     *
     * @param name          a tool of {@link #specs()}
     * @param argumentsJson its arguments as one JSON object
     */
    public synchronized Answer call(String name, String argumentsJson) {
        state.invalidProposals = 0;
        state.findingsSent = false;
        state.proposal = null;
        ToolOutcome outcome = tools.execute(new ToolCall("mcp", requireNonNull(name, "name"),
                requireNonNull(argumentsJson, "argumentsJson")), state);
        session.noteDescribed(state.described);
        Optional<Proposal> proposal = Optional.ofNullable(state.proposal);
        proposal.ifPresent(session::setPending);
        return new Answer(outcome.content(), outcome.isError(), proposal);
    }

    /** The toolbox over one open source, wired as {@link ChatAgent} wires its tools. */
    static AgentToolbox of(AgentSource source, DiscoveryService discovery, PipelineProposals proposals,
            AgentOptions options, Redactor redactor, AgentSession session, Optional<IStateStore> schemaCache) {
        ObjectMapper mapper = new ObjectMapper();
        // Built (or read from the schema cache) when a search first needs it, once, as TurnPrompts does.
        Map<String, SchemaIndex> indexes = new ConcurrentHashMap<>();
        AgentTools tools = new AgentTools(List.of(source), Map.of(source.label(), discovery), proposals, options,
                new ToolJson(mapper, options.maxResultChars()), redactor, Prompts.tools(mapper),
                s -> indexes.computeIfAbsent(s.label(), label -> SchemaIndexes.load(discovery, s.connector(),
                        schemaCache, options.sampleData(), Clock.systemUTC())));
        return new AgentToolbox(tools, session);
    }
}
