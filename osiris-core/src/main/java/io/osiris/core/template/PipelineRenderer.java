package io.osiris.core.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.TypeKind;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.sql.SqlLiterals;
import io.osiris.core.template.TemplateEngine.Resolved;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders a template with checked parameters into pipeline YAML. Extracts read the source in
 * its dialect (identifiers quoted, values as literals, filters pushed down); the shaping
 * (ordering, grouping, joining, bucketing) happens in one DuckDB transform, so a template
 * gives the same rows whatever the source. The YAML is written by Jackson, so no value can
 * change its structure.
 */
final class PipelineRenderer {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Set<TypeKind> NUMERIC = Set.of(TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT,
            TypeKind.REAL, TypeKind.DOUBLE, TypeKind.DECIMAL);
    private static final Set<TypeKind> TEMPORAL = Set.of(TypeKind.DATE, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP_TZ);

    private final TemplateSource source;
    private final String outputDirectory;
    private final SqlDialect q;
    private final SqlDialect d = SqlDialect.DUCKDB;

    PipelineRenderer(TemplateSource source, String outputDirectory) {
        this.source = source;
        this.outputDirectory = outputDirectory;
        this.q = source.dialect();
    }

    String render(TemplateSpec spec, Resolved r) {
        TableInfo table = r.table("table");
        String name = r.optionalText("name").orElse(spec.name() + "_" + stepId(table.name()));
        if (!NAME.matcher(name).matches()) {
            throw new ValidationException(List.of(TemplateEngine.problem("name",
                    "'" + name + "' is not a valid pipeline name: use lowercase letters, digits and _")));
        }
        List<Map<String, Object>> extracts = new ArrayList<>();
        String sql = switch (spec.name()) {
            case "top_n" -> topN(r, table, extracts);
            case "aggregation" -> aggregation(r, table, extracts);
            case "time_series" -> timeSeries(r, table, extracts);
            case "simple_join" -> join(r, table, extracts);
            case "filter_extract" -> filter(r, table, extracts);
            case "comparison" -> comparison(r, table, extracts);
            case "distribution" -> distribution(r, table, extracts);
            default -> throw new IllegalStateException("no renderer for template " + spec.name());
        };
        String format = r.optionalText("format").orElse("csv");
        String output = r.optionalText("output").orElse(outputPath(name, format));

        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("name", name);
        pipeline.put("description", "Generated from template " + spec.name() + ": " + summary(spec, r));
        pipeline.put("extract", extracts);
        Map<String, Object> transform = new LinkedHashMap<>();
        transform.put("id", "result");
        transform.put("engine", "duckdb");
        transform.put("sql", sql);
        pipeline.put("transform", List.of(transform));
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("id", "save");
        load.put("from", "result");
        load.put("to", format);
        load.put("path", output);
        pipeline.put("load", List.of(load));
        return write(pipeline);
    }

    String renderQuery(String name, String sql) {
        if (!NAME.matcher(name).matches()) {
            throw invalid("--name", "'" + name + "' is not a valid pipeline name: use lowercase letters, digits and _");
        }
        String query = sql.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("name", name);
        pipeline.put("description", "Generated from SQL given with --sql");
        pipeline.put("extract", List.of(extract("query", query)));
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("id", "save");
        load.put("from", "query");
        load.put("to", "csv");
        load.put("path", outputPath(name, "csv"));
        pipeline.put("load", List.of(load));
        return write(pipeline);
    }

    private static String write(Map<String, Object> pipeline) {
        try {
            return PipelineParser.MAGIC + "\n" + YAML.writeValueAsString(pipeline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write pipeline YAML", e);
        }
    }

    private String outputPath(String name, String format) {
        String dir = outputDirectory.endsWith("/") ? outputDirectory : outputDirectory + "/";
        return dir + name + "." + format;
    }

    private static String summary(TemplateSpec spec, Resolved r) {
        return spec.template().parameters().stream()
                .filter(p -> r.values().containsKey(p.name()) && !Set.of("format", "output", "name").contains(p.name()))
                .map(p -> p.name() + "=" + r.values().get(p.name()))
                .collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ templates

    private String topN(Resolved r, TableInfo t, List<Map<String, Object>> extracts) {
        String orderBy = r.text("order_by");
        List<String> columns = columnsOrAll(r, t);
        String dir = r.text("direction").toUpperCase(Locale.ROOT);
        List<String> read = union(columns, List.of(orderBy), t.primaryKey());
        String id = stepId(t.name());
        StringBuilder sql = new StringBuilder("SELECT ").append(list(q, read)).append("\nFROM ")
                .append(q.quoteQualified(t.name()))
                // CASE puts NULLs last in every dialect (PostgreSQL sorts them first in DESC order).
                .append("\nORDER BY CASE WHEN ").append(q.quote(orderBy)).append(" IS NULL THEN 1 ELSE 0 END, ")
                .append(q.quote(orderBy)).append(' ').append(dir);
        t.primaryKey().forEach(k -> sql.append(", ").append(q.quote(k)));
        sql.append("\nLIMIT ").append(r.integer("n"));
        extracts.add(extract(id, sql.toString()));
        StringBuilder transform = new StringBuilder("SELECT ").append(list(d, columns)).append("\nFROM ")
                .append(d.quote(id)).append("\nORDER BY ").append(d.quote(orderBy)).append(' ').append(dir)
                .append(" NULLS LAST");
        t.primaryKey().forEach(k -> transform.append(", ").append(d.quote(k)));
        return transform.toString();
    }

    private String aggregation(Resolved r, TableInfo t, List<Map<String, Object>> extracts) {
        String groupBy = r.text("group_by");
        String function = r.text("function");
        String measure = measure(r, t, function);
        String id = stepId(t.name());
        extracts.add(extract(id, "SELECT " + list(q, union(List.of(groupBy), optional(measure))) + "\nFROM "
                + q.quoteQualified(t.name())));
        String alias = alias(function, measure);
        return "SELECT " + d.quote(groupBy) + ", " + aggregate(function, measure) + " AS " + d.quote(alias)
                + "\nFROM " + d.quote(id) + "\nGROUP BY " + d.quote(groupBy)
                + "\nORDER BY " + d.quote(alias) + " DESC NULLS LAST, " + d.quote(groupBy) + " NULLS LAST";
    }

    private String timeSeries(Resolved r, TableInfo t, List<Map<String, Object>> extracts) {
        String date = r.text("date_column");
        ColumnInfo column = column(t, date);
        if (!TEMPORAL.contains(column.type().kind())) {
            throw invalid("date_column", "'" + date + "' is " + column.type() + ", not a date or timestamp; "
                    + "date columns of " + t.name() + ": " + columnsOfKinds(t, TEMPORAL));
        }
        String function = r.text("function");
        String measure = measure(r, t, function);
        String id = stepId(t.name());
        extracts.add(extract(id, "SELECT " + list(q, union(List.of(date), optional(measure))) + "\nFROM "
                + q.quoteQualified(t.name())));
        return "SELECT CAST(date_trunc(" + SqlLiterals.string(d, r.text("interval")) + ", " + d.quote(date)
                + ") AS DATE) AS period, " + aggregate(function, measure) + " AS " + d.quote(alias(function, measure))
                + "\nFROM " + d.quote(id) + "\nWHERE " + d.quote(date) + " IS NOT NULL"
                + "\nGROUP BY period\nORDER BY period";
    }

    private String join(Resolved r, TableInfo t, List<Map<String, Object>> extracts) {
        TableInfo j = r.table("join_table");
        if (j.name().equals(t.name())) {
            throw invalid("join_table", "join " + t.name() + " to another table");
        }
        List<String[]> on = JoinKeys.between(t, j);
        if (on.isEmpty()) {
            throw invalid("join_table", "no foreign key links " + t.name() + " and " + j.name()
                    + ", and neither has a one-column primary key the other has a column of the same name for"
                    + "; tables linked to " + t.name() + ": " + JoinKeys.linkedTables(t));
        }
        List<String> tColumns = names(t);
        List<String> selected = new ArrayList<>();
        List<String> explicit = r.list("columns");
        if (explicit.isEmpty()) {
            tColumns.forEach(c -> selected.add("a." + d.quote(c)));
            names(j).stream().filter(c -> !tColumns.contains(c)).forEach(c -> selected.add("b." + d.quote(c)));
        } else {
            explicit.forEach(c -> selected.add((tColumns.contains(c) ? "a." : "b.") + d.quote(c)));
        }
        String left = stepId(t.name());
        String right = stepId(j.name());
        if (right.equals(left)) {
            right = right + "_2";
        }
        extracts.add(extract(left, "SELECT " + list(q, tColumns) + "\nFROM " + q.quoteQualified(t.name())));
        extracts.add(extract(right, "SELECT " + list(q, names(j)) + "\nFROM " + q.quoteQualified(j.name())));
        String condition = on.stream().map(p -> "a." + d.quote(p[0]) + " = b." + d.quote(p[1]))
                .collect(Collectors.joining(" AND "));
        List<String> order = new ArrayList<>();
        t.primaryKey().forEach(k -> order.add("a." + d.quote(k)));
        j.primaryKey().forEach(k -> order.add("b." + d.quote(k)));
        return "SELECT " + String.join(", ", selected) + "\nFROM " + d.quote(left) + " AS a\nJOIN " + d.quote(right)
                + " AS b ON " + condition + (order.isEmpty() ? "" : "\nORDER BY " + String.join(", ", order));
    }

    private String filter(Resolved r, TableInfo t, List<Map<String, Object>> extracts) {
        String name = r.text("column");
        ColumnInfo column = column(t, name);
        String operator = r.text("operator");
        String value = r.text("value");
        String condition;
        if (operator.equals("contains")) {
            if (column.type().kind() != TypeKind.STRING && column.type().kind() != TypeKind.JSON) {
                throw invalid("operator", "contains needs a text column; '" + name + "' is " + column.type());
            }
            String pattern = "%" + value.toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
                    .replace("_", "!_") + "%";
            condition = "LOWER(" + q.quote(name) + ") LIKE " + literal(q, pattern) + " ESCAPE '!'";
        } else {
            condition = q.quote(name) + " " + (operator.equals("!=") ? "<>" : operator) + " "
                    + typedLiteral("value", column, value);
        }
        List<String> columns = columnsOrAll(r, t);
        List<String> order = t.primaryKey().isEmpty() ? columns : t.primaryKey();
        String id = stepId(t.name());
        extracts.add(extract(id, "SELECT " + list(q, union(columns, order)) + "\nFROM "
                + q.quoteQualified(t.name()) + "\nWHERE " + condition));
        return "SELECT " + list(d, columns) + "\nFROM " + d.quote(id) + "\nORDER BY " + list(d, order);
    }

    private String comparison(Resolved r, TableInfo t, List<Map<String, Object>> extracts) {
        String groupBy = r.text("group_by");
        String measure = r.text("measure");
        requireNumeric(t, "measure", measure);
        ColumnInfo group = column(t, groupBy);
        List<String> literals = new ArrayList<>();
        for (String v : r.text("values").split(",")) {
            if (!v.isBlank()) {
                literals.add(typedLiteral("values", group, v.trim()));
            }
        }
        String id = stepId(t.name());
        extracts.add(extract(id, "SELECT " + list(q, union(List.of(groupBy), List.of(measure))) + "\nFROM "
                + q.quoteQualified(t.name())
                + (literals.isEmpty() ? "" : "\nWHERE " + q.quote(groupBy) + " IN (" + String.join(", ", literals) + ")")));
        String m = d.quote(measure);
        return "SELECT " + d.quote(groupBy) + ",\n  COUNT(" + m + ") AS \"count\""
                + ",\n  ROUND(AVG(CAST(" + m + " AS DOUBLE)), 2) AS " + d.quote("avg_" + measure)
                + ",\n  MIN(" + m + ") AS " + d.quote("min_" + measure)
                + ",\n  MAX(" + m + ") AS " + d.quote("max_" + measure)
                + ",\n  SUM(" + m + ") AS " + d.quote("sum_" + measure)
                + "\nFROM " + d.quote(id) + "\nGROUP BY " + d.quote(groupBy) + "\nORDER BY " + d.quote(groupBy)
                + " NULLS LAST";
    }

    private String distribution(Resolved r, TableInfo t, List<Map<String, Object>> extracts) {
        String name = r.text("column");
        ColumnInfo column = column(t, name);
        String id = stepId(t.name());
        extracts.add(extract(id, "SELECT " + q.quote(name) + "\nFROM " + q.quoteQualified(t.name())));
        String c = d.quote(name);
        if (!NUMERIC.contains(column.type().kind())) {
            return "SELECT " + c + " AS \"value\", COUNT(*) AS \"count\"\nFROM " + d.quote(id)
                    + "\nGROUP BY " + c + "\nORDER BY \"count\" DESC, \"value\" NULLS LAST";
        }
        long n = r.integer("buckets");
        // Equal-width buckets between the minimum and the maximum; the maximum falls in the last one.
        return "WITH v AS (SELECT CAST(" + c + " AS DOUBLE) AS x FROM " + d.quote(id) + " WHERE " + c + " IS NOT NULL),\n"
                + "  r AS (SELECT MIN(x) AS lo, MAX(x) AS hi FROM v),\n"
                + "  b AS (SELECT CASE WHEN r.hi = r.lo THEN 0 ELSE LEAST(CAST(FLOOR((v.x - r.lo) / (r.hi - r.lo) * "
                + n + ") AS INTEGER), " + (n - 1) + ") END AS bucket FROM v, r)\n"
                + "SELECT b.bucket + 1 AS bucket,\n"
                + "  ROUND(r.lo + b.bucket * (r.hi - r.lo) / " + n + ", 4) AS range_start,\n"
                + "  ROUND(r.lo + (b.bucket + 1) * (r.hi - r.lo) / " + n + ", 4) AS range_end,\n"
                + "  COUNT(*) AS \"count\"\n"
                + "FROM b, r\nGROUP BY b.bucket, r.lo, r.hi\nORDER BY bucket";
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> extract(String id, String query) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", id);
        step.put("source", source.type());
        if (source.isFile()) {
            step.put("path", source.path());
        } else {
            step.put("connection", source.connection());
        }
        step.put("query", query);
        return step;
    }

    private String measure(Resolved r, TableInfo t, String function) {
        String measure = r.text("measure");
        if (measure.isEmpty()) {
            if (!function.equals("count")) {
                throw invalid("measure", "the " + function + " needs a measure column; numeric columns of "
                        + t.name() + ": " + columnsOfKinds(t, NUMERIC));
            }
            return "";
        }
        if (function.equals("sum") || function.equals("avg")) {
            requireNumeric(t, "measure", measure);
        }
        return measure;
    }

    private String aggregate(String function, String measure) {
        if (measure.isEmpty()) {
            return "COUNT(*)";
        }
        String m = d.quote(measure);
        return switch (function) {
            case "count" -> "COUNT(" + m + ")";
            case "avg" -> "ROUND(AVG(CAST(" + m + " AS DOUBLE)), 2)";
            default -> function.toUpperCase(Locale.ROOT) + "(" + m + ")";
        };
    }

    private static String alias(String function, String measure) {
        return measure.isEmpty() ? "count" : function + "_" + measure;
    }

    private void requireNumeric(TableInfo t, String parameter, String name) {
        ColumnInfo column = column(t, name);
        if (!NUMERIC.contains(column.type().kind())) {
            throw invalid(parameter, "'" + name + "' is " + column.type() + ", not a number; numeric columns of "
                    + t.name() + ": " + columnsOfKinds(t, NUMERIC));
        }
    }

    /** A value as a literal of its column's type: numbers parsed, dates parsed, text escaped. */
    private String typedLiteral(String parameter, ColumnInfo column, String value) {
        TypeKind kind = column.type().kind();
        try {
            if (NUMERIC.contains(kind)) {
                return SqlLiterals.number(new BigDecimal(value.trim()));
            }
            if (kind == TypeKind.BOOLEAN) {
                return switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> "TRUE";
                    case "false", "no", "0" -> "FALSE";
                    default -> throw new IllegalArgumentException("not a boolean");
                };
            }
            if (kind == TypeKind.DATE) {
                return SqlLiterals.date(LocalDate.parse(value.trim()));
            }
            if (kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMP_TZ) {
                String v = value.trim();
                return SqlLiterals.timestamp(v.length() == 10 ? LocalDate.parse(v).atStartOfDay()
                        : LocalDateTime.parse(v.replace(' ', 'T')));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(parameter, "'" + value + "' is not a value of " + column.name() + " (" + column.type() + ")");
        } catch (IllegalArgumentException e) {
            throw invalid(parameter, "'" + value + "' is not a value of " + column.name() + " (" + column.type()
                    + "): " + e.getMessage());
        }
        return literal(q, value);
    }

    private static String literal(SqlDialect dialect, String value) {
        try {
            return SqlLiterals.string(dialect, value);
        } catch (IllegalArgumentException e) {
            throw invalid("value", e.getMessage());
        }
    }

    private static List<String> columnsOrAll(Resolved r, TableInfo t) {
        List<String> columns = r.list("columns");
        return columns.isEmpty() ? names(t) : columns;
    }

    private static List<String> names(TableInfo t) {
        return t.columns().stream().map(ColumnInfo::name).toList();
    }

    private static ColumnInfo column(TableInfo t, String name) {
        return t.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("checked column " + name + " vanished"));
    }

    private static String columnsOfKinds(TableInfo t, Set<TypeKind> kinds) {
        List<String> names = t.columns().stream().filter(c -> kinds.contains(c.type().kind())).map(ColumnInfo::name)
                .toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static List<String> optional(String column) {
        return column.isEmpty() ? List.of() : List.of(column);
    }

    @SafeVarargs
    private static List<String> union(List<String>... lists) {
        Set<String> all = new LinkedHashSet<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }

    private static String list(SqlDialect dialect, List<String> columns) {
        return columns.stream().map(dialect::quote).collect(Collectors.joining(", "));
    }

    /** A valid step id for a table: lowercase letters, digits and _, not a reserved word. */
    static String stepId(String table) {
        String bare = table.contains(".") ? table.substring(table.lastIndexOf('.') + 1) : table;
        String id = bare.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (id.isEmpty() || !Character.isLetter(id.charAt(0)) && id.charAt(0) != '_') {
            id = "t_" + id;
        }
        if (id.length() > 50) {
            id = id.substring(0, 50);
        }
        // The parser refuses SQL keywords as ids; "result" is the id of the template's own transform.
        return PipelineParser.isReservedWord(id) || id.equals("result") ? id + "_rows" : id;
    }

    private static ValidationException invalid(String parameter, String message) {
        return new ValidationException(List.of(new Problem("", parameter, 0, message)));
    }
}
