package io.osiris.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.osiris.api.Problem;
import io.osiris.api.Suggestions;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.api.pipeline.Variable;
import io.osiris.core.sql.SqlLiterals;
import io.osiris.core.sql.SqlPlaceholders;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Pipeline variables: where a run's values come from, how each is checked against its type, and
 * how a pipeline is bound. A value is never pasted as text: in SQL it becomes a literal of the
 * variable's type in the step's dialect ({@link SqlPlaceholders}), and the bound SQL is then
 * checked like any other; in a path it must be one safe file-name segment.
 *
 * <p>A value comes from the caller ({@code --var name=value}), else from the environment
 * variable {@link #environmentName(String) OSIRIS_VAR_NAME} (only for declared names: a pipeline
 * cannot read any other variable of the process), else from the default.
 */
public final class Variables {
    /** The names a variable may have. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The prefix of the environment variable that sets a declared variable. */
    public static final String ENVIRONMENT_PREFIX = "OSIRIS_VAR_";

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,40}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,40})?");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
    private static final int MAX_LENGTH = 4096;

    private final List<Variable> vars;

    private Variables(List<Variable> vars) {
        this.vars = vars;
    }

    /** The variables of a pipeline, with their current values (the defaults, or a bound pipeline's values). */
    static Variables of(List<Variable> vars) {
        return new Variables(List.copyOf(vars));
    }

    /** The environment variable that sets {@code name}: {@code OSIRIS_VAR_} and the name in upper case. */
    public static String environmentName(String name) {
        return ENVIRONMENT_PREFIX + name.toUpperCase(Locale.ROOT);
    }

    /**
     * The variables of {@code pipeline} with the values a run uses: {@code given}, else the
     * environment's {@link #environmentName}, else the default.
     *
     * @throws ValidationException when {@code given} names an undeclared variable or a value does not fit its type
     */
    public static List<Variable> resolve(Pipeline pipeline, Map<String, String> given, Map<String, String> env) {
        return resolve(requireNonNull(pipeline, "pipeline").vars(), given, env);
    }

    /** The values of {@code declared} a run uses, as {@link #resolve(Pipeline, Map, Map)} finds them. */
    public static List<Variable> resolve(List<Variable> declared, Map<String, String> given, Map<String, String> env) {
        requireNonNull(declared, "declared");
        requireNonNull(given, "given");
        requireNonNull(env, "env");
        List<Problem> problems = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        declared.forEach(v -> names.add(v.name()));
        for (String name : new TreeSet<>(given.keySet())) {
            if (!names.contains(name)) {
                problems.add(new Problem("--var", name, 0, "unknown variable '" + name + "'"
                        + Suggestions.didYouMean(name, names) + "; " + declaredText(names)));
            }
        }
        List<Variable> values = new ArrayList<>();
        for (Variable v : declared) {
            String origin = given.containsKey(v.name()) ? "--var " + v.name()
                    : env.containsKey(environmentName(v.name())) ? environmentName(v.name()) : "";
            String text = given.containsKey(v.name()) ? given.get(v.name())
                    : env.getOrDefault(environmentName(v.name()), v.value());
            Optional<String> value = value(v.type(), text);
            if (value.isEmpty()) {
                problems.add(new Problem(origin.isEmpty() ? "vars" : origin, "vars." + v.name(), 0,
                        typeError(v, text)));
            } else {
                values.add(new Variable(v.name(), v.type(), value.get()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return List.copyOf(values);
    }

    /**
     * {@code pipeline} with {@code vars} (resolved values, {@link #resolve}) in place of its own,
     * and every placeholder replaced: in SQL by a literal in the dialect {@code dialects} gives
     * for the extract's source type (DuckDB's for transforms), in paths by the value itself.
     *
     * @throws ValidationException when a placeholder cannot be bound (undeclared, inside quotes, an unsafe path value)
     */
    public static Pipeline bind(Pipeline pipeline, List<Variable> vars, Function<String, SqlDialect> dialects) {
        Variables values = of(vars);
        List<Problem> problems = new ArrayList<>();
        List<ExtractStep> extracts = new ArrayList<>();
        for (int i = 0; i < pipeline.extracts().size(); i++) {
            ExtractStep e = pipeline.extracts().get(i);
            String at = "extract[" + i + "]";
            SqlDialect dialect = dialects.apply(e.source());
            Extraction extraction = e.extraction();
            if (extraction instanceof Extraction.Query q) {
                extraction = new Extraction.Query(values.sql(dialect, q.sql(), at + ".query", problems), q.limit());
            } else if (extraction instanceof Extraction.Table t) {
                extraction = new Extraction.Table(t.table(), t.columns(), values.sql(dialect, t.where(),
                        at + ".where", problems), t.limit());
            }
            extracts.add(e.withPath(values.path(e.path(), at + ".path", problems)).withExtraction(extraction));
        }
        List<TransformStep> transforms = new ArrayList<>();
        for (int i = 0; i < pipeline.transforms().size(); i++) {
            TransformStep t = pipeline.transforms().get(i);
            transforms.add(t.withSql(values.sql(SqlDialect.DUCKDB, t.sql(), "transform[" + i + "].sql", problems)));
        }
        List<LoadStep> loads = new ArrayList<>();
        for (int i = 0; i < pipeline.loads().size(); i++) {
            LoadStep l = pipeline.loads().get(i);
            loads.add(l.withPath(values.path(l.path(), "load[" + i + "].path", problems)));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new Pipeline(pipeline.name(), pipeline.version(), pipeline.description(), extracts, transforms,
                loads, vars);
    }

    /** The values as {@code name=value} pairs in declaration order, for reports and approval screens. */
    public static Map<String, String> values(List<Variable> vars) {
        Map<String, String> out = new LinkedHashMap<>();
        vars.forEach(v -> out.put(v.name(), v.value()));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * The variables a pipeline text declares, read without checking the rest of it: for a screen
     * that shows a proposal the values a run would take. Empty when there are none or the text
     * cannot be read.
     */
    public static List<Variable> declared(String yaml) {
        YamlDocument doc = YamlDocument.parse(requireNonNull(yaml, "yaml"), "");
        if (!doc.problems().isEmpty() || !doc.root().isObject()) {
            return List.of();
        }
        return new VarsReader(new NodeReader("", doc)).read(doc.root());
    }

    /** One line for people: {@code min_year=2000, country=FR}; empty when there are none. */
    public static String describe(List<Variable> vars) {
        return String.join(", ", vars.stream().map(v -> v.name() + "=" + v.value()).toList());
    }

    /** {@code sql} bound, or as given (with a problem at {@code path}) when a placeholder cannot be bound. */
    String sql(SqlDialect dialect, String sql, String path, List<Problem> problems) {
        SqlPlaceholders.Bound bound = SqlPlaceholders.bind(dialect, sql, name -> literal(dialect, find(name)));
        bound.errors().forEach(message -> problems.add(new Problem("", path, 0, message)));
        return bound.sql();
    }

    /**
     * {@code sql} bound for a check (the step keeps the text as written), each problem reported
     * at {@code path} with its line; empty when a placeholder cannot be bound.
     */
    Optional<String> sql(SqlDialect dialect, String sql, String path, NodeReader reader) {
        List<Problem> found = new ArrayList<>();
        String bound = sql(dialect, sql, path, found);
        found.forEach(p -> reader.problem(p.path(), p.message()));
        return found.isEmpty() ? Optional.of(bound) : Optional.empty();
    }

    /** Reports, with its line, each placeholder of a path that cannot be bound. */
    void checkPath(String path, String at, NodeReader reader) {
        List<Problem> found = new ArrayList<>();
        path(path, at, found);
        found.forEach(p -> reader.problem(p.path(), p.message()));
    }

    /** A path with each {@code ${name}} replaced by its value, which must be one safe file-name segment. */
    String path(String path, String at, List<Problem> problems) {
        if (!SqlPlaceholders.has(path)) {
            return path;
        }
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(path);
        int copied = 0;
        while (m.find()) {
            out.append(path, copied, m.start());
            copied = m.end();
            try {
                Variable v = find(m.group(1));
                if (!SEGMENT.matcher(v.value()).matches() || v.value().equals(".") || v.value().equals("..")) {
                    throw new IllegalArgumentException("variable '" + v.name() + "' = '" + v.value() + "' cannot be"
                            + " part of a path: a value in a path is one name of letters, digits, '.', '_' and '-'"
                            + " (not '.' or '..')");
                }
                out.append(v.value());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("", at, 0, e.getMessage()));
                out.append(m.group());
            }
        }
        out.append(path, copied, path.length());
        if (out.indexOf("${") >= 0 && problems.stream().noneMatch(p -> p.path().equals(at))) {
            problems.add(new Problem("", at, 0, "'${' must open a variable, as ${name}"));
        }
        return out.toString();
    }

    private Variable find(String name) {
        for (Variable v : vars) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        TreeSet<String> declared = new TreeSet<>();
        vars.forEach(v -> declared.add(v.name()));
        throw new IllegalArgumentException("undeclared variable ${" + name + "}"
                + Suggestions.didYouMean(name, declared) + "; " + declaredText(declared));
    }

    private static String declaredText(TreeSet<String> declared) {
        return declared.isEmpty() ? "declare it under 'vars:' with a default (vars: {name: default})"
                : "declared variables: " + String.join(", ", declared);
    }

    /** The SQL literal of a variable's value in a dialect. */
    static String literal(SqlDialect dialect, Variable v) {
        String value = value(v.type(), v.value()).orElseThrow(() -> new IllegalArgumentException(typeError(v,
                v.value())));
        return switch (v.type()) {
            // A negative number in parentheses: after a minus sign, "--5" would start a comment.
            case INTEGER, DECIMAL -> value.startsWith("-") ? "(" + value + ")" : value;
            case BOOLEAN -> value.toUpperCase(Locale.ROOT);
            case STRING -> dialect.base() == SqlDialect.POSTGRES && value.indexOf('\\') >= 0
                    // E'...' reads the same whether or not the server reads backslashes in plain strings.
                    ? "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'"
                    : SqlLiterals.string(dialect, value);
        };
    }

    /** A value checked against a type and written in its one form ({@code true}, {@code 8.50}), or empty. */
    static Optional<String> value(Variable.Type type, String text) {
        if (text == null || text.length() > MAX_LENGTH || text.indexOf('\0') >= 0 || SqlPlaceholders.has(text)) {
            return Optional.empty();
        }
        String t = type == Variable.Type.STRING ? text : text.strip();
        return switch (type) {
            case INTEGER -> INTEGER.matcher(t).matches() ? Optional.of(new java.math.BigInteger(t).toString())
                    : Optional.empty();
            case DECIMAL -> DECIMAL.matcher(t).matches() ? Optional.of(new BigDecimal(t).toPlainString())
                    : Optional.empty();
            case BOOLEAN -> t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")
                    ? Optional.of(t.toLowerCase(Locale.ROOT)) : Optional.empty();
            case STRING -> Optional.of(t);
        };
    }

    static String typeError(Variable v, String text) {
        String shown = text == null ? "" : text.length() > 40 ? text.substring(0, 37) + "..." : text;
        if (text != null && SqlPlaceholders.has(text)) {
            return "variable '" + v.name() + "': a value cannot hold '${'";
        }
        return "variable '" + v.name() + "' is " + switch (v.type()) {
            case INTEGER -> "an integer: '" + shown + "' is not a whole number";
            case DECIMAL -> "a decimal: '" + shown + "' is not a number like 8.5";
            case BOOLEAN -> "a boolean: '" + shown + "' is not true or false";
            case STRING -> "text of at most " + MAX_LENGTH + " characters without NUL";
        };
    }
}
