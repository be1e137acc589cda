package io.osiris.api.llm;

import static java.util.Objects.requireNonNull;

/**
 * A tool offered to the model.
 *
 * @param name                 the tool name ({@code describe_table})
 * @param description          what it does, for the model
 * @param parametersJsonSchema a JSON Schema object describing its arguments
 */
public record ToolSpec(String name, String description, String parametersJsonSchema) {
    public ToolSpec {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(parametersJsonSchema, "parametersJsonSchema");
    }
}
