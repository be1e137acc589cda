package io.osiris.core.template;

import static java.util.Objects.requireNonNull;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.template.ITemplateEngine;
import io.osiris.api.template.ParameterType;
import io.osiris.api.template.Template;
import io.osiris.api.template.TemplateMatch;
import io.osiris.api.template.TemplateParameter;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The template engine of the no-LLM path, bound to one source: it matches sentences against
 * the seven templates of {@link Templates} and the source's discovered schema, and renders a
 * template with parameters into {@code osiris-pipeline-v2} YAML that validates.
 *
 * <pre>{@code
 * TemplateEngine engine = TemplateEngine.builder(TemplateSource.connection("mysql", "default", SqlDialect.MYSQL),
 *         discovery).build();
 * TemplateMatch m = engine.match("top 10 movies by box office").orElseThrow();
 * String yaml = engine.apply(m.template(), m.params());
 * }</pre>
 *
 * <p>Parameters are never spliced into SQL as text: tables and columns must be real ones of the
 * source (checked through discovery) and are quoted in its dialect; numbers are parsed and
 * written as numbers; text is written as an escaped string literal. Anything else (say
 * {@code order_by = "x; DROP TABLE y"}) is refused with a {@link ValidationException} naming
 * the parameter. The result is checked once more by the pipeline parser and its SQL safety rules.
 */
public final class TemplateEngine implements ITemplateEngine {
    /** The source problems of {@link #fromSql} name: the SQL the caller gave. */
    public static final String GIVEN_SQL = "the given SQL";
    /** The default directory of generated outputs, relative to the working directory. */
    public static final String DEFAULT_OUTPUT_DIRECTORY = "output";

    private final TemplateSource source;
    private final DiscoveryService discovery;
    private final String outputDirectory;
    private final PipelineParser parser;

    private TemplateEngine(Builder b) {
        this.source = b.source;
        this.discovery = b.discovery;
        this.outputDirectory = b.outputDirectory;
        this.parser = b.parser;
    }

    /** A builder for an engine over a source and its discovery. */
    public static Builder builder(TemplateSource source, DiscoveryService discovery) {
        return new Builder(source, discovery);
    }

    /** The source generated pipelines extract from. */
    public TemplateSource source() {
        return source;
    }

    @Override
    public List<Template> listTemplates() {
        return Templates.catalog();
    }

    /**
     * The template with a name.
     *
     * @throws ValidationException listing the templates when none has that name
     */
    public Template template(String name) {
        return Templates.find(name).orElseThrow(() -> new ValidationException(List.of(new Problem("", "template", 0,
                "no template '" + name + "'; templates: " + Templates.catalog().stream().map(Template::name)
                        .collect(Collectors.joining(", "))))));
    }

    @Override
    public Optional<TemplateMatch> match(String userInput) {
        requireNonNull(userInput, "userInput");
        return new SentenceMatcher(Templates.specs(), discovery).match(userInput);
    }

    /** The required parameters of a template that {@code params} leaves unset, in template order. */
    public static List<String> missing(Template template, Map<String, ?> params) {
        List<String> missing = new ArrayList<>();
        for (TemplateParameter p : template.parameters()) {
            if (p.required() && p.defaultValue().isEmpty() && isBlank(params.get(p.name()))) {
                missing.add(p.name());
            }
        }
        return missing;
    }

    @Override
    public String apply(Template template, Map<String, Object> params) {
        requireNonNull(template, "template");
        requireNonNull(params, "params");
        TemplateSpec spec = Templates.spec(template.name()).orElseThrow(() -> new ValidationException(
                "no template '" + template.name() + "'"));
        Resolved resolved = resolve(spec, params);
        String yaml = new PipelineRenderer(source, outputDirectory).render(spec, resolved);
        validate(yaml, "template " + template.name());
        return yaml;
    }

    /**
     * A pipeline that extracts the rows of one SQL statement from the source and writes them to
     * {@code <output directory>/<name>.csv}: the escape hatch for people who know their SQL.
     *
     * @throws ValidationException when the SQL is not one read-only statement in the source's
     *                             dialect (problem source {@link #GIVEN_SQL}), or the name is invalid
     */
    public String fromSql(String name, String sql) {
        requireNonNull(name, "name");
        requireNonNull(sql, "sql");
        io.osiris.core.sql.SqlSafety.forDialect(source.dialect()).check(sql, GIVEN_SQL);
        String yaml = new PipelineRenderer(source, outputDirectory).renderQuery(name, sql);
        validate(yaml, GIVEN_SQL);
        return yaml;
    }

    /**
     * Parses a rendered pipeline: the parser applies the SQL safety rules to the extract queries
     * (a last line of defence), in the dialect the source's connector declared.
     */
    private void validate(String yaml, String where) {
        (parser != null ? parser : Pipelines.parser()).withDialect(source.type(), source.dialect()).parse(yaml, where);
    }

    // ------------------------------------------------------------------ parameters

    /** Parameter values checked and typed, with the tables they name. */
    record Resolved(Map<String, Object> values, Map<String, TableInfo> tables) {
        String text(String name) {
            Object v = values.get(name);
            return v == null ? "" : v.toString();
        }

        Optional<String> optionalText(String name) {
            String v = text(name);
            return v.isEmpty() ? Optional.empty() : Optional.of(v);
        }

        long integer(String name) {
            return (Long) values.get(name);
        }

        @SuppressWarnings("unchecked")
        List<String> list(String name) {
            Object v = values.get(name);
            return v == null ? List.of() : (List<String>) v;
        }

        TableInfo table(String parameter) {
            return tables.get(text(parameter));
        }
    }

    private Resolved resolve(TemplateSpec spec, Map<String, Object> params) {
        Template template = spec.template();
        List<Problem> problems = new ArrayList<>();
        Set<String> known = template.parameters().stream().map(TemplateParameter::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        for (String key : params.keySet()) {
            if (!known.contains(key)) {
                problems.add(problem(key, "'" + key + "' is not a parameter of " + template.name()
                        + "; its parameters: " + String.join(", ", known)));
            }
        }
        List<String> missing = missing(template, params);
        for (String name : missing) {
            problems.add(problem(name, "required parameter '" + name + "' is missing ("
                    + parameter(template, name).description() + ")"));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, TableInfo> tables = new LinkedHashMap<>();
        Map<String, String> tableParams = new LinkedHashMap<>();
        // Tables first: column parameters are checked against them.
        List<TableSummary> summaries = null;
        for (TemplateParameter p : template.parameters()) {
            if (p.type() != ParameterType.TABLE || missing.contains(p.name())) {
                continue;
            }
            Object raw = valueOrDefault(p, params);
            if (isBlank(raw)) {
                continue;
            }
            if (summaries == null) {
                summaries = discovery.listTables();
            }
            String given = raw.toString().trim();
            Optional<String> real = pick(given, summaries.stream().map(TableSummary::name).toList());
            if (real.isEmpty()) {
                problems.add(problem(p.name(), "'" + given + "' is not a table of " + source.label() + "; tables: "
                        + summaries.stream().map(TableSummary::name).collect(Collectors.joining(", "))));
                continue;
            }
            values.put(p.name(), real.get());
            tableParams.put(p.name(), real.get());
            tables.computeIfAbsent(real.get(), discovery::describe);
        }
        for (TemplateParameter p : template.parameters()) {
            if (p.type() == ParameterType.TABLE || missing.contains(p.name())) {
                continue;
            }
            Object raw = valueOrDefault(p, params);
            if (isBlank(raw)) {
                continue;
            }
            try {
                values.put(p.name(), typed(p, raw, spec, tableParams, tables));
            } catch (IllegalArgumentException e) {
                problems.add(problem(p.name(), e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Resolved(values, tables);
    }

    private Object typed(TemplateParameter p, Object raw, TemplateSpec spec, Map<String, String> tableParams,
            Map<String, TableInfo> tables) {
        return switch (p.type()) {
            case TABLE -> throw new IllegalStateException("tables are resolved first");
            case COLUMN -> {
                if (!(raw instanceof String)) {
                    throw new IllegalArgumentException("expected a column name, got " + raw);
                }
                yield column(raw.toString().trim(), p, spec, tableParams, tables);
            }
            case COLUMN_LIST -> {
                List<String> names = new ArrayList<>();
                Collection<?> items = raw instanceof Collection<?> c ? c : List.of(raw.toString().split(","));
                for (Object item : items) {
                    String name = String.valueOf(item).trim();
                    if (!name.isEmpty()) {
                        String real = column(name, p, spec, tableParams, tables);
                        if (!names.contains(real)) {
                            names.add(real);
                        }
                    }
                }
                yield List.copyOf(names);
            }
            case INTEGER -> {
                long n;
                try {
                    n = raw instanceof Number num ? new BigDecimal(num.toString()).longValueExact()
                            : Long.parseLong(raw.toString().trim());
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("'" + raw + "' is not a whole number");
                }
                if (n < 1 || n > 1_000_000) {
                    throw new IllegalArgumentException(n + " is out of range: give 1 to 1000000");
                }
                yield n;
            }
            case NUMBER -> {
                try {
                    yield new BigDecimal(raw.toString().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + raw + "' is not a number");
                }
            }
            case STRING -> raw instanceof Collection<?> c
                    ? c.stream().map(String::valueOf).collect(Collectors.joining(",")) : raw.toString();
            case CHOICE -> {
                String v = raw.toString().trim().toLowerCase(Locale.ROOT);
                if (!p.choices().contains(v)) {
                    throw new IllegalArgumentException("'" + raw + "' is not one of " + String.join(", ", p.choices()));
                }
                yield v;
            }
        };
    }

    private String column(String name, TemplateParameter p, TemplateSpec spec, Map<String, String> tableParams,
            Map<String, TableInfo> tables) {
        List<String> owners = spec.columnOwners().getOrDefault(p.name(), List.of("table"));
        List<String> candidates = new ArrayList<>();
        List<String> ownerNames = new ArrayList<>();
        for (String owner : owners) {
            String table = tableParams.get(owner);
            if (table == null) {
                continue;
            }
            ownerNames.add(table);
            tables.get(table).columns().stream().map(ColumnInfo::name).forEach(candidates::add);
        }
        if (ownerNames.isEmpty()) {
            throw new IllegalArgumentException("cannot check column '" + name + "' without a valid "
                    + String.join(" or ", owners));
        }
        return pick(name, candidates).orElseThrow(() -> new IllegalArgumentException("'" + name
                + "' is not a column of " + String.join(" or ", ownerNames) + "; columns: "
                + String.join(", ", new LinkedHashSet<>(candidates))));
    }

    /** The real name: exactly as given, else the one name equal to it ignoring case. */
    private static Optional<String> pick(String given, List<String> names) {
        if (names.contains(given)) {
            return Optional.of(given);
        }
        List<String> folded = names.stream().filter(n -> n.equalsIgnoreCase(given)).distinct().toList();
        return folded.size() == 1 ? Optional.of(folded.get(0)) : Optional.empty();
    }

    private static Object valueOrDefault(TemplateParameter p, Map<String, Object> params) {
        Object raw = params.get(p.name());
        return isBlank(raw) ? (p.defaultValue().isEmpty() ? null : p.defaultValue()) : raw;
    }

    private static TemplateParameter parameter(Template template, String name) {
        return template.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    static boolean isBlank(Object value) {
        return value == null || (value instanceof String s && s.isBlank())
                || (value instanceof Collection<?> c && c.isEmpty());
    }

    static Problem problem(String parameter, String message) {
        return new Problem("", parameter, 0, message);
    }

    /** Builds a {@link TemplateEngine}. */
    public static final class Builder {
        private final TemplateSource source;
        private final DiscoveryService discovery;
        private String outputDirectory = DEFAULT_OUTPUT_DIRECTORY;
        private PipelineParser parser;

        private Builder(TemplateSource source, DiscoveryService discovery) {
            this.source = requireNonNull(source, "source");
            this.discovery = requireNonNull(discovery, "discovery");
        }

        /** Where outputs go unless a template's {@code output} parameter says otherwise. */
        public Builder outputDirectory(String outputDirectory) {
            requireNonNull(outputDirectory, "outputDirectory");
            this.outputDirectory = outputDirectory.isBlank() ? DEFAULT_OUTPUT_DIRECTORY : outputDirectory;
            return this;
        }

        /** The parser that validates rendered pipelines (default: the connector types on the class path). */
        public Builder parser(PipelineParser parser) {
            this.parser = requireNonNull(parser, "parser");
            return this;
        }

        /** The engine. */
        public TemplateEngine build() {
            return new TemplateEngine(this);
        }
    }
}
