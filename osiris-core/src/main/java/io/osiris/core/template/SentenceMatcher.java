package io.osiris.core.template;

import io.osiris.api.connector.TableInfo;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.TypeKind;
import io.osiris.api.template.Template;
import io.osiris.api.template.TemplateMatch;
import io.osiris.core.discovery.DiscoveryService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches a sentence against the templates without an LLM: keywords choose candidate
 * templates, the discovered schema (table and column names, split at {@code _}, compared after
 * light stemming, plus a few synonyms such as "gross" for box office) fills their parameters,
 * and the template whose keywords and filled parameters fit best wins.
 */
final class SentenceMatcher {
    private static final Pattern TOKEN = Pattern.compile(
            "(?<![\\p{L}\\p{N}])\"([^\"]*)\"|(?<![\\p{L}\\p{N}])'([^']*)'|>=|<=|!=|<>|[<>=]"
                    + "|\\d+(?:\\.\\d+)?|[\\p{L}\\p{N}]+(?:[-_'][\\p{L}\\p{N}]+)*");
    /** Trailing name parts that are units, not meaning: box_office_musd is "box office". */
    private static final Set<String> UNITS = Set.of("musd", "usd", "eur", "minutes", "mins", "min", "secs",
            "seconds", "pct", "percent", "kg", "km", "cents");
    /** Words that stand for name parts: a sentence says "grossing", the column says box_office. */
    private static final Map<String, List<String>> SYNONYMS = synonyms();
    private static final Set<String> ASCENDING = Set.of("lowest", "least", "bottom", "worst", "smallest", "shortest",
            "cheapest", "fewest", "oldest", "earliest", "ascending", "asc");
    private static final Set<String> GROUP_WORDS = Set.of("by", "per", "each", "across", "every");
    private static final Set<TypeKind> NUMERIC = Set.of(TypeKind.SMALLINT, TypeKind.INTEGER, TypeKind.BIGINT,
            TypeKind.REAL, TypeKind.DOUBLE, TypeKind.DECIMAL);
    private static final Set<TypeKind> TEMPORAL = Set.of(TypeKind.DATE, TypeKind.TIMESTAMP, TypeKind.TIMESTAMP_TZ);

    private final List<TemplateSpec> specs;
    private final DiscoveryService discovery;

    SentenceMatcher(List<TemplateSpec> specs, DiscoveryService discovery) {
        this.specs = specs;
        this.discovery = discovery;
    }

    Optional<TemplateMatch> match(String sentence) {
        Sentence s = Sentence.parse(sentence);
        if (s.tokens.isEmpty()) {
            return Optional.empty();
        }
        List<TableSummary> summaries = discovery.listTables();
        List<Mention> tableMentions = new ArrayList<>();
        for (TableSummary t : summaries) {
            String bare = t.name().contains(".") ? t.name().substring(t.name().lastIndexOf('.') + 1) : t.name();
            s.find(parts(bare, false)).ifPresent(at -> tableMentions.add(new Mention(t.name(), "", at[0], at[1])));
        }
        tableMentions.sort(Comparator.comparingInt(Mention::start));
        // Columns are looked for in the tables the sentence names, else in every table.
        List<String> candidates = tableMentions.isEmpty() ? summaries.stream().map(TableSummary::name).toList()
                : tableMentions.stream().map(Mention::table).distinct().toList();
        List<TableInfo> infos = discovery.describeAll(candidates, false);
        List<Mention> columnMentions = new ArrayList<>();
        for (TableInfo info : infos) {
            for (ColumnInfo c : info.columns()) {
                List<String> parts = parts(c.name(), true);
                for (int[] at : s.findAll(parts)) {
                    columnMentions.add(new Mention(info.name(), c.name(), at[0], at[1]));
                }
                for (int i = 0; i < s.stems.size(); i++) {
                    List<String> target = SYNONYMS.get(s.stems.get(i));
                    if (target != null && startsWith(parts, target)) {
                        columnMentions.add(new Mention(info.name(), c.name(), i, i + 1));
                    }
                }
            }
        }
        // A word that names a table is not also a column ("movies" is not movie_id).
        columnMentions.removeIf(m -> tableMentions.stream().anyMatch(t -> m.start() < t.end() && t.start() < m.end()));
        columnMentions.sort(Comparator.comparingInt(Mention::start));

        String table = tableMentions.isEmpty() ? tableWithMostMentions(columnMentions, infos)
                : tableMentions.get(0).table();
        Context ctx = new Context(s, table, tableMentions, columnMentions,
                table == null ? null : infos.stream().filter(i -> i.name().equals(table)).findFirst().orElse(null));

        TemplateMatch best = null;
        double bestScore = 0;
        for (TemplateSpec spec : specs) {
            double keywords = keywordScore(spec, s);
            if (keywords == 0) {
                continue;
            }
            Map<String, Object> params = ctx.info == null ? new LinkedHashMap<>() : fill(spec.name(), ctx);
            if (ctx.table != null) {
                params.putIfAbsent("table", ctx.table);
                params = reorder(spec.template(), params);
            }
            List<String> missing = TemplateEngine.missing(spec.template(), params);
            long required = spec.template().parameters().stream().filter(p -> p.required()).count();
            double filled = required == 0 ? 1 : (double) (required - missing.size()) / required;
            double score = Math.min(1.0, 0.15 * keywords) * 0.4 + filled * 0.6;
            if (score > bestScore) {
                bestScore = score;
                best = new TemplateMatch(spec.template(), params, Math.round(score * 100) / 100.0, missing);
            }
        }
        return Optional.ofNullable(best);
    }

    // ------------------------------------------------------------------ filling

    private Map<String, Object> fill(String template, Context c) {
        Map<String, Object> p = new LinkedHashMap<>();
        switch (template) {
            case "top_n" -> {
                Optional<String> orderBy = c.columnAfter(GROUP_WORDS).or(() -> c.firstColumn(NUMERIC));
                orderBy.ifPresent(v -> p.put("order_by", v));
                c.s.firstInteger().ifPresent(n -> p.put("n", n));
                if (c.s.tokens.stream().anyMatch(ASCENDING::contains)) {
                    p.put("direction", "asc");
                }
            }
            case "aggregation" -> {
                String function = function(c.s);
                p.put("function", function);
                Optional<String> groupBy = c.columnAfter(GROUP_WORDS);
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
                p.put("interval", interval(c.s));
                String function = function(c.s);
                p.put("function", function);
                if (!function.equals("count")) {
                    c.columns().stream().filter(m -> c.isKind(m, NUMERIC)).findFirst()
                            .ifPresent(v -> p.put("measure", v));
                }
            }
            case "simple_join" -> {
                List<String> tables = c.tableMentions.stream().map(Mention::table).distinct().toList();
                if (tables.size() >= 2) {
                    p.put("join_table", tables.get(1));
                }
            }
            case "filter_extract" -> fillFilter(c, p);
            case "comparison" -> {
                List<String> values = new ArrayList<>(c.s.quoted);
                String group = null;
                if (c.info != null) {
                    for (ColumnInfo col : c.info.columns()) {
                        if (col.type().kind() != TypeKind.STRING) {
                            continue;
                        }
                        int index = c.info.columns().indexOf(col);
                        Set<String> seen = new LinkedHashSet<>();
                        for (List<Object> row : c.info.sampleRows()) {
                            Object v = row.get(index);
                            if (v != null && c.s.containsPhrase(v.toString())) {
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
            case "distribution" -> {
                c.columnAfter(Set.of("of", "by")).or(() -> c.columns().stream().findFirst())
                        .ifPresent(v -> p.put("column", v));
                c.s.firstInteger().ifPresent(n -> p.put("buckets", n));
            }
            default -> {
            }
        }
        return p;
    }

    private static void fillFilter(Context c, Map<String, Object> p) {
        int opAt = -1;
        String operator = null;
        for (int i = 0; i < c.s.tokens.size() && operator == null; i++) {
            String t = c.s.tokens.get(i);
            String next = i + 1 < c.s.tokens.size() ? c.s.tokens.get(i + 1) : "";
            operator = switch (t) {
                case ">", "above", "over", "after", "since", "exceeding" -> ">";
                case "<", "below", "under", "before" -> "<";
                case ">=" -> ">=";
                case "<=" -> "<=";
                case "=", "equals", "equal" -> "=";
                case "!=", "<>" -> "!=";
                case "contains", "containing", "like" -> "contains";
                case "greater", "more", "higher" -> next.equals("than") ? ">" : null;
                case "less", "fewer", "lower" -> next.equals("than") ? "<" : null;
                case "least" -> i > 0 && c.s.tokens.get(i - 1).equals("at") ? ">=" : null;
                case "most" -> i > 0 && c.s.tokens.get(i - 1).equals("at") ? "<=" : null;
                case "is", "in", "from" -> "=";
                default -> null;
            };
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
        Optional<Mention> before = c.columnMentions.stream().filter(m -> m.table().equals(c.table))
                .filter(m -> m.end() <= at).reduce((a, b) -> b);
        Optional<String> column = before.map(Mention::column).or(() -> c.columns().stream().findFirst());
        // The value: a quoted string, else the first token after the operator that is not a filler word.
        Optional<String> value = c.s.quoted.stream().findFirst();
        if (value.isEmpty()) {
            for (int i = at + 1; i < c.s.tokens.size(); i++) {
                String t = c.s.tokens.get(i);
                if (!Set.of("than", "least", "most", "to", "the", "a", "an", "of", "equal").contains(t)) {
                    value = Optional.of(c.s.original.get(i));
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

    private static String function(Sentence s) {
        if (s.has("average") || s.has("avg") || s.has("mean")) {
            return "avg";
        }
        if (s.has("total") || s.has("sum")) {
            return "sum";
        }
        if (s.has("maximum") || s.has("max") || s.has("highest")) {
            return "max";
        }
        if (s.has("minimum") || s.has("min") || s.has("lowest")) {
            return "min";
        }
        return "count";
    }

    private static String interval(Sentence s) {
        for (String t : s.tokens) {
            switch (t) {
                case "day", "days", "daily" -> {
                    return "day";
                }
                case "week", "weeks", "weekly" -> {
                    return "week";
                }
                case "quarter", "quarters", "quarterly" -> {
                    return "quarter";
                }
                case "year", "years", "yearly", "annual", "annually" -> {
                    return "year";
                }
                default -> {
                }
            }
        }
        return "month";
    }

    private static double keywordScore(TemplateSpec spec, Sentence s) {
        double score = 0;
        for (String keyword : spec.keywords()) {
            List<String> words = List.of(keyword.split(" "));
            if (s.findRaw(words)) {
                score += words.size() == 1 ? 1 : 2.5;
            }
        }
        return score;
    }

    private static String tableWithMostMentions(List<Mention> columns, List<TableInfo> infos) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        infos.forEach(i -> counts.put(i.name(), 0));
        columns.forEach(m -> counts.merge(m.table(), 1, Integer::sum));
        return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .max(Comparator.comparingInt(Map.Entry<String, Integer>::getValue)).map(Map.Entry::getKey)
                .orElse(null);
    }

    private static Map<String, Object> reorder(Template template, Map<String, Object> params) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        template.parameters().forEach(p -> {
            if (params.containsKey(p.name())) {
                ordered.put(p.name(), params.get(p.name()));
            }
        });
        return ordered;
    }

    /** A name's parts, stemmed; for columns, a trailing unit is dropped ("box_office_musd" is box office). */
    static List<String> parts(String name, boolean dropUnits) {
        List<String> parts = new ArrayList<>();
        for (String p : name.toLowerCase(Locale.ROOT).split("[_\\s.-]+")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        if (dropUnits && parts.size() > 1 && UNITS.contains(parts.get(parts.size() - 1))) {
            parts.remove(parts.size() - 1);
        }
        return parts.stream().map(SentenceMatcher::stem).toList();
    }

    private static boolean startsWith(List<String> parts, List<String> target) {
        return parts.size() >= target.size() && parts.subList(0, target.size()).equals(target);
    }

    /** A light stemmer: plurals, -ing and -ed, a final e or y, so rating, rated and ratings meet. */
    static String stem(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            w = w.substring(0, w.length() - 3);
        } else if (w.length() > 4 && w.endsWith("ed")) {
            w = w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        } else if (w.length() > 3 && w.endsWith("y")) {
            // movies and movie, categories and category end alike.
            w = w.substring(0, w.length() - 1) + "i";
        }
        return w;
    }

    private static Map<String, List<String>> synonyms() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (String w : List.of("gross", "grossing", "revenue", "revenues", "earnings", "earned", "takings")) {
            m.put(stem(w), List.of(stem("box"), stem("office")));
        }
        for (String w : List.of("expensive", "cost", "costs", "costly", "cheapest", "cheap")) {
            m.put(stem(w), List.of(stem("budget")));
        }
        for (String w : List.of("longest", "shortest", "length", "duration", "long")) {
            m.put(stem(w), List.of(stem("runtime")));
        }
        for (String w : List.of("score", "scores", "scored", "stars", "rated")) {
            m.put(stem(w), List.of(stem("rating")));
        }
        for (String w : List.of("released", "newest", "latest", "recent", "earliest")) {
            m.put(stem(w), List.of(stem("release")));
        }
        for (String w : List.of("born", "oldest", "youngest")) {
            m.put(stem(w), List.of(stem("birth")));
        }
        for (String w : List.of("country", "countries")) {
            m.put(stem(w), List.of(stem("nationality")));
        }
        for (String w : List.of("category", "categories")) {
            m.put(stem(w), List.of(stem("genre")));
        }
        for (String w : List.of("awarded", "prizes")) {
            m.put(stem(w), List.of(stem("awards")));
        }
        return Map.copyOf(m);
    }

    // ------------------------------------------------------------------ values

    /** A table or column named at tokens [start, end). */
    private record Mention(String table, String column, int start, int end) {
    }

    /** What the sentence says about the schema, for filling one template. */
    private static final class Context {
        final Sentence s;
        final String table;
        final List<Mention> tableMentions;
        final List<Mention> columnMentions;
        final TableInfo info;

        Context(Sentence s, String table, List<Mention> tableMentions, List<Mention> columnMentions, TableInfo info) {
            this.s = s;
            this.table = table;
            this.tableMentions = tableMentions;
            this.columnMentions = columnMentions;
            this.info = info;
        }

        /** The columns of the chosen table the sentence names, in sentence order, once each. */
        List<String> columns() {
            return columnMentions.stream().filter(m -> m.table().equals(table)).map(Mention::column).distinct()
                    .toList();
        }

        /** The column named right after one of {@code words} ("by box office", "per reviewer"). */
        Optional<String> columnAfter(Set<String> words) {
            for (int i = 0; i < s.tokens.size(); i++) {
                if (words.contains(s.tokens.get(i))) {
                    int at = i;
                    Optional<Mention> m = columnMentions.stream().filter(x -> x.table().equals(table))
                            .filter(x -> x.start() > at && x.start() <= at + 3).findFirst();
                    if (m.isPresent()) {
                        return Optional.of(m.get().column());
                    }
                }
            }
            return Optional.empty();
        }

        Optional<String> firstColumn(Set<TypeKind> kinds) {
            return columns().stream().filter(c -> isKind(c, kinds)).findFirst();
        }

        Optional<String> onlyTemporalColumn() {
            if (info == null) {
                return Optional.empty();
            }
            return info.columns().stream().filter(c -> TEMPORAL.contains(c.type().kind())).map(ColumnInfo::name)
                    .findFirst();
        }

        boolean isKind(String column, Set<TypeKind> kinds) {
            return info != null && info.columns().stream()
                    .anyMatch(c -> c.name().equals(column) && kinds.contains(c.type().kind()));
        }
    }

    /** A sentence as lowercase tokens, their stems, the original spelling, and quoted values. */
    private static final class Sentence {
        final List<String> tokens = new ArrayList<>();
        final List<String> stems = new ArrayList<>();
        final List<String> original = new ArrayList<>();
        final List<String> quoted = new ArrayList<>();
        final String lower;

        private Sentence(String text) {
            this.lower = text.toLowerCase(Locale.ROOT);
        }

        static Sentence parse(String text) {
            Sentence s = new Sentence(text);
            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                String q = m.group(1) != null ? m.group(1) : m.group(2);
                if (q != null) {
                    s.quoted.add(q);
                    continue;
                }
                String t = m.group();
                s.original.add(t);
                s.tokens.add(t.toLowerCase(Locale.ROOT));
                s.stems.add(stem(t));
            }
            return s;
        }

        boolean has(String word) {
            return tokens.contains(word);
        }

        boolean containsPhrase(String value) {
            List<String> words = new ArrayList<>();
            Matcher m = TOKEN.matcher(value.toLowerCase(Locale.ROOT));
            while (m.find()) {
                words.add(m.group());
            }
            return !words.isEmpty() && findRaw(words);
        }

        Optional<Integer> firstInteger() {
            for (String t : tokens) {
                if (t.matches("\\d{1,7}")) {
                    return Optional.of(Integer.parseInt(t));
                }
            }
            return Optional.empty();
        }

        boolean findRaw(List<String> words) {
            return indexOf(tokens, words, 0) >= 0;
        }

        Optional<int[]> find(List<String> stemmed) {
            int i = indexOf(stems, stemmed, 0);
            return i < 0 ? Optional.empty() : Optional.of(new int[] {i, i + stemmed.size()});
        }

        List<int[]> findAll(List<String> stemmed) {
            List<int[]> all = new ArrayList<>();
            int i = indexOf(stems, stemmed, 0);
            while (i >= 0) {
                all.add(new int[] {i, i + stemmed.size()});
                i = indexOf(stems, stemmed, i + 1);
            }
            return all;
        }

        private static int indexOf(List<String> haystack, List<String> needle, int from) {
            if (needle.isEmpty()) {
                return -1;
            }
            for (int i = from; i + needle.size() <= haystack.size(); i++) {
                if (haystack.subList(i, i + needle.size()).equals(needle)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
