package io.osiris.core.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.osiris.api.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML document read into a Jackson tree together with the line of every node.
 *
 * <p>Jackson's tree model drops token locations, so the tree is built here from the streaming
 * parser, which still has them: each path ({@code extract[0].query}) is mapped to the line of
 * its key (or of the value, for list items). Duplicate keys are reported, not silently merged.
 */
final class YamlDocument {
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<Problem> problems;
    private final Map<String, JsonToken> numbers;

    private YamlDocument(JsonNode root, Map<String, Integer> lines, List<Problem> problems,
            Map<String, JsonToken> numbers) {
        this.root = root;
        this.lines = lines;
        this.problems = problems;
        this.numbers = numbers;
    }

    /** Reads a document; a syntax error becomes a problem and an empty root. */
    static YamlDocument parse(String yaml, String source) {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, JsonToken> numbers = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        JsonNode root = JsonNodeFactory.instance.missingNode();
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first != null) {
                root = read(parser, "", lines, problems, source, numbers);
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : Math.max(0, at.getLineNr());
            problems.add(new Problem(source, "", line, "not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new Problem(source, "", 0, "cannot read the YAML: " + e.getMessage()));
        }
        return new YamlDocument(root, Map.copyOf(lines), List.copyOf(problems), Map.copyOf(numbers));
    }

    private static JsonNode read(JsonParser p, String path, Map<String, Integer> lines, List<Problem> problems,
            String source, Map<String, JsonToken> numbers) throws IOException {
        JsonToken token = p.currentToken();
        lines.putIfAbsent(path, line(p));
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    int keyLine = line(p);
                    p.nextToken();
                    if (object.has(key)) {
                        problems.add(new Problem(source, child, keyLine, "duplicate key '" + key + "'"));
                        read(p, child + "#dup", lines, problems, source, numbers);
                        continue;
                    }
                    lines.put(child, keyLine);
                    object.set(key, read(p, child, lines, problems, source, numbers));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = path + "[" + i++ + "]";
                    lines.put(child, line(p));
                    array.add(read(p, child, lines, problems, source, numbers));
                }
                return array;
            }
            case VALUE_STRING -> {
                return JsonNodeFactory.instance.textNode(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // Kept as written: "version: 1.0" stays "1.0", not 1; that it was a number is kept beside.
                numbers.put(path, token);
                return JsonNodeFactory.instance.textNode(p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return JsonNodeFactory.instance.nullNode();
            }
            default -> {
                return JsonNodeFactory.instance.textNode(p.getText());
            }
        }
    }

    private static int line(JsonParser p) {
        JsonLocation location = p.currentTokenLocation();
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }

    JsonNode root() {
        return root;
    }

    List<Problem> problems() {
        return problems;
    }

    /** The line of a path, or of its nearest ancestor that has one. */
    int line(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /** Whether the scalar at a path was written as a number: {@code VALUE_NUMBER_INT} or {@code _FLOAT}. */
    Optional<JsonToken> number(String path) {
        return Optional.ofNullable(numbers.get(path));
    }

    Optional<Integer> exactLine(String path) {
        return Optional.ofNullable(lines.get(path));
    }
}
