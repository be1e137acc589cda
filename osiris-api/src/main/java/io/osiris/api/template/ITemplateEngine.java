package io.osiris.api.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a sentence or explicit parameters into pipeline YAML through fixed templates. */
public interface ITemplateEngine {

    /** The best template for a sentence, with what it could fill, or empty when none fits. */
    Optional<TemplateMatch> match(String userInput);

    /**
     * Renders a template into pipeline YAML that validates.
     *
     * @throws io.osiris.api.ValidationException when a parameter is missing, of the wrong type,
     *                                           or names a table or column the source lacks
     */
    String apply(Template template, Map<String, Object> params);

    /** Every template, in a stable order. */
    List<Template> listTemplates();
}
