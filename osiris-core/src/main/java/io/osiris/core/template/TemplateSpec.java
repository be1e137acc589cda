package io.osiris.core.template;

import io.osiris.api.template.Template;
import java.util.List;
import java.util.Map;

/**
 * A template with what only the engine needs: the words that point to it, and for each column
 * parameter the table parameters its columns come from.
 */
record TemplateSpec(Template template, List<String> keywords, Map<String, List<String>> columnOwners) {
    TemplateSpec {
        keywords = List.copyOf(keywords);
        columnOwners = Map.copyOf(columnOwners);
    }

    String name() {
        return template.name();
    }
}
