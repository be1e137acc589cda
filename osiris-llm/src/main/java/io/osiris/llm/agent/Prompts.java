package io.osiris.llm.agent;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.ToolSpec;
import io.osiris.llm.linking.RankedTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The system prompt and the tool specs, kept as resources beside this class. */
final class Prompts {
    private Prompts() {
    }

    /** The tool contract of {@code tools.json}, each tool's parameters a JSON Schema. */
    static List<ToolSpec> tools(ObjectMapper mapper) {
        try {
            List<ToolSpec> specs = new ArrayList<>();
            for (JsonNode tool : mapper.readTree(resource("tools.json"))) {
                specs.add(new ToolSpec(tool.get("name").asText(), tool.get("description").asText(),
                        mapper.writeValueAsString(tool.get("parameters"))));
            }
            return List.copyOf(specs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The system prompt: the source's names (never its settings), the tables ranked for the
     * person's message, as many as fit in {@code tableBytes} (see {@link TokenBudget}) and
     * {@link AgentOptions#maxTablesInPrompt()}, best first with their linked columns and value
     * hits (the model lists, searches and describes the rest on demand), the privacy and fast
     * modes. Every name taken from the database is written as a JSON string: data, never prose
     * the model could read as an instruction.
     *
     * @param ranked the source's tables, best first ({@link io.osiris.llm.linking.SchemaRanker})
     */
    static String system(AgentSource source, List<AgentSource> others, List<RankedTable> ranked,
            Set<String> alreadyDescribed, AgentOptions options, String outputDirectory, long tableBytes) {
        TableList list = tableList(ranked, options.maxTablesInPrompt(), tableBytes);
        String capNote = list.shown() < ranked.size()
                ? "; the " + list.shown() + " most relevant to this request are listed, best first. list_tables"
                        + " (with search or offset) lists the others, find_values finds the column holding a value"
                : "";
        String otherSources = others.isEmpty() ? ""
                : "Other connections you may pass as `connection`: "
                        + others.stream().map(s -> quote(s.label())).collect(Collectors.joining(", ")) + ".\n";
        String privacy = options.sampleData() ? ""
                : "- Privacy: sample data is switched off (discovery.sample_data: false). describe_table returns no"
                        + " sample rows, sample_rows and find_values are refused and preview_query returns columns"
                        + " only. Work from the schema and never ask the person for row values.";
        String mode = options.fast()
                ? "- Fast mode: do not ask questions. Assume sensible defaults (the obvious reading of the request,"
                        + " the relevant columns, CSV in " + outputDirectory + "/NAME.csv) and say what you assumed."
                : "- If the request is ambiguous in a way that changes the result, ask one short question first.";
        List<String> described = alreadyDescribed.stream().limit(MAX_DESCRIBED_NAMES).map(Prompts::quote).toList();
        String describedNote = described.isEmpty() ? ""
                : "\nAlready described earlier in this conversation: " + String.join(", ", described)
                        + (alreadyDescribed.size() > described.size() ? " and " + (alreadyDescribed.size()
                                - described.size()) + " more" : "") + ".";
        return fill(resource("system-prompt.txt"), Map.of(
                "source", source.label(),
                "dialect", source.connector().dialect().name(),
                "other_sources", otherSources,
                "table_count", String.valueOf(ranked.size()),
                "table_cap_note", capNote,
                "tables", (list.text().isEmpty() ? "(none listed)" : list.text()) + describedNote,
                "privacy", privacy,
                "mode", mode,
                "source_type", source.type(),
                "source_name", source.name()),
                outputDirectory).strip() + "\n";
    }

    /** Tables fully detailed (every column named) at the top of the list. */
    static final int DETAILED_TABLES = 5;
    static final int MAX_COLUMNS_NAMED = 40;
    static final int MAX_DESCRIBED_NAMES = 30;

    /** The lines of the table list that fit, and how many tables they name. */
    record TableList(String text, int shown) {
    }

    static TableList tableList(List<RankedTable> ranked, int maxTables, long bytes) {
        StringBuilder text = new StringBuilder();
        int shown = 0;
        long used = 0;
        for (RankedTable r : ranked) {
            if (shown >= maxTables) {
                break;
            }
            String line = line(r, shown < DETAILED_TABLES && r.score() > 0);
            long size = TokenBudget.size(line + "\n") - 2;
            if (used + size > bytes) {
                // A detailed line that does not fit may still fit as a short one.
                line = line(r, false);
                size = TokenBudget.size(line + "\n") - 2;
                if (used + size > bytes) {
                    break;
                }
            }
            text.append(text.length() == 0 ? "" : "\n").append(line);
            used += size;
            shown++;
        }
        return new TableList(text.toString(), shown);
    }

    private static String line(RankedTable r, boolean detailed) {
        StringBuilder line = new StringBuilder("- ").append(quote(r.table().name()));
        if (r.table().rows() >= 0) {
            line.append(" (").append(r.table().rows()).append(" rows)");
        }
        if (detailed) {
            List<String> names = r.table().columns().stream().map(c -> c.name()).limit(MAX_COLUMNS_NAMED).toList();
            line.append(" columns ").append(names.stream().map(Prompts::quote).collect(Collectors.joining(", ")));
            if (r.table().columns().size() > names.size()) {
                line.append(" and ").append(r.table().columns().size() - names.size()).append(" more");
            }
        }
        if (!r.linked().isEmpty()) {
            line.append("; matches ").append(r.linked().stream().limit(8).map(Prompts::quote)
                    .collect(Collectors.joining(", ")));
        }
        if (!r.hits().isEmpty()) {
            line.append("; values ").append(r.hits().stream().limit(5)
                    .map(h -> quote(h.column()) + " = " + quote(h.value())).collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    /** A name as a JSON string. */
    static String quote(String name) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(name)) + "\"";
    }

    private static String fill(String template, Map<String, String> values, String outputDirectory) {
        String result = template.replace("{{output_directory}}", outputDirectory);
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        // Empty optional lines leave blank lines behind; collapse them.
        return result.replaceAll("\n{3,}", "\n\n");
    }

    private static String resource(String name) {
        try (InputStream in = Prompts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + Prompts.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
