package io.osiris.core.template;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.TableInfo;
import io.osiris.core.template.TemplateEngine.Resolved;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a template with checked parameters, or a query given with {@code --sql}, into
 * pipeline YAML: the template's SQL comes from {@link TemplateQueries}, the YAML from
 * {@link PipelineYaml}.
 */
final class PipelineRenderer {
    /** The id of a template's transform. */
    static final String RESULT = "result";
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

    private final TemplateSource source;
    private final String outputDirectory;

    PipelineRenderer(TemplateSource source, String outputDirectory) {
        this.source = source;
        this.outputDirectory = outputDirectory;
    }

    String render(TemplateSpec spec, Resolved r) {
        TableInfo table = r.table("table");
        String name = r.optionalText("name").orElse(spec.name() + "_" + PipelineYaml.stepId(table.name()));
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException(List.of(TemplateEngine.problem("name",
                    "'" + name + "' is not a valid pipeline name: use lowercase letters, digits and _")));
        }
        Map<String, String> extracts = new LinkedHashMap<>();
        String sql = new TemplateQueries(source.dialect()).sql(spec.name(), r, table, extracts);
        String format = r.optionalText("format").orElse("csv");
        String output = r.optionalText("output").orElse(PipelineYaml.outputPath(outputDirectory, name, format));

        PipelineYaml yaml = new PipelineYaml(name, "Generated from template " + spec.name() + ": " + summary(spec, r));
        extracts.forEach((id, query) -> yaml.extract(source, id, query));
        return yaml.transform(RESULT, sql).load(RESULT, format, output).write();
    }

    String renderQuery(String name, String sql) {
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException(List.of(new Problem("", "name", 0,
                    "'" + name + "' is not a valid pipeline name: use lowercase letters, digits and _")));
        }
        String query = sql.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        return new PipelineYaml(name, "Generated from the given SQL")
                .extract(source, "query", query)
                .load("query", "csv", PipelineYaml.outputPath(outputDirectory, name, "csv"))
                .write();
    }

    private static String summary(TemplateSpec spec, Resolved r) {
        return spec.template().parameters().stream()
                .filter(p -> r.values().containsKey(p.name()) && !Set.of("format", "output", "name").contains(p.name()))
                .map(p -> p.name() + "=" + r.values().get(p.name()))
                .collect(Collectors.joining(", "));
    }
}
