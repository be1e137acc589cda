package io.osiris.api.template;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A parameterised pipeline for a common request, usable without an LLM.
 *
 * @param name        the template name ({@code top_n})
 * @param description one line for people
 * @param parameters  its parameters in order
 * @param examples    sentences it answers ("top 10 movies by box office")
 */
public record Template(String name, String description, List<TemplateParameter> parameters, List<String> examples) {
    public Template {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
        examples = List.copyOf(examples);
    }
}
