package io.osiris.core.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.osiris.api.template.ParameterType;
import io.osiris.api.template.Template;
import io.osiris.api.template.TemplateParameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The seven built-in templates ({@code top_n}, {@code aggregation}, {@code time_series},
 * {@code simple_join}, {@code filter_extract}, {@code comparison}, {@code distribution}), read
 * from {@code patterns.yaml}. Reading the catalog loads no database driver, so listing
 * templates stays cheap.
 */
public final class Templates {
    /** The class-path resource that defines the templates. */
    public static final String RESOURCE = "/io/osiris/core/template/patterns.yaml";

    private Templates() {
    }

    /** Every template, in the order of {@code patterns.yaml}. */
    public static List<Template> catalog() {
        return Catalog.SPECS.stream().map(TemplateSpec::template).toList();
    }

    /** The template with a name, if any. */
    public static Optional<Template> find(String name) {
        return spec(name).map(TemplateSpec::template);
    }

    static List<TemplateSpec> specs() {
        return Catalog.SPECS;
    }

    static Optional<TemplateSpec> spec(String name) {
        return Catalog.SPECS.stream().filter(s -> s.template().name().equals(name)).findFirst();
    }

    /** Loaded on first use and never changed: an immutable constant. */
    private static final class Catalog {
        static final List<TemplateSpec> SPECS = load();

        private static List<TemplateSpec> load() {
            JsonNode root;
            try (InputStream in = Templates.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                root = new ObjectMapper(new YAMLFactory()).readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
            List<ParameterSpec> output = new ArrayList<>();
            root.path("output_parameters").forEach(p -> output.add(parameter(p)));
            List<TemplateSpec> specs = new ArrayList<>();
            for (JsonNode t : root.path("templates")) {
                List<ParameterSpec> params = new ArrayList<>();
                t.path("parameters").forEach(p -> params.add(parameter(p)));
                params.addAll(output);
                List<String> keywords = new ArrayList<>();
                t.path("keywords").forEach(k -> keywords.add(k.asText().toLowerCase(Locale.ROOT)));
                List<String> examples = new ArrayList<>();
                t.path("examples").forEach(e -> examples.add(e.asText()));
                Map<String, List<String>> owners = new LinkedHashMap<>();
                params.forEach(p -> owners.put(p.parameter().name(), p.of()));
                Template template = new Template(t.path("name").asText(), t.path("description").asText(),
                        params.stream().map(ParameterSpec::parameter).toList(), examples);
                specs.add(new TemplateSpec(template, keywords, owners));
            }
            return List.copyOf(specs);
        }

        private static ParameterSpec parameter(JsonNode p) {
            List<String> choices = new ArrayList<>();
            p.path("choices").forEach(c -> choices.add(c.asText()));
            List<String> of = new ArrayList<>();
            p.path("of").forEach(o -> of.add(o.asText()));
            TemplateParameter parameter = new TemplateParameter(p.path("name").asText(),
                    ParameterType.valueOf(p.path("type").asText().toUpperCase(Locale.ROOT)),
                    p.path("required").asBoolean(false), p.path("default").asText(""),
                    p.path("description").asText(""), choices);
            return new ParameterSpec(parameter, of);
        }
    }

    private record ParameterSpec(TemplateParameter parameter, List<String> of) {
    }
}
