package io.osiris.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.osiris.core.pipeline.PipelineParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The YAML of a generated pipeline, built as maps and written by Jackson, so no value can
 * change its structure: the magic line, extracts from one source, an optional transform and
 * one load to a file.
 */
final class PipelineYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private final Map<String, Object> pipeline = new LinkedHashMap<>();
    private final List<Map<String, Object>> extracts = new ArrayList<>();

    PipelineYaml(String name, String description) {
        pipeline.put("name", name);
        pipeline.put("description", description);
        pipeline.put("extract", extracts);
    }

    /** Adds an extract step that runs {@code query} on {@code source}. */
    PipelineYaml extract(TemplateSource source, String id, String query) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", id);
        step.put("source", source.type());
        if (source.isFile()) {
            step.put("path", source.path());
        } else {
            step.put("connection", source.connection());
        }
        step.put("query", query);
        extracts.add(step);
        return this;
    }

    /** Adds the one transform step, {@code id}. */
    PipelineYaml transform(String id, String sql) {
        Map<String, Object> transform = new LinkedHashMap<>();
        transform.put("id", id);
        transform.put("engine", "duckdb");
        transform.put("sql", sql);
        pipeline.put("transform", List.of(transform));
        return this;
    }

    /** Adds the one load step, {@code save}, writing step {@code from} to a file. */
    PipelineYaml load(String from, String format, String path) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("id", "save");
        load.put("from", from);
        load.put("to", format);
        load.put("path", path);
        pipeline.put("load", List.of(load));
        return this;
    }

    /** The pipeline's text, starting with the magic line. */
    String write() {
        try {
            return PipelineParser.MAGIC + "\n" + YAML.writeValueAsString(pipeline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write pipeline YAML", e);
        }
    }

    /** The default output file of a pipeline: {@code <directory>/<name>.<format>}. */
    static String outputPath(String directory, String name, String format) {
        String dir = directory.endsWith("/") ? directory : directory + "/";
        return dir + name + "." + format;
    }

    /** A valid step id for a table: lowercase letters, digits and _, not a reserved word. */
    static String stepId(String table) {
        String bare = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
        String id = bare.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (id.isEmpty() || !Character.isLetter(id.charAt(0)) && id.charAt(0) != '_') {
            id = "t_" + id;
        }
        if (id.length() > 50) {
            id = id.substring(0, 50);
        }
        // The parser refuses SQL keywords as ids; "result" is the id of the template's own transform.
        return PipelineParser.isReservedWord(id) || id.equals(PipelineRenderer.RESULT) ? id + "_rows" : id;
    }
}
