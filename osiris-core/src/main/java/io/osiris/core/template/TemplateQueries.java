package io.osiris.core.template;

import static io.osiris.core.template.PipelineYaml.stepId;
import static io.osiris.core.template.SqlQuoting.NUMERIC;
import static io.osiris.core.template.SqlQuoting.TEMPORAL;
import static io.osiris.core.template.SqlQuoting.column;
import static io.osiris.core.template.SqlQuoting.columnsOfKinds;
import static io.osiris.core.template.SqlQuoting.columnsOrAll;
import static io.osiris.core.template.SqlQuoting.invalid;
import static io.osiris.core.template.SqlQuoting.list;
import static io.osiris.core.template.SqlQuoting.names;
import static io.osiris.core.template.SqlQuoting.optional;
import static io.osiris.core.template.SqlQuoting.requireNumeric;
import static io.osiris.core.template.SqlQuoting.union;

import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.TypeKind;
import io.osiris.core.sql.SqlLiterals;
import io.osiris.core.template.TemplateEngine.Resolved;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The SQL of each template: the extract queries in the source's dialect (reading only the
 * columns needed, filters pushed down) and the one DuckDB transform that shapes the rows
 * (ordering, grouping, joining, bucketing), so a template gives the same rows whatever the
 * source. Each method adds its extracts (step id to query) and returns the transform's SQL.
 */
final class TemplateQueries {
    private final SqlDialect q;
    private final SqlDialect d = SqlDialect.DUCKDB;

    TemplateQueries(SqlDialect sourceDialect) {
        this.q = sourceDialect;
    }

    /** The transform SQL of template {@code name}; its extracts go into {@code extracts}. */
    String sql(String name, Resolved r, TableInfo table, Map<String, String> extracts) {
        return switch (name) {
            case "top_n" -> topN(r, table, extracts);
            case "aggregation" -> aggregation(r, table, extracts);
            case "time_series" -> timeSeries(r, table, extracts);
            case "simple_join" -> join(r, table, extracts);
            case "filter_extract" -> filter(r, table, extracts);
            case "comparison" -> comparison(r, table, extracts);
            case "distribution" -> distribution(r, table, extracts);
            default -> throw new IllegalStateException("no renderer for template " + name);
        };
    }

    private String topN(Resolved r, TableInfo t, Map<String, String> extracts) {
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
        extracts.put(id, sql.toString());
        StringBuilder transform = new StringBuilder("SELECT ").append(list(d, columns)).append("\nFROM ")
                .append(d.quote(id)).append("\nORDER BY ").append(d.quote(orderBy)).append(' ').append(dir)
                .append(" NULLS LAST");
        t.primaryKey().forEach(k -> transform.append(", ").append(d.quote(k)));
        return transform.toString();
    }

    private String aggregation(Resolved r, TableInfo t, Map<String, String> extracts) {
        String groupBy = r.text("group_by");
        String function = r.text("function");
        String measure = measure(r, t, function);
        String id = stepId(t.name());
        extracts.put(id, "SELECT " + list(q, union(List.of(groupBy), optional(measure))) + "\nFROM "
                + q.quoteQualified(t.name()));
        String alias = alias(function, measure);
        return "SELECT " + d.quote(groupBy) + ", " + aggregate(function, measure) + " AS " + d.quote(alias)
                + "\nFROM " + d.quote(id) + "\nGROUP BY " + d.quote(groupBy)
                + "\nORDER BY " + d.quote(alias) + " DESC NULLS LAST, " + d.quote(groupBy) + " NULLS LAST";
    }

    private String timeSeries(Resolved r, TableInfo t, Map<String, String> extracts) {
        String date = r.text("date_column");
        ColumnInfo column = column(t, date);
        if (!TEMPORAL.contains(column.type().kind())) {
            throw invalid("date_column", "'" + date + "' is " + column.type() + ", not a date or timestamp; "
                    + "date columns of " + t.name() + ": " + columnsOfKinds(t, TEMPORAL));
        }
        String function = r.text("function");
        String measure = measure(r, t, function);
        String id = stepId(t.name());
        extracts.put(id, "SELECT " + list(q, union(List.of(date), optional(measure))) + "\nFROM "
                + q.quoteQualified(t.name()));
        return "SELECT CAST(date_trunc(" + SqlLiterals.string(d, r.text("interval")) + ", " + d.quote(date)
                + ") AS DATE) AS period, " + aggregate(function, measure) + " AS " + d.quote(alias(function, measure))
                + "\nFROM " + d.quote(id) + "\nWHERE " + d.quote(date) + " IS NOT NULL"
                + "\nGROUP BY period\nORDER BY period";
    }

    private String join(Resolved r, TableInfo t, Map<String, String> extracts) {
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
        extracts.put(left, "SELECT " + list(q, tColumns) + "\nFROM " + q.quoteQualified(t.name()));
        extracts.put(right, "SELECT " + list(q, names(j)) + "\nFROM " + q.quoteQualified(j.name()));
        String condition = on.stream().map(p -> "a." + d.quote(p[0]) + " = b." + d.quote(p[1]))
                .collect(Collectors.joining(" AND "));
        List<String> order = new ArrayList<>();
        t.primaryKey().forEach(k -> order.add("a." + d.quote(k)));
        j.primaryKey().forEach(k -> order.add("b." + d.quote(k)));
        return "SELECT " + String.join(", ", selected) + "\nFROM " + d.quote(left) + " AS a\nJOIN " + d.quote(right)
                + " AS b ON " + condition + (order.isEmpty() ? "" : "\nORDER BY " + String.join(", ", order));
    }

    private String filter(Resolved r, TableInfo t, Map<String, String> extracts) {
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
            condition = "LOWER(" + q.quote(name) + ") LIKE " + SqlQuoting.literal(q, pattern) + " ESCAPE '!'";
        } else {
            condition = q.quote(name) + " " + (operator.equals("!=") ? "<>" : operator) + " "
                    + SqlQuoting.typedLiteral(q, "value", column, value);
        }
        List<String> columns = columnsOrAll(r, t);
        List<String> order = t.primaryKey().isEmpty() ? columns : t.primaryKey();
        String id = stepId(t.name());
        extracts.put(id, "SELECT " + list(q, union(columns, order)) + "\nFROM "
                + q.quoteQualified(t.name()) + "\nWHERE " + condition);
        return "SELECT " + list(d, columns) + "\nFROM " + d.quote(id) + "\nORDER BY " + list(d, order);
    }

    private String comparison(Resolved r, TableInfo t, Map<String, String> extracts) {
        String groupBy = r.text("group_by");
        String measure = r.text("measure");
        requireNumeric(t, "measure", measure);
        ColumnInfo group = column(t, groupBy);
        List<String> literals = new ArrayList<>();
        for (String v : r.text("values").split(",")) {
            if (!v.isBlank()) {
                literals.add(SqlQuoting.typedLiteral(q, "values", group, v.trim()));
            }
        }
        String id = stepId(t.name());
        extracts.put(id, "SELECT " + list(q, union(List.of(groupBy), List.of(measure))) + "\nFROM "
                + q.quoteQualified(t.name())
                + (literals.isEmpty() ? "" : "\nWHERE " + q.quote(groupBy) + " IN (" + String.join(", ", literals) + ")"));
        String m = d.quote(measure);
        return "SELECT " + d.quote(groupBy) + ",\n  COUNT(" + m + ") AS \"count\""
                + ",\n  ROUND(AVG(CAST(" + m + " AS DOUBLE)), 2) AS " + d.quote("avg_" + measure)
                + ",\n  MIN(" + m + ") AS " + d.quote("min_" + measure)
                + ",\n  MAX(" + m + ") AS " + d.quote("max_" + measure)
                + ",\n  SUM(" + m + ") AS " + d.quote("sum_" + measure)
                + "\nFROM " + d.quote(id) + "\nGROUP BY " + d.quote(groupBy) + "\nORDER BY " + d.quote(groupBy)
                + " NULLS LAST";
    }

    private String distribution(Resolved r, TableInfo t, Map<String, String> extracts) {
        String name = r.text("column");
        ColumnInfo column = column(t, name);
        String id = stepId(t.name());
        extracts.put(id, "SELECT " + q.quote(name) + "\nFROM " + q.quoteQualified(t.name()));
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
}
