package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.Suggestions;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.Check;
import io.osiris.core.sql.SqlSafety;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the {@code checks:} list of a step: each item a mapping of one kind ({@code row_count},
 * {@code not_null}, {@code unique}, {@code accepted_values}, {@code sql}) in the shape that kind
 * takes. The SQL of custom checks is kept until every step is read, then checked: one read-only
 * DuckDB SELECT that reads only the pipeline's extract and transform tables.
 */
final class CheckReader {
    /** The kinds of check, in the order the docs list them. */
    static final List<String> KINDS = List.of("row_count", "not_null", "unique", "accepted_values", "sql");
    private static final Set<String> ROW_COUNT_KEYS = Set.of("min", "max");
    private static final String ONLY_STEPS = "a check reads only the pipeline's extracts and transforms, by their"
            + " ids";

    private record PendingSql(String path, String sql) {
    }

    private final NodeReader reader;
    private final List<PendingSql> sql = new ArrayList<>();

    CheckReader(NodeReader reader) {
        this.reader = reader;
    }

    /**
     * The checks of the step at {@code path}; empty when it has none. {@code knownColumns}
     * are the step's columns when the file says them (a table read with {@code columns}),
     * else empty, and a check naming another column is a problem.
     */
    List<Check> read(JsonNode step, String path, List<String> knownColumns) {
        JsonNode list = step.get("checks");
        String at = path + ".checks";
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            reader.problem(at, "'checks' is a list, each item one check: " + String.join(", ", KINDS));
            return List.of();
        }
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String item = at + "[" + i + "]";
            JsonNode node = list.get(i);
            if (!node.isObject() || node.size() != 1) {
                reader.problem(item, "a check is a mapping with one key, its kind: " + String.join(", ", KINDS)
                        + " (e.g. '- unique: [id]')");
                continue;
            }
            Map.Entry<String, JsonNode> entry = node.fields().next();
            String kind = entry.getKey();
            if (!KINDS.contains(kind)) {
                reader.problem(item + "." + kind, "unknown check '" + kind + "'" + Suggestions.didYouMean(kind,
                        KINDS) + "; checks: " + String.join(", ", KINDS));
                continue;
            }
            List<Check> read = one(kind, entry.getValue(), item + "." + kind);
            for (Check c : read) {
                knownColumn(c, item + "." + kind, knownColumns);
            }
            checks.addAll(read);
        }
        return checks;
    }

    private List<Check> one(String kind, JsonNode value, String path) {
        return switch (kind) {
            case "row_count" -> rowCount(value, path);
            case "not_null", "unique" -> {
                List<String> columns = columns(value, path, kind);
                yield columns.isEmpty() ? List.of()
                        : List.of(kind.equals("unique") ? new Check.Unique(columns) : new Check.NotNull(columns));
            }
            case "accepted_values" -> acceptedValues(value, path);
            default -> sql(value, path);
        };
    }

    private List<Check> rowCount(JsonNode value, String path) {
        if (!value.isObject() || value.isEmpty()) {
            reader.problem(path, "row_count takes 'min' and/or 'max', e.g. '- row_count: {min: 1}'");
            return List.of();
        }
        reader.unknownKeys(value, path, ROW_COUNT_KEYS);
        long min = value.has("min") ? count(value, "min", path) : 0;
        long max = value.has("max") ? count(value, "max", path) : Long.MAX_VALUE;
        if (min < 0 || max < 0) {
            return List.of();
        }
        if (max < min) {
            reader.problem(path + ".max", "max (" + max + ") is below min (" + min + ")");
            return List.of();
        }
        return List.of(new Check.RowCount(min, max));
    }

    private long count(JsonNode value, String key, String path) {
        JsonNode n = value.get(key);
        // The document holds scalars as text; a count is its digits.
        if (n.isValueNode() && n.asText().strip().matches("[0-9]{1,18}")) {
            return Long.parseLong(n.asText().strip());
        }
        reader.problem(path + "." + key, "'" + key + "' must be a whole number >= 0, not '" + n.asText() + "'");
        return -1;
    }

    private List<String> columns(JsonNode value, String path, String kind) {
        List<String> columns = new ArrayList<>();
        if (value.isTextual() && !value.asText().isBlank()) {
            columns.add(value.asText());
        } else if (value.isArray() && !value.isEmpty()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode c = value.get(i);
                if (c.isTextual() && !c.asText().isBlank()) {
                    columns.add(c.asText());
                } else {
                    reader.problem(path + "[" + i + "]", "expected a column name");
                }
            }
        } else {
            reader.problem(path, kind + " takes the column names to check, e.g. '- " + kind + ": [id]'");
        }
        return columns;
    }

    private List<Check> acceptedValues(JsonNode value, String path) {
        if (!value.isObject() || value.isEmpty()) {
            reader.problem(path, "accepted_values maps a column to the values it may hold, e.g."
                    + " '- accepted_values: {status: [open, closed]}'");
            return List.of();
        }
        List<Check> checks = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String at = NodeReader.join(path, f.getKey());
            JsonNode list = f.getValue();
            if (!list.isArray() || list.isEmpty()) {
                reader.problem(at, "the values '" + f.getKey() + "' may hold, as a list: [a, b]");
                continue;
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).isValueNode() && !list.get(i).isNull()) {
                    values.add(list.get(i).asText());
                } else {
                    reader.problem(at + "[" + i + "]", "expected a value (text or number); NULLs always pass,"
                            + " use not_null to refuse them");
                }
            }
            checks.add(new Check.AcceptedValues(f.getKey(), values));
        }
        return checks;
    }

    private List<Check> sql(JsonNode value, String path) {
        if (!value.isTextual() || value.asText().isBlank()) {
            reader.problem(path, "a sql check is one SELECT returning the rows that break the rule; it passes"
                    + " when it returns none");
            return List.of();
        }
        String text = NodeReader.stripSemicolon(value.asText());
        sql.add(new PendingSql(path, text));
        return List.of(new Check.Sql(text));
    }

    private void knownColumn(Check check, String path, List<String> known) {
        if (known.isEmpty()) {
            return;
        }
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(known);
        for (String column : check.columns()) {
            if (!names.contains(column)) {
                reader.problem(path, check.describe() + ": the step has no column '" + column + "'; its columns: "
                        + String.join(", ", known));
            }
        }
    }

    /**
     * Checks the SQL of every custom check read: DuckDB's safety rules, one SELECT, and only
     * the {@code steps} (extract and transform ids) as tables: no file, no catalog.
     */
    void checkSql(Set<String> steps) {
        if (sql.isEmpty()) {
            return;
        }
        SqlSafety safety = SqlSafety.forDialect(SqlDialect.DUCKDB);
        try (TransformSql parser = new TransformSql()) {
            for (PendingSql p : sql) {
                var refused = safety.refusal(p.sql());
                if (refused.isPresent()) {
                    reader.problem(p.path(), "refused SQL: " + refused.get());
                    continue;
                }
                TransformSql.Parsed parsed = parser.parse(p.sql());
                if (parsed.error().isPresent()) {
                    reader.problem(p.path(), "DuckDB cannot run this SQL: " + parsed.error().get());
                    continue;
                }
                for (String read : parsed.outside()) {
                    reader.problem(p.path(), "reads " + read + ", which is not a step; " + ONLY_STEPS);
                }
                for (String table : parsed.tables()) {
                    if (!steps.contains(table.toLowerCase(Locale.ROOT))) {
                        reader.problem(p.path(), "reads '" + table + "', which is not a step; " + ONLY_STEPS
                                + (steps.isEmpty() ? "" : ": " + String.join(", ", new TreeSet<>(steps))));
                    }
                }
            }
        }
    }
}
