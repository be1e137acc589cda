package io.osiris.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.llm.ToolSpec;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.config.SecretMask;
import io.osiris.llm.agent.AgentToolbox;
import io.osiris.llm.agent.Proposal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's tools. Exploring ({@code list_tables}, {@code describe_table}, {@code sample_rows},
 * {@code preview_query}, {@code find_values}) and proposing are the chat agent's own tools
 * ({@link AgentToolbox}), so privacy, PII masking, the preview timeout and SQL safety are the
 * agent's; {@code list_connections}, {@code validate_pipeline}, {@code proposal_status} and
 * {@code run_proposal} are this server's. No tool approves: {@code run_proposal} asks the person
 * ({@link ProposalGate}).
 */
final class McpTools {
    private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);
    /** The agent's tools this server offers as they are. */
    private static final Set<String> EXPLORE = Set.of("list_tables", "describe_table", "sample_rows", "preview_query",
            "find_values");
    private static final String PROPOSE = "propose_pipeline";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Osiris osiris;
    private final Function<McpSyncServerExchange, McpConnection> connections;
    private final ProposalGate gate;
    private final SecretMask mask;

    /**
     * @param connections the Osiris session of the MCP connection a call came on: the one
     *                    connection of stdio, or one per session of streamable HTTP
     */
    McpTools(Osiris osiris, Function<McpSyncServerExchange, McpConnection> connections) {
        this.osiris = osiris;
        this.connections = connections;
        this.gate = new ProposalGate(osiris);
        this.mask = osiris.secrets();
    }

    /** Every tool, with its JSON Schema and handler. */
    List<SyncToolSpecification> specifications(List<ToolSpec> agentTools) {
        List<SyncToolSpecification> specs = new ArrayList<>();
        specs.add(tool("list_connections", "List the connections of the project's config (TYPE.NAME; the first is"
                + " the default of every tool's connection argument). Never shows settings or secrets.",
                object(Map.of()), (ex, args) -> listConnections()));
        for (ToolSpec t : agentTools) {
            if (EXPLORE.contains(t.name()) || t.name().equals(PROPOSE)) {
                Map<String, Object> schema = read(t.parametersJsonSchema());
                String description = t.name().equals(PROPOSE) ? t.description() + " Returns the proposal_id (bound"
                        + " to the SHA-256 of the YAML), the planned writes and the evidence the person sees at"
                        + " approval. It never runs the pipeline." : t.description();
                specs.add(tool(t.name(), description, schema, (ex, args) -> agentTool(connections.apply(ex), t.name(), args)));
            }
        }
        specs.add(tool("validate_pipeline", "Check a pipeline (osiris-pipeline-v2 YAML) against the format, the SQL"
                + " safety rules and the live sources, and list the writes it would make. Moves no data, saves"
                + " nothing.", object(Map.of("pipeline_yaml", Map.of("type", "string",
                        "description", "The pipeline YAML."))), (ex, args) -> validate(args)));
        specs.add(tool("proposal_status", "The status of a proposal: pending (with its planned writes), changed,"
                + " ran (with the run id) or not_pending.", object(Map.of("proposal_id", Map.of("type", "string",
                        "description", "The proposal_id propose_pipeline returned."))),
                (ex, args) -> Results.ok(gate.status(ProposalId.parse(text(args, "proposal_id"))), mask)));
        specs.add(tool("run_proposal", "Run a proposal once a person approves it: asks your client's user to approve"
                + " (an elicitation showing the YAML, the writes and the evidence). Refused when the client cannot"
                + " ask, when the person declines, or when the content changed since it was proposed. This tool"
                + " does not approve anything itself.", object(Map.of("proposal_id", Map.of("type", "string",
                        "description", "The proposal_id propose_pipeline returned."))),
                (ex, args) -> gate.run(ex, ProposalId.parse(text(args, "proposal_id")))));
        return specs;
    }

    private SyncToolSpecification tool(String name, String description, Map<String, Object> schema,
            BiFunction<McpSyncServerExchange, Map<String, Object>, CallToolResult> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).build();
        return SyncToolSpecification.builder().tool(tool).callHandler((exchange, request) -> guarded(name, exchange,
                request, handler)).build();
    }

    /** Every failure becomes an error result; nothing a tool throws ends the connection. */
    private CallToolResult guarded(String name, McpSyncServerExchange exchange, CallToolRequest request,
            BiFunction<McpSyncServerExchange, Map<String, Object>, CallToolResult> handler) {
        try {
            return handler.apply(exchange, request.arguments() == null ? Map.of() : request.arguments());
        } catch (RuntimeException e) {
            LOG.debug("Tool {} failed: {}", name, mask.apply(String.valueOf(e.getMessage())));
            return Results.error(ErrorObject.of(e, mask), mask);
        }
    }

    private CallToolResult listConnections() {
        List<Map<String, Object>> list = new ArrayList<>();
        boolean first = true;
        for (ConnectorConfig c : McpConnection.connections(osiris)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connection", c.type() + "." + c.name());
            m.put("type", c.type());
            m.put("name", c.name());
            m.put("default", first);
            first = false;
            list.add(m);
        }
        return Results.ok(Map.of("connections", list), mask);
    }

    private CallToolResult agentTool(McpConnection connection, String name, Map<String, Object> args) {
        Object wanted = args.get("connection");
        AgentToolbox toolbox = connection.toolbox(wanted instanceof String s ? s : "");
        AgentToolbox.Answer answer = toolbox.call(name, Results.json(args));
        if (answer.proposal().isPresent()) {
            Proposal p = answer.proposal().get();
            ProposalId id = ProposalId.of(connection.session().id(), p);
            Pipeline pipeline = connection.osiris().parser().parse(p.yaml(), p.file());
            Map<String, Object> shown = ProposalGate.shown(id, p, connection.osiris().writes(pipeline));
            JsonNode said = untrusted(answer.content());
            if (said.has("findings")) {
                shown.put("findings", Results.mapper().convertValue(said.get("findings"), List.class));
            }
            return Results.ok(shown, mask);
        }
        if (answer.isError()) {
            return Results.error(agentError(name, untrusted(answer.content())), mask);
        }
        return Results.text(answer.content(), false);
    }

    /** The agent's error answer ({@code {"error": "..."}}, or an invalid proposal's errors) as an error object. */
    private Map<String, Object> agentError(String name, JsonNode said) {
        List<Problem> problems = new ArrayList<>();
        if (said.has("errors")) {
            said.get("errors").forEach(e -> problems.add(Problem.of(e.asText())));
        }
        String message = said.hasNonNull("error") ? said.get("error").asText()
                : name + " refused: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                        + ". Fix every one and call it again.";
        return ErrorObject.of(ErrorObject.VALIDATION, message, 2, problems, Map.of(), mask);
    }

    private CallToolResult validate(Map<String, Object> args) {
        String yaml = text(args, "pipeline_yaml");
        Pipeline pipeline = osiris.validate(yaml, "pipeline_yaml");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("valid", true);
        result.put("name", pipeline.name());
        result.put("planned_writes", ProposalGate.writes(osiris.writes(pipeline)));
        result.put("note", "Valid; nothing ran and nothing was saved. propose_pipeline puts it before the person.");
        return Results.ok(result, mask);
    }

    private static JsonNode untrusted(String content) {
        try {
            JsonNode node = Results.mapper().readTree(content);
            return node.has("untrusted_data") ? node.get("untrusted_data") : node;
        } catch (java.io.IOException e) {
            return Results.mapper().createObjectNode().put("error", content);
        }
    }

    private static String text(Map<String, Object> args, String key) {
        Object value = args.get(key);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new ValidationException(List.of(new Problem("", key, 0, key + " is required: a non-empty string.")));
        }
        return s;
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", List.copyOf(properties.keySet()));
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> read(String json) {
        try {
            return Results.mapper().readValue(json, MAP);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the agent's tool schema is not JSON: " + e.getMessage(), e);
        }
    }
}
