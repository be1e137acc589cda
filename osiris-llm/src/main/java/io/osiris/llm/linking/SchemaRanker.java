package io.osiris.llm.linking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Ranks a source's tables and columns for a question, deterministically: word overlap of the
 * question with table and column names and comments (see {@link Terms}), values of the value
 * index the question quotes ("Ava DuVernay" points at {@code people.name}), and a share of the
 * best neighbour's score for tables joined to a strong match by foreign key (a question about
 * directors' films needs the link table too). Ties keep catalogue order.
 */
public final class SchemaRanker {
    static final double TABLE_TERM = 3;
    static final double TABLE_FULL_NAME = 2;
    static final double COMMENT_TERM = 1;
    static final double COLUMN = 1;
    static final double COLUMN_CAP = 5;
    static final double VALUE = 4;
    static final double NEIGHBOUR_SHARE = 0.4;
    /** Values shorter than this match too many words by chance ("a", "no"). */
    static final int MIN_VALUE_LENGTH = 3;

    private SchemaRanker() {
    }

    /** Every table of the index, best first, each with its linked columns and value hits. */
    public static List<RankedTable> rank(SchemaIndex index, String question) {
        Set<String> words = new HashSet<>(Terms.of(question));
        String text = " " + normalised(question) + " ";
        Map<String, Double> base = new LinkedHashMap<>();
        Map<String, RankedTable> scored = new HashMap<>();
        for (SchemaIndex.Table t : index.tables()) {
            double score = 0;
            List<String> nameTerms = Terms.of(t.name());
            long matched = nameTerms.stream().filter(words::contains).count();
            score += TABLE_TERM * matched;
            if (matched > 0 && matched == nameTerms.size()) {
                score += TABLE_FULL_NAME;
            }
            score += COMMENT_TERM * Terms.of(t.comment()).stream().filter(words::contains).count();
            Map<String, Double> columns = new LinkedHashMap<>();
            List<ValueHit> hits = new ArrayList<>();
            for (SchemaIndex.Column c : t.columns()) {
                double cs = Terms.of(c.name()).stream().filter(words::contains).count()
                        + 0.5 * Terms.of(c.comment()).stream().filter(words::contains).count();
                for (String v : c.values()) {
                    if (v.length() >= MIN_VALUE_LENGTH && text.contains(" " + normalised(v) + " ")) {
                        hits.add(new ValueHit(t.name(), c.name(), v));
                        cs += VALUE;
                    }
                }
                if (cs > 0) {
                    columns.put(c.name(), cs);
                }
            }
            score += Math.min(COLUMN_CAP, COLUMN * columns.values().stream().filter(s -> s < VALUE).count());
            score += VALUE * hits.stream().map(ValueHit::column).distinct().count();
            List<String> linked = columns.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
            base.put(t.name(), score);
            scored.put(t.name(), new RankedTable(t, score, linked, hits));
        }
        List<RankedTable> ranked = new ArrayList<>();
        Map<String, Integer> order = new HashMap<>();
        for (SchemaIndex.Table t : index.tables()) {
            order.put(t.name(), order.size());
            double best = t.neighbours().stream().mapToDouble(n -> base.getOrDefault(n, 0.0)).max().orElse(0);
            RankedTable r = scored.get(t.name());
            ranked.add(new RankedTable(t, r.score() + NEIGHBOUR_SHARE * best, r.linked(), r.hits()));
        }
        ranked.sort(Comparator.comparingDouble(RankedTable::score).reversed()
                .thenComparing(r -> order.get(r.table().name())));
        return List.copyOf(ranked);
    }

    /**
     * Values of the index matching {@code value}: equal ignoring case and spacing first, then
     * those containing it, then those it contains; at most {@code limit}.
     */
    public static List<ValueHit> findValues(SchemaIndex index, String value, int limit) {
        String wanted = normalised(value);
        List<ValueHit> exact = new ArrayList<>();
        List<ValueHit> containing = new ArrayList<>();
        List<ValueHit> contained = new ArrayList<>();
        if (wanted.isEmpty()) {
            return List.of();
        }
        for (SchemaIndex.Table t : index.tables()) {
            for (SchemaIndex.Column c : t.columns()) {
                for (String v : c.values()) {
                    String n = normalised(v);
                    if (n.equals(wanted)) {
                        exact.add(new ValueHit(t.name(), c.name(), v));
                    } else if (n.contains(wanted)) {
                        containing.add(new ValueHit(t.name(), c.name(), v));
                    } else if (n.length() >= MIN_VALUE_LENGTH && (" " + wanted + " ").contains(" " + n + " ")) {
                        contained.add(new ValueHit(t.name(), c.name(), v));
                    }
                }
            }
        }
        List<ValueHit> all = new ArrayList<>(exact);
        all.addAll(containing);
        all.addAll(contained);
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    /** Lower case, punctuation as spaces, single spaces: how values and questions are compared. */
    static String normalised(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
