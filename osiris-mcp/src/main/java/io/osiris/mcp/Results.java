package io.osiris.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.osiris.core.config.SecretMask;
import java.io.UncheckedIOException;
import java.util.Map;

/** Tool results: one JSON document as text content; errors flagged {@code isError} with an {@link ErrorObject}. */
final class Results {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Results() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    static CallToolResult ok(Object value, SecretMask mask) {
        return CallToolResult.builder().addTextContent(mask.apply(json(value))).isError(false).build();
    }

    /** A result whose text is already JSON the agent's tools wrote and redacted. */
    static CallToolResult text(String json, boolean isError) {
        return CallToolResult.builder().addTextContent(json).isError(isError).build();
    }

    static CallToolResult error(Map<String, Object> errorObject, SecretMask mask) {
        return CallToolResult.builder().addTextContent(mask.apply(json(errorObject))).isError(true).build();
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
