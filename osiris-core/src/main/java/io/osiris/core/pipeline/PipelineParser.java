package io.osiris.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.TextFiles;
import io.osiris.core.connector.ConnectorRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads and validates {@code osiris-pipeline-v2} YAML. Validation is static (no source is
 * contacted) and reports every problem at once, each with its YAML path and line; a dry run
 * then checks the pipeline against the live sources.
 *
 * <p>Extraction SQL is checked by the safety rules of the dialect its source's connector
 * declares ({@link io.osiris.api.connector.ConnectorProvider#dialect()}), for built-in and
 * plugin connectors alike; a type with no declared dialect is checked by the ANSI rules,
 * which refuse what any dialect refuses.
 *
 * <p>Immutable and thread-safe; create one per set of known connector types.
 */
public final class PipelineParser {
    /** The first line every pipeline file starts with. */
    public static final String MAGIC = "# osiris-pipeline-v2";

    private final SortedSet<String> connectorTypes;
    private final Function<String, SqlDialect> dialects;

    /** Whether a word is one DuckDB will not take as a bare table name, so no step id may be it. */
    public static boolean isReservedWord(String word) {
        return StepIds.isReserved(word);
    }

    /**
     * A parser that accepts these connector types in {@code source:} and {@code to:}
     * (the registry's {@code types()}); {@code duckdb} is always known. Each type's dialect is
     * the one its provider on the class path declares (no plugin directory is read), else ANSI;
     * use {@link #of(ConnectorRegistry)} to take types and dialects from a registry.
     */
    public PipelineParser(Set<String> connectorTypes) {
        this(connectorTypes, classPathDialects());
    }

    /**
     * A parser that accepts these connector types ({@code duckdb} is always known) and checks
     * the extraction SQL of each in the dialect {@code dialects} gives for it.
     */
    public PipelineParser(Set<String> connectorTypes, Function<String, SqlDialect> dialects) {
        TreeSet<String> types = new TreeSet<>(requireNonNull(connectorTypes, "connectorTypes"));
        types.add("duckdb");
        this.connectorTypes = types;
        requireNonNull(dialects, "dialects");
        this.dialects = type -> Optional.ofNullable(dialects.apply(type)).orElse(SqlDialect.ANSI);
    }

    /**
     * A parser that knows the types of a registry and the dialect each one's provider declares.
     * The dialects are read once, here: the parser does not use the registry afterwards, so it
     * may outlive it.
     */
    public static PipelineParser of(ConnectorRegistry registry) {
        requireNonNull(registry, "registry");
        Map<String, SqlDialect> declared = new HashMap<>();
        for (String type : registry.types()) {
            registry.dialectOf(type).ifPresent(d -> declared.put(type, d));
        }
        return new PipelineParser(registry.types(), Map.copyOf(declared)::get);
    }

    private static Function<String, SqlDialect> classPathDialects() {
        try (ConnectorRegistry registry = ConnectorRegistry.classPath()) {
            Map<String, SqlDialect> declared = new HashMap<>();
            for (String type : registry.types()) {
                registry.dialectOf(type).ifPresent(d -> declared.put(type, d));
            }
            return Map.copyOf(declared)::get;
        }
    }

    /**
     * A parser like this one that checks the extraction SQL of {@code connectorType} in
     * {@code dialect}: for a caller bound to one opened source, whose connector declared its
     * dialect, when this parser's own knowledge of the type may be narrower.
     */
    public PipelineParser withDialect(String connectorType, SqlDialect dialect) {
        requireNonNull(connectorType, "connectorType");
        requireNonNull(dialect, "dialect");
        Function<String, SqlDialect> base = dialects;
        return new PipelineParser(connectorTypes, type -> type.equals(connectorType) ? dialect : base.apply(type));
    }

    /** The connector types this parser accepts. */
    public SortedSet<String> connectorTypes() {
        return connectorTypes;
    }

    /** The dialect the extraction SQL of a connector type is checked in (ANSI for an unknown type). */
    public SqlDialect dialect(String connectorType) {
        requireNonNull(connectorType, "connectorType");
        return connectorTypes.contains(connectorType) ? dialects.apply(connectorType) : SqlDialect.ANSI;
    }

    /**
     * Parses and validates a pipeline.
     *
     * @param yaml   the pipeline text
     * @param source the file name used in problems ({@code pipelines/top.yaml}); may be empty
     * @throws ValidationException with every problem found
     */
    public Pipeline parse(String yaml, String source) {
        Result result = check(yaml, source);
        if (!result.problems.isEmpty()) {
            throw new ValidationException(result.problems);
        }
        return result.pipeline;
    }

    /**
     * Checks a pipeline built in code exactly as the file holding it would be checked (the
     * step ids, the references between steps, the SQL in each source's dialect, the keys each
     * target takes): one set of rules, whatever a pipeline's origin.
     *
     * @return the pipeline as its file reads (defaults filled in as the parser fills them)
     * @throws ValidationException with every problem, each with its step path; there is no line
     */
    public Pipeline check(Pipeline pipeline) {
        requireNonNull(pipeline, "pipeline");
        List<Problem> typed = new ArrayList<>();
        // The file form writes a default by its type; a value that is not of the type would change it.
        pipeline.vars().stream().filter(v -> Variables.value(v.type(), v.value()).isEmpty())
                .forEach(v -> typed.add(new Problem("pipeline '" + pipeline.name() + "'", "vars." + v.name(), 0,
                        Variables.typeError(v, v.value()))));
        if (!typed.isEmpty()) {
            throw new ValidationException(typed);
        }
        Result result = check(PipelineWriter.write(pipeline), "");
        if (!result.problems.isEmpty()) {
            throw new ValidationException(result.problems.stream()
                    .map(p -> new Problem(origin(pipeline, p.path()), p.path(), 0, p.message())).toList());
        }
        return result.pipeline;
    }

    /**
     * A checked pipeline bound for a run: its variables take the values a run uses
     * ({@link Variables#resolve}), each {@code ${name}} is replaced (a literal in the step's
     * dialect, a path segment), and the result is checked again, so the SQL that runs is the SQL
     * that passed the safety rules.
     *
     * @param values the values, by name, as {@link Variables#resolve} returns them
     * @return the bound pipeline; its {@link Pipeline#vars()} hold the values used
     * @throws ValidationException when a value cannot be bound or the bound pipeline breaks a rule
     */
    public Pipeline bind(Pipeline pipeline, List<io.osiris.api.pipeline.Variable> values) {
        requireNonNull(pipeline, "pipeline");
        requireNonNull(values, "values");
        if (pipeline.vars().isEmpty()) {
            return pipeline;
        }
        return check(Variables.bind(pipeline, values, this::dialect));
    }

    private static final java.util.regex.Pattern STEP_PATH =
            java.util.regex.Pattern.compile("(extract|transform|load)\\[(\\d+)].*");

    /** Where a problem of a pipeline built in code is, with no file: the pipeline and the step's id. */
    private static String origin(Pipeline pipeline, String path) {
        String origin = "pipeline '" + pipeline.name() + "'";
        java.util.regex.Matcher m = STEP_PATH.matcher(path);
        if (!m.matches()) {
            return origin;
        }
        int index = Integer.parseInt(m.group(2));
        List<? extends io.osiris.api.pipeline.Step> steps = switch (m.group(1)) {
            case "extract" -> pipeline.extracts();
            case "transform" -> pipeline.transforms();
            default -> pipeline.loads();
        };
        return index < steps.size() ? origin + ", step '" + steps.get(index).id() + "'" : origin;
    }

    /** Every problem of a pipeline, in line order; empty when it is valid. */
    public List<Problem> problems(String yaml, String source) {
        return check(yaml, source).problems;
    }

    private record Result(Pipeline pipeline, List<Problem> problems) {
    }

    private Result check(String yaml, String source) {
        requireNonNull(yaml, "yaml");
        requireNonNull(source, "source");
        try {
            TextFiles.checkSize(yaml, "the pipeline");
        } catch (ConfigurationException e) {
            return new Result(null, List.of(new Problem(source, "", 0, e.getMessage())));
        }
        List<Problem> problems = new ArrayList<>();
        Optional<Pipeline> pipeline = new PipelineCheck(yaml, source, connectorTypes, this::dialect).run(problems);
        problems.sort(Comparator.comparingInt(Problem::line));
        return new Result(problems.isEmpty() ? pipeline.orElse(null) : null, List.copyOf(problems));
    }
}
