package io.osiris.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.llm.ToolSpec;
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
     * The system prompt: the source's names (never its settings), the first table names only
     * (the model lists and describes the rest on demand, which keeps large databases within
     * the context budget), the privacy and fast modes.
     */
    static String system(AgentSource source, List<AgentSource> others, List<TableSummary> tables,
            Set<String> alreadyDescribed, AgentOptions options, String outputDirectory) {
        int shown = Math.min(tables.size(), options.maxTablesInPrompt());
        String names = tables.subList(0, shown).stream().map(TableSummary::name).collect(Collectors.joining(", "));
        String capNote = shown < tables.size() ? "; the first " + shown + " are listed, call list_tables for all" : "";
        String otherSources = others.isEmpty() ? ""
                : "Other connections you may pass as `connection`: "
                        + others.stream().map(AgentSource::label).collect(Collectors.joining(", ")) + ".\n";
        String privacy = options.sampleData() ? ""
                : "- Privacy: sample data is switched off (discovery.sample_data: false). describe_table returns no"
                        + " sample rows, sample_rows is refused and preview_query returns columns only. Work from"
                        + " the schema and never ask the person for row values.";
        String mode = options.fast()
                ? "- Fast mode: do not ask questions. Assume sensible defaults (the obvious reading of the request,"
                        + " the relevant columns, CSV in " + outputDirectory + "/NAME.csv) and say what you assumed."
                : "- If the request is ambiguous in a way that changes the result, ask one short question first.";
        String described = alreadyDescribed.isEmpty() ? ""
                : "\nAlready described earlier in this conversation: " + String.join(", ", alreadyDescribed) + ".";
        return fill(resource("system-prompt.txt"), Map.of(
                "source", source.label(),
                "dialect", source.connector().dialect().name(),
                "other_sources", otherSources,
                "table_count", String.valueOf(tables.size()),
                "table_cap_note", capNote,
                "tables", (names.isEmpty() ? "(none)" : names) + described,
                "privacy", privacy,
                "mode", mode,
                "source_type", source.type(),
                "source_name", source.name()),
                outputDirectory).strip() + "\n";
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
