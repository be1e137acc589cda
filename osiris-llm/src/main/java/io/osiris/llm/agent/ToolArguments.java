package io.osiris.llm.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/** A tool call's arguments in one short line for a progress display: {@code table=movies limit=10}. */
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
}
