package io.osiris.llm.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.osiris.api.llm.ToolSpec;
import java.util.Optional;

/** Reads the JSON a tool spec or a tool call carries, for the SDK mappers. */
public final class ToolSchemas {
    // ObjectMapper is thread-safe once configured and never reconfigured here.
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolSchemas() {
    }

    /**
     * The tool's parameters schema as a JSON object.
     *
     * @throws IllegalArgumentException when the schema is not a JSON object: a bug in the tool's definition
     */
    public static ObjectNode parameters(ToolSpec tool) {
        try {
            JsonNode node = JSON.readTree(tool.parametersJsonSchema());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("tool " + tool.name() + " has a malformed JSON Schema: "
                    + e.getOriginalMessage(), e);
        }
        throw new IllegalArgumentException("tool " + tool.name() + " has a JSON Schema that is not an object");
    }

    /** The arguments a model wrote, as an object, or empty when they are not a JSON object. */
    public static Optional<ObjectNode> arguments(String argumentsJson) {
        try {
            JsonNode node = JSON.readTree(argumentsJson);
            return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Any JSON tree as compact text. */
    public static String compact(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** Parses JSON text into a tree, or empty when it is not JSON. */
    public static Optional<JsonNode> tree(String json) {
        try {
            return Optional.ofNullable(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Converts any Jackson-serialisable SDK value (an SDK JsonValue) to a tree. */
    public static JsonNode toTree(Object value) {
        return JSON.valueToTree(value);
    }
}
