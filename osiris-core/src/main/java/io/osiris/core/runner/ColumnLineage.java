package io.osiris.core.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.data.RowSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which output columns of a transform are plain references to a column of a step it reads,
 * from DuckDB's own syntax tree of its SELECT ({@code json_serialize_sql}): {@code SELECT a,
 * t.b AS c, * EXCLUDE (d) FROM t JOIN u ...}. Only a SELECT over steps (joined or not, no CTE,
 * no subquery, no set operation) is read; anything else has no lineage and its columns keep what
 * the engine says. The columns found must be the engine's own, in number and name, or none is
 * taken: the engine's describe is the check that the reading is sound.
 */
final class ColumnLineage {
    private static final Set<String> SPREADING = Set.of("unnest", "unlist");

    /**
     * Where an output column comes from.
     *
     * @param step        the step read
     * @param column      its column, as the step spells it
     * @param outerJoined whether it is on the NULL-filled side of an outer join
     */
    record Source(String step, String column, boolean outerJoined) {
    }

    /**
     * The lineage of every output column.
     *
     * @param columns   per output column, its source, or empty when computed
     * @param keepsRows the transform reads one step and yields a subset of its rows (filtered,
     *                  ordered, limited, distinct), so a key of that step is a key of its output
     */
    record Lineage(List<Optional<Source>> columns, boolean keepsRows) {
    }

    private record Input(String step, boolean outerJoined) {
    }

    private final Map<String, String> steps;
    private final Function<String, RowSchema> schemaOf;
    private final Map<String, Input> inputs = new HashMap<>();
    private final List<Input> order = new ArrayList<>();

    private ColumnLineage(Map<String, String> steps, Function<String, RowSchema> schemaOf) {
        this.steps = steps;
        this.schemaOf = schemaOf;
    }

    /**
     * The lineage of a SELECT's output columns.
     *
     * @param select   DuckDB's tree of the SELECT ({@code statements[0].node})
     * @param output   the columns the engine made of it
     * @param steps    the steps a transform may read, by lower-case id
     * @param schemaOf the engine's columns of a step
     */
    static Optional<Lineage> of(JsonNode select, RowSchema output, Map<String, String> steps,
            Function<String, RowSchema> schemaOf) {
        return new ColumnLineage(steps, schemaOf).read(select, output);
    }

    private Optional<Lineage> read(JsonNode node, RowSchema output) {
        if (!node.path("type").asText().equals("SELECT_NODE") || node.path("cte_map").path("map").size() > 0
                || !from(node.path("from_table"), false)) {
            return Optional.empty();
        }
        List<Optional<Source>> columns = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode item : node.path("select_list")) {
            if (!item(item, columns, names)) {
                return Optional.empty();
            }
        }
        if (columns.size() != output.size()) {
            return Optional.empty();
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).isPresent() && !names.get(i).equalsIgnoreCase(output.column(i).name())) {
                return Optional.empty();
            }
        }
        boolean keepsRows = order.size() == 1 && node.path("from_table").path("type").asText().equals("BASE_TABLE")
                && node.path("group_expressions").isEmpty() && node.path("group_sets").isEmpty()
                && node.path("having").isNull() && node.path("aggregate_handling").asText().equals("STANDARD_HANDLING")
                && !spreads(node.path("select_list"));
        return Optional.of(new Lineage(columns, keepsRows));
    }

    /** Reads the FROM clause: steps, joined inner or outer; false for anything else. */
    private boolean from(JsonNode table, boolean outerJoined) {
        switch (table.path("type").asText()) {
            case "BASE_TABLE" -> {
                String schema = table.path("schema_name").asText("");
                String step = steps.get(table.path("table_name").asText("").toLowerCase(Locale.ROOT));
                if (step == null || !table.path("catalog_name").asText("").isEmpty()
                        || !schema.isEmpty() && !schema.equalsIgnoreCase("main")
                        || table.path("column_name_alias").size() > 0) {
                    return false;
                }
                String alias = table.path("alias").asText("");
                Input input = new Input(step, outerJoined);
                inputs.put((alias.isEmpty() ? step : alias).toLowerCase(Locale.ROOT), input);
                order.add(input);
                return true;
            }
            case "JOIN" -> {
                String type = table.path("join_type").asText();
                String ref = table.path("ref_type").asText();
                if (!Set.of("INNER", "LEFT", "RIGHT", "OUTER").contains(type) || !Set.of("REGULAR", "CROSS").contains(ref)
                        || table.path("using_columns").size() > 0 && !type.equals("INNER")) {
                    return false;
                }
                return from(table.path("left"), outerJoined || type.equals("RIGHT") || type.equals("OUTER"))
                        && from(table.path("right"), outerJoined || type.equals("LEFT") || type.equals("OUTER"));
            }
            default -> {
                return false;
            }
        }
    }

    /** Adds the output columns of one select item; false when it cannot be read (a STAR of many steps). */
    private boolean item(JsonNode item, List<Optional<Source>> columns, List<String> names) {
        String alias = item.path("alias").asText("");
        switch (item.path("class").asText()) {
            case "COLUMN_REF" -> {
                JsonNode parts = item.path("column_names");
                Optional<Source> source = parts.size() == 1 ? unqualified(parts.get(0).asText())
                        : parts.size() == 2 ? qualified(parts.get(0).asText(), parts.get(1).asText())
                        : Optional.empty();
                columns.add(source);
                names.add(alias.isEmpty() ? parts.get(parts.size() - 1).asText() : alias);
                return true;
            }
            case "STAR" -> {
                String relation = item.path("relation_name").asText("");
                Input input = relation.isEmpty() ? (order.size() == 1 ? order.get(0) : null)
                        : inputs.get(relation.toLowerCase(Locale.ROOT));
                if (input == null || item.path("columns").asBoolean(false) || !item.path("expr").isNull()
                        || item.path("replace_list").size() > 0 || item.path("rename_list").size() > 0
                        || item.path("qualified_exclude_list").size() > 0) {
                    return false;
                }
                List<String> excluded = new ArrayList<>();
                item.path("exclude_list").forEach(e -> excluded.add(e.asText().toLowerCase(Locale.ROOT)));
                for (String column : schemaOf.apply(input.step()).names()) {
                    if (!excluded.contains(column.toLowerCase(Locale.ROOT))) {
                        columns.add(Optional.of(new Source(input.step(), column, input.outerJoined())));
                        names.add(column);
                    }
                }
                return true;
            }
            default -> {
                columns.add(Optional.empty());
                names.add(alias);
                return true;
            }
        }
    }

    private Optional<Source> unqualified(String column) {
        List<Source> found = new ArrayList<>();
        for (Input input : order) {
            column(input, column).ifPresent(found::add);
        }
        // Two steps with the column: DuckDB refuses it, or a USING join merged them.
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    private Optional<Source> qualified(String relation, String column) {
        Input input = inputs.get(relation.toLowerCase(Locale.ROOT));
        return input == null ? Optional.empty() : column(input, column);
    }

    private Optional<Source> column(Input input, String column) {
        return schemaOf.apply(input.step()).names().stream().filter(n -> n.equalsIgnoreCase(column)).findFirst()
                .map(n -> new Source(input.step(), n, input.outerJoined()));
    }

    /** Whether a select list calls a function that makes several rows of one (UNNEST). */
    private static boolean spreads(JsonNode node) {
        if (node.isObject() && node.path("class").asText().equals("FUNCTION")
                && SPREADING.contains(node.path("function_name").asText().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (JsonNode child : node) {
            if (spreads(child)) {
                return true;
            }
        }
        return false;
    }
}
