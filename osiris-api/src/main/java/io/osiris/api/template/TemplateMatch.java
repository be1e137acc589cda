package io.osiris.api.template;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A template chosen for a sentence, with the parameters it could fill.
 *
 * @param template the template
 * @param params   the parameters filled from the sentence and the schema
 * @param score    how well it fits, 0 to 1
 * @param missing  required parameters still to ask for
 */
public record TemplateMatch(Template template, Map<String, Object> params, double score, List<String> missing) {
    public TemplateMatch {
        requireNonNull(template, "template");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        missing = List.copyOf(missing);
    }
}
