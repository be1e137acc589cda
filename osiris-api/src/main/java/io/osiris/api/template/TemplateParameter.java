package io.osiris.api.template;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A typed parameter of a template.
 *
 * @param name         the parameter name ({@code order_by})
 * @param type         what it holds
 * @param required     whether it must be given (a default makes it optional)
 * @param defaultValue its default as text; empty when it has none
 * @param description  one line for people
 * @param choices      the allowed values of a {@link ParameterType#CHOICE}; empty otherwise
 */
public record TemplateParameter(
        String name, ParameterType type, boolean required, String defaultValue, String description, List<String> choices) {
    public TemplateParameter {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(defaultValue, "defaultValue");
        requireNonNull(description, "description");
        choices = List.copyOf(choices);
    }
}
