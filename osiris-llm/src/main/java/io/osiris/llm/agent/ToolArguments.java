package io.osiris.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * A tool call's arguments: read and checked for a tool (a wrong one is {@link BadArguments}, which
 * the model gets back as an error result), and in one short line for a progress display
 * ({@code table=movies limit=10}).
 */
final class ToolArguments {
    static final int MAX_CHARS = 80;
    private static final int MAX_VALUE_CHARS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolArguments() {
    }

    static String summary(String argumentsJson) {
        JsonNode args;
        try {
            args = argumentsJson == null || argumentsJson.isBlank() ? null : JSON.readTree(argumentsJson);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return cut(argumentsJson.strip().replaceAll("\\s+", " "), MAX_CHARS);
        }
        if (args == null || !args.isObject()) {
            return "";
        }
        StringBuilder line = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = args.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            String text = value.isValueNode() ? value.asText() : value.toString();
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(field.getKey()).append('=').append(cut(text.strip().replaceAll("\\s+", " "), MAX_VALUE_CHARS));
        }
        return cut(line.toString(), MAX_CHARS);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static String requiredText(JsonNode args, String field) {
        JsonNode value = args.get(field);
        if (value == null || value.isNull()) {
            throw new BadArguments("Missing required argument '" + field + "' (a string).");
        }
        if (!value.isTextual()) {
            throw new BadArguments("Argument '" + field + "' must be a string, not " + kind(value) + ".");
        }
        if (value.asText().isBlank()) {
            throw new BadArguments("Argument '" + field + "' must not be empty.");
        }
        return value.asText();
    }

    static int optionalInt(JsonNode args, String field, int fallback, int min, int max) {
        if (!args.hasNonNull(field)) {
            return fallback;
        }
        int value = requiredInt(args, field);
        if (value < min || value > max) {
            throw new BadArguments("Argument '" + field + "' must be between " + min + " and " + max + ", not "
                    + value + ".");
        }
        return value;
    }

    static int requiredInt(JsonNode args, String field) {
        JsonNode value = args.get(field);
        if (value == null || value.isNull()) {
            throw new BadArguments("Missing required argument '" + field + "' (an integer).");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadArguments("Argument '" + field + "' must be an integer, not " + kind(value) + " " + value + ".");
        }
        return value.intValue();
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Arguments the model got wrong: answered as an error result. */
    static final class BadArguments extends RuntimeException {
        BadArguments(String message) {
            super(message, null, false, false);
        }
    }
}
