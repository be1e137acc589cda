package io.osiris.core.template;

import static io.osiris.core.template.SchemaMentions.NUMERIC;
import static io.osiris.core.template.SchemaMentions.TEMPORAL;

import io.osiris.api.connector.TableInfo;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.TypeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Fills each template's parameters from what a sentence says about the schema. */
final class ParameterFiller {
    private static final Set<String> FILLER_WORDS = Set.of("than", "least", "most", "to", "the", "a", "an", "of",
            "equal");

    private ParameterFiller() {
    }

    /** The parameters of {@code template} the sentence gives, in no particular order. */
    static Map<String, Object> fill(String template, SchemaMentions c) {
        Map<String, Object> p = new LinkedHashMap<>();
        Sentence s = c.sentence();
        switch (template) {
            case "top_n" -> {
                Optional<String> orderBy = c.columnAfter(Vocabulary.GROUP_WORDS).or(() -> c.firstColumn(NUMERIC));
                orderBy.ifPresent(v -> p.put("order_by", v));
                s.firstInteger().ifPresent(n -> p.put("n", n));
                if (Vocabulary.isAscending(s)) {
                    p.put("direction", "asc");
                }
            }
            case "aggregation" -> {
                String function = Vocabulary.function(s);
                p.put("function", function);
                Optional<String> groupBy = c.columnAfter(Vocabulary.GROUP_WORDS);
                groupBy.ifPresent(v -> p.put("group_by", v));
                Optional<String> measure = c.columns().stream().filter(m -> !Optional.of(m).equals(groupBy))
                        .filter(m -> c.isKind(m, NUMERIC)).findFirst();
                if (groupBy.isEmpty()) {
                    c.columns().stream().filter(m -> !measure.equals(Optional.of(m))).findFirst()
                            .ifPresent(v -> p.put("group_by", v));
                }
                if (!function.equals("count")) {
                    measure.ifPresent(v -> p.put("measure", v));
                }
            }
            case "time_series" -> {
                Optional<String> date = c.firstColumn(TEMPORAL).or(c::onlyTemporalColumn);
                date.ifPresent(v -> p.put("date_column", v));
                p.put("interval", Vocabulary.interval(s));
                String function = Vocabulary.function(s);
                p.put("function", function);
                if (!function.equals("count")) {
                    c.columns().stream().filter(m -> c.isKind(m, NUMERIC)).findFirst()
                            .ifPresent(v -> p.put("measure", v));
                }
            }
            case "simple_join" -> {
                List<String> tables = c.tables();
                if (tables.size() >= 2) {
                    p.put("join_table", tables.get(1));
                }
            }
            case "filter_extract" -> fillFilter(c, p);
            case "comparison" -> fillComparison(c, p);
            case "distribution" -> {
                c.columnAfter(Set.of("of", "by")).or(() -> c.columns().stream().findFirst())
                        .ifPresent(v -> p.put("column", v));
                s.firstInteger().ifPresent(n -> p.put("buckets", n));
            }
            default -> {
            }
        }
        return p;
    }

    private static void fillComparison(SchemaMentions c, Map<String, Object> p) {
        List<String> values = new ArrayList<>(c.sentence().quoted());
        String group = null;
        if (c.info().isPresent()) {
            TableInfo info = c.info().get();
            for (ColumnInfo col : info.columns()) {
                if (col.type().kind() != TypeKind.STRING) {
                    continue;
                }
                int index = info.columns().indexOf(col);
                Set<String> seen = new LinkedHashSet<>();
                for (List<Object> row : info.sampleRows()) {
                    Object v = row.get(index);
                    if (v != null && c.sentence().containsPhrase(v.toString())) {
                        seen.add(v.toString());
                    }
                }
                if (!seen.isEmpty() && group == null) {
                    group = col.name();
                    values.addAll(seen);
                }
            }
        }
        Optional<String> measure = c.columns().stream().filter(m -> c.isKind(m, NUMERIC)).findFirst();
        if (group == null) {
            group = c.columns().stream().filter(m -> !c.isKind(m, NUMERIC)).findFirst().orElse(null);
        }
        if (group != null) {
            p.put("group_by", group);
        }
        measure.ifPresent(v -> p.put("measure", v));
        if (!values.isEmpty()) {
            p.put("values", String.join(",", new LinkedHashSet<>(values)));
        }
    }

    private static void fillFilter(SchemaMentions c, Map<String, Object> p) {
        List<String> tokens = c.sentence().tokens();
        int opAt = -1;
        String operator = null;
        for (int i = 0; i < tokens.size() && operator == null; i++) {
            operator = operator(tokens, i);
            if (operator != null) {
                opAt = i;
            }
        }
        if (operator == null) {
            return;
        }
        p.put("operator", operator);
        int at = opAt;
        // The column: the mention nearest before the operator, else the first one.
        Optional<String> column = c.columnBefore(at).or(() -> c.columns().stream().findFirst());
        // The value: a quoted string, else the first token after the operator that is not a filler word.
        Optional<String> value = c.sentence().quoted().stream().findFirst();
        if (value.isEmpty()) {
            for (int i = at + 1; i < tokens.size(); i++) {
                if (!FILLER_WORDS.contains(tokens.get(i))) {
                    value = Optional.of(c.sentence().original(i));
                    break;
                }
            }
        }
        if (column.isEmpty() && value.isPresent() && value.get().matches("\\d{4}")) {
            column = c.firstColumn(Set.of(TypeKind.INTEGER, TypeKind.SMALLINT));
        }
        column.ifPresent(v -> p.put("column", v));
        value.ifPresent(v -> p.put("value", v));
    }

    /** The comparison token {@code i} says ("above", "at least", "more than"), or null. */
    private static String operator(List<String> tokens, int i) {
        String t = tokens.get(i);
        String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
        return switch (t) {
            case ">", "above", "over", "after", "since", "exceeding" -> ">";
            case "<", "below", "under", "before" -> "<";
            case ">=" -> ">=";
            case "<=" -> "<=";
            case "=", "equals", "equal" -> "=";
            case "!=", "<>" -> "!=";
            case "contains", "containing", "like" -> "contains";
            case "greater", "more", "higher" -> next.equals("than") ? ">" : null;
            case "less", "fewer", "lower" -> next.equals("than") ? "<" : null;
            case "least" -> i > 0 && tokens.get(i - 1).equals("at") ? ">=" : null;
            case "most" -> i > 0 && tokens.get(i - 1).equals("at") ? "<=" : null;
            case "is", "in", "from" -> "=";
            default -> null;
        };
    }
}
