package io.osiris.llm.agent;

import static io.osiris.llm.agent.ToolArguments.optionalInt;
import static io.osiris.llm.agent.ToolArguments.requiredInt;
import static io.osiris.llm.agent.ToolArguments.requiredText;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.ForeignKey;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.discovery.SampleLevel;
import io.osiris.core.privacy.ErrorScrubber;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.privacy.SensitiveColumns;
import io.osiris.core.privacy.SensitiveData;
import io.osiris.core.sql.SqlSafety;
import io.osiris.llm.linking.RankedTable;
import io.osiris.llm.linking.SchemaIndex;
import io.osiris.llm.linking.SchemaIndexes;
import io.osiris.llm.linking.SchemaRanker;
import io.osiris.llm.linking.ValueHit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The five tools of the agent contract ({@code list_tables}, {@code describe_table},
 * {@code sample_rows}, {@code preview_query}, {@code propose_pipeline}) and {@code find_values},
 * which looks a value up in the schema index ({@link SchemaIndex}). Every answer is compact
 * JSON; every failure, including malformed arguments, is an error result the model can act on,
 * never an exception that ends the turn.
 */
final class AgentTools {
    private static final Logger LOG = LoggerFactory.getLogger(AgentTools.class);
    static final int DEFAULT_PREVIEW_LIMIT = 10;
    static final int MAX_PREVIEW_LIMIT = 100;
    static final int DEFAULT_LIST_LIMIT = 100;
    static final int MAX_LIST_LIMIT = 500;
    static final int MAX_VALUE_HITS = 20;
    private static final Set<Integer> SAMPLE_LIMITS = Set.of(10, 100, 1000);
    private static final String PRIVACY = "sample data is switched off for this project (discovery.sample_data: "
            + "false): only schemas are shared, never row values";

    /** What one turn's tool calls have done so far. */
    static final class TurnState {
        int invalidProposals;
        Proposal proposal;
        /** Whether a valid proposal's findings went back to the model already: once a turn. */
        boolean findingsSent;
        final Set<String> described = new LinkedHashSet<>();
        /** Table and column names the tools have shown: an error may quote them back. */
        final Set<String> identifiers = new HashSet<>();
    }

    private final List<AgentSource> sources;
    private final Map<String, DiscoveryService> discovery;
    private final PipelineProposals proposals;
    private final AgentOptions options;
    private final ToolJson json;
    private final Redactor redactor;
    private final List<ToolSpec> specs;
    private final Function<AgentSource, SchemaIndex> index;

    AgentTools(List<AgentSource> sources, Map<String, DiscoveryService> discovery, PipelineProposals proposals,
            AgentOptions options, ToolJson json, Redactor redactor, List<ToolSpec> specs,
            Function<AgentSource, SchemaIndex> index) {
        this.index = index;
        this.sources = List.copyOf(sources);
        this.discovery = Map.copyOf(discovery);
        this.proposals = proposals;
        this.options = options;
        this.json = json;
        this.redactor = redactor;
        this.specs = List.copyOf(specs);
    }

    List<ToolSpec> specs() {
        return specs;
    }

    /**
     * Runs one tool call; never throws for anything the model did wrong. Every result, errors
     * included, is {@linkplain ToolJson#framed framed} as untrusted data.
     */
    ToolOutcome execute(ToolCall call, TurnState turn) {
        return ToolJson.framed(json.mapper(), answer(call, turn));
    }

    private ToolOutcome answer(ToolCall call, TurnState turn) {
        JsonNode args;
        try {
            args = call.argumentsJson().isBlank() ? json.object() : json.mapper().readTree(call.argumentsJson());
        } catch (JsonProcessingException e) {
            return json.error("The arguments of " + call.name() + " are not valid JSON ("
                    + e.getOriginalMessage() + "). Call it again with one JSON object matching its parameters.");
        }
        if (args == null || !args.isObject()) {
            return json.error("The arguments of " + call.name() + " must be a JSON object matching its parameters.");
        }
        try {
            ToolOutcome outcome = switch (call.name()) {
                case "list_tables" -> listTables(args, turn);
                case "describe_table" -> describeTable(args, turn);
                case "sample_rows" -> sampleRows(args);
                case "preview_query" -> previewQuery(args);
                case "propose_pipeline" -> proposePipeline(args, turn);
                case "find_values" -> findValues(args, turn);
                default -> json.error("There is no tool '" + call.name() + "'. The tools are: "
                        + specs.stream().map(ToolSpec::name).collect(Collectors.joining(", ")) + ".");
            };
            return new ToolOutcome(redactor.apply(outcome.content()), outcome.isError());
        } catch (ToolArguments.BadArguments e) {
            return json.error(e.getMessage());
        } catch (OsirisException e) {
            LOG.debug("Tool {} failed: {}", call.name(), redactor.apply(String.valueOf(e.getMessage())));
            return json.error(scrubbed(e, call, turn));
        } catch (RuntimeException e) {
            LOG.warn("Tool {} failed unexpectedly: {}", call.name(), redactor.apply(String.valueOf(e)));
            return json.error("The tool failed: " + scrubbed(e, call, turn));
        }
    }

    /** An error as the model may see it: no data value it did not write, no secret. */
    private String scrubbed(RuntimeException e, ToolCall call, TurnState turn) {
        return redactor.apply(ErrorScrubber.scrub(String.valueOf(e.getMessage()), call.argumentsJson(),
                turn.identifiers));
    }

    private ToolOutcome listTables(JsonNode args, TurnState turn) {
        AgentSource source = source(args);
        int offset = optionalInt(args, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = optionalInt(args, "limit", DEFAULT_LIST_LIMIT, 1, MAX_LIST_LIMIT);
        String search = args.hasNonNull("search") ? requiredText(args, "search").strip() : "";
        ObjectNode result = json.object();
        result.put("connection", source.label());
        ArrayNode list = result.putArray("tables");
        int total;
        if (search.isEmpty()) {
            List<TableSummary> tables = discovery.get(source.label()).listTables();
            total = tables.size();
            int from = Math.min(offset, total);
            for (TableSummary t : tables.subList(from, from + Math.min(limit, total - from))) {
                turn.identifiers.add(t.name());
                ObjectNode table = list.addObject();
                table.put("name", t.name());
                if (t.kind() != io.osiris.api.connector.TableKind.TABLE) {
                    table.put("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT));
                }
                table.put("rows", t.rowCountEstimate());
            }
        } else {
            result.put("search", search);
            List<RankedTable> matches = SchemaRanker.rank(index.apply(source), search).stream()
                    .filter(r -> r.score() > 0).toList();
            total = matches.size();
            int from = Math.min(offset, total);
            for (RankedTable r : matches.subList(from, from + Math.min(limit, total - from))) {
                turn.identifiers.add(r.table().name());
                ObjectNode table = list.addObject();
                table.put("name", r.table().name());
                table.put("rows", r.table().rows());
                if (!r.table().comment().isBlank()) {
                    table.put("comment", r.table().comment());
                }
                if (!r.linked().isEmpty()) {
                    ArrayNode columns = table.putArray("matching_columns");
                    r.linked().forEach(columns::add);
                }
                if (options.sampleData() && !r.hits().isEmpty()) {
                    ArrayNode values = table.putArray("matching_values");
                    r.hits().forEach(h -> values.addObject().put("column", h.column()).put("value", h.value()));
                }
            }
        }
        result.put("total", total);
        result.put("offset", offset);
        if (offset + list.size() < total) {
            result.put("next_offset", offset + list.size());
        }
        return json.fit(result, "tables");
    }

    private ToolOutcome findValues(JsonNode args, TurnState turn) {
        AgentSource source = source(args);
        String value = requiredText(args, "value").strip();
        if (!options.sampleData()) {
            return json.error("find_values is refused: " + PRIVACY
                    + ". Work from the columns describe_table gives; do not ask for values.");
        }
        List<ValueHit> hits = SchemaRanker.findValues(index.apply(source), value, MAX_VALUE_HITS);
        ObjectNode result = json.object();
        result.put("value", value);
        result.put("connection", source.label());
        ArrayNode matches = result.putArray("matches");
        for (ValueHit h : hits) {
            turn.identifiers.add(h.table());
            turn.identifiers.add(h.column());
            matches.addObject().put("table", h.table()).put("column", h.column()).put("value", h.value());
        }
        result.put("note", hits.isEmpty()
                ? "No indexed value matches. The index holds up to " + SchemaIndexes.VALUES_PER_COLUMN
                        + " distinct values of each short text column, so a column with more may still hold it:"
                        + " check likely columns with preview_query (WHERE column LIKE '%...%')."
                : "Exact matches first. Use the table and column in SQL; check with preview_query.");
        return json.fit(result, "matches");
    }

    private ToolOutcome describeTable(JsonNode args, TurnState turn) {
        AgentSource source = source(args);
        String name = requiredText(args, "table");
        TableInfo table = discovery.get(source.label()).describe(name);
        turn.described.add(table.name());
        turn.identifiers.add(table.name());
        turn.identifiers.addAll(table.schema().names());
        ObjectNode result = json.object();
        result.put("table", table.name());
        result.put("connection", source.label());
        if (table.kind() != io.osiris.api.connector.TableKind.TABLE) {
            result.put("kind", table.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        result.put("rows", table.rowCountEstimate());
        if (!table.comment().isBlank()) {
            result.put("comment", table.comment());
        }
        ArrayNode columns = result.putArray("columns");
        for (ColumnInfo c : table.columns()) {
            ObjectNode column = columns.addObject();
            column.put("name", c.name());
            column.put("type", c.type().toString());
            if (!c.nativeType().isBlank()) {
                column.put("native_type", c.nativeType());
            }
            column.put("nullable", c.nullable());
            if (!c.comment().isBlank()) {
                column.put("comment", c.comment());
            }
        }
        ArrayNode pk = result.putArray("primary_key");
        table.primaryKey().forEach(pk::add);
        ArrayNode fks = result.putArray("foreign_keys");
        for (ForeignKey fk : table.foreignKeys()) {
            ObjectNode key = fks.addObject();
            ArrayNode from = key.putArray("columns");
            fk.columns().forEach(from::add);
            key.put("references", fk.referencedTable() + "(" + String.join(", ", fk.referencedColumns()) + ")");
        }
        ArrayNode rows = result.putArray("sample_rows");
        if (options.sampleData()) {
            List<String> names = table.schema().names();
            table.sampleRows().forEach(r -> rows.add(json.row(names, r)));
        } else {
            result.put("sample_rows_note", PRIVACY + ".");
        }
        return json.fit(result, "sample_rows");
    }

    private ToolOutcome sampleRows(JsonNode args) {
        AgentSource source = source(args);
        String name = requiredText(args, "table");
        int limit = requiredInt(args, "limit");
        if (!SAMPLE_LIMITS.contains(limit)) {
            throw new ToolArguments.BadArguments("limit must be 10, 100 or 1000, not " + limit + ".");
        }
        if (!options.sampleData()) {
            return json.error("sample_rows is refused: " + PRIVACY
                    + ". Work from the columns describe_table gives; do not ask for values.");
        }
        DiscoveryService service = discovery.get(source.label());
        TableInfo table = service.describe(name);
        List<String> names = table.schema().names();
        List<List<Object>> rows = service.sample(table.name(), SampleLevel.ofRows(limit));
        ObjectNode result = json.object();
        result.put("table", table.name());
        result.put("count", rows.size());
        ArrayNode out = result.putArray("rows");
        rows.forEach(r -> out.add(json.row(names, r)));
        return json.fit(result, "rows");
    }

    private ToolOutcome previewQuery(JsonNode args) {
        AgentSource source = source(args);
        String sql = stripSemicolons(requiredText(args, "sql"));
        int limit = args.has("limit") && !args.get("limit").isNull() ? requiredInt(args, "limit") : DEFAULT_PREVIEW_LIMIT;
        if (limit < 1) {
            throw new ToolArguments.BadArguments("limit must be at least 1.");
        }
        String note = "";
        if (limit > MAX_PREVIEW_LIMIT) {
            note = "limit lowered to " + MAX_PREVIEW_LIMIT + ", the most a preview returns";
            limit = MAX_PREVIEW_LIMIT;
        }
        var refusal = SqlSafety.forDialect(source.connector().dialect()).refusal(sql);
        if (refusal.isPresent()) {
            return json.error("Refused SQL: " + refusal.get() + ". preview_query runs one read-only SELECT.");
        }
        ObjectNode result = json.object();
        ArrayNode columns = result.putArray("columns");
        if (!options.sampleData()) {
            // Preparing the statement checks it against the source without reading a value.
            RowSchema schema = source.connector().extractor().describe(new Extraction.Query(sql));
            schema.columns().forEach(c -> columns.addObject().put("name", c.name()).put("type", c.type().toString()));
            result.putArray("rows");
            result.put("note", "The query is valid; rows are withheld: " + PRIVACY + ".");
            return json.fit(result, "rows");
        }
        PiiPolicy pii = discovery.get(source.label()).pii();
        try (RowStream stream = source.connector().extractor().extract(new Extraction.Query(sql, limit))) {
            List<String> names = stream.schema().names();
            boolean[] sensitive = SensitiveColumns.of(sql, names);
            stream.schema().columns().forEach(c ->
                    columns.addObject().put("name", c.name()).put("type", c.type().toString()));
            ArrayNode rows = result.putArray("rows");
            int count = 0;
            while (count < limit && stream.next()) {
                List<Object> row = new ArrayList<>(names.size());
                for (int i = 0; i < names.size(); i++) {
                    row.add(stream.get(i));
                }
                rows.add(json.row(names, SensitiveData.row(pii, sensitive, row)));
                count++;
            }
            result.put("count", count);
            if (!note.isEmpty()) {
                result.put("note", note);
            }
        }
        return json.fit(result, "rows");
    }

    private ToolOutcome proposePipeline(JsonNode args, TurnState turn) {
        String yaml = requiredText(args, "pipeline_yaml");
        String summary = requiredText(args, "summary");
        if (turn.invalidProposals >= options.maxInvalidProposals()) {
            return json.error("You made " + turn.invalidProposals + " invalid proposals in this turn: stop proposing."
                    + " Tell the person what blocks you and ask how to go on.");
        }
        ObjectNode result = json.object();
        try {
            Proposal proposal = proposals.propose(yaml, summary);
            turn.proposal = proposal;
            result.put("valid", true);
            result.putArray("errors");
            result.put("saved", proposal.file());
            List<Evidence.Finding> findings = proposal.evidence().findings();
            if (!findings.isEmpty() && !turn.findingsSent) {
                // Once a turn, so a model that stands by its result cannot loop; the person sees the findings too.
                turn.findingsSent = true;
                ArrayNode list = result.putArray("findings");
                findings.forEach(f -> list.addObject().put("kind", f.kind()).put("step", f.step())
                        .put("message", f.message()));
                result.put("note", "The pipeline is valid, but its result looks wrong (findings). Fix it and call"
                        + " propose_pipeline again, or, if it is right as it is, explain why in one or two sentences"
                        + " and stop. It has not run; the person sees these findings.");
                return new ToolOutcome(json.fit(result, "findings").content(), false);
            }
            result.put("note", "The pipeline is shown to the person, who approves or rejects it. It has not run."
                    + " Summarise it in one or two sentences and stop.");
            return new ToolOutcome(result.toString(), false);
        } catch (ValidationException e) {
            turn.invalidProposals++;
            int left = options.maxInvalidProposals() - turn.invalidProposals;
            result.put("valid", false);
            ArrayNode errors = result.putArray("errors");
            List<Problem> problems = e.problems().isEmpty() ? List.of(Problem.of(String.valueOf(e.getMessage())))
                    : e.problems();
            problems.forEach(p -> errors.add(p.toString()));
            result.put("attempts_left", left);
            result.put("note", left > 0 ? "Fix every error and call propose_pipeline again."
                    : "No attempts left in this turn: tell the person what blocks you.");
            ToolOutcome fitted = json.fit(result, "errors");
            return new ToolOutcome(fitted.content(), true);
        }
    }

    private AgentSource source(JsonNode args) {
        JsonNode value = args.get("connection");
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return sources.get(0);
        }
        if (!value.isTextual()) {
            throw new ToolArguments.BadArguments("connection must be a string (TYPE.NAME or NAME).");
        }
        String wanted = value.asText().strip();
        return sources.stream().filter(s -> s.answersTo(wanted)).findFirst().orElseThrow(() -> new ToolArguments.BadArguments(
                "Unknown connection '" + wanted + "'. Known: "
                        + sources.stream().map(AgentSource::label).collect(Collectors.joining(", ")) + "."));
    }

    private static String stripSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
