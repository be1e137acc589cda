package io.osiris.core.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words the sentence matcher recognises: a light stemmer, name parts (a column's name
 * split at {@code _}, its unit dropped), synonyms that stand for name parts, and the words
 * that choose an aggregate function, a time interval or a sort direction.
 */
final class Vocabulary {
    /** Trailing name parts that are units, not meaning: box_office_musd is "box office". */
    private static final Set<String> UNITS = Set.of("musd", "usd", "eur", "minutes", "mins", "min", "secs",
            "seconds", "pct", "percent", "kg", "km", "cents");
    /** Words that stand for name parts: a sentence says "grossing", the column says box_office. */
    private static final Map<String, List<String>> SYNONYMS = synonyms();
    private static final Set<String> ASCENDING = Set.of("lowest", "least", "bottom", "worst", "smallest", "shortest",
            "cheapest", "fewest", "oldest", "earliest", "ascending", "asc");
    /** Words after which a sentence names what it groups or orders by. */
    static final Set<String> GROUP_WORDS = Set.of("by", "per", "each", "across", "every");

    private Vocabulary() {
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
        return parts.stream().map(Vocabulary::stem).toList();
    }

    /** Whether the stemmed word is a synonym of the start of a name's {@code parts}. */
    static boolean isSynonymOf(String stem, List<String> parts) {
        List<String> target = SYNONYMS.get(stem);
        return target != null && parts.size() >= target.size() && parts.subList(0, target.size()).equals(target);
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

    /** Whether the sentence asks for the lowest first. */
    static boolean isAscending(Sentence s) {
        return s.tokens().stream().anyMatch(ASCENDING::contains);
    }

    /** The aggregate function a sentence asks for: avg, sum, max, min, else count. */
    static String function(Sentence s) {
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

    /** The time interval a sentence asks for: day, week, quarter, year, else month. */
    static String interval(Sentence s) {
        for (String t : s.tokens()) {
            Optional<String> interval = switch (t) {
                case "day", "days", "daily" -> Optional.of("day");
                case "week", "weeks", "weekly" -> Optional.of("week");
                case "quarter", "quarters", "quarterly" -> Optional.of("quarter");
                case "year", "years", "yearly", "annual", "annually" -> Optional.of("year");
                default -> Optional.empty();
            };
            if (interval.isPresent()) {
                return interval.get();
            }
        }
        return "month";
    }

    private static Map<String, List<String>> synonyms() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        synonym(m, List.of("box", "office"), "gross", "grossing", "revenue", "revenues", "earnings", "earned",
                "takings");
        synonym(m, List.of("budget"), "expensive", "cost", "costs", "costly", "cheapest", "cheap");
        synonym(m, List.of("runtime"), "longest", "shortest", "length", "duration", "long");
        synonym(m, List.of("rating"), "score", "scores", "scored", "stars", "rated");
        synonym(m, List.of("release"), "released", "newest", "latest", "recent", "earliest");
        synonym(m, List.of("birth"), "born", "oldest", "youngest");
        synonym(m, List.of("nationality"), "country", "countries");
        synonym(m, List.of("genre"), "category", "categories");
        synonym(m, List.of("awards"), "awarded", "prizes");
        return Map.copyOf(m);
    }

    private static void synonym(Map<String, List<String>> m, List<String> parts, String... words) {
        List<String> stemmed = parts.stream().map(Vocabulary::stem).toList();
        for (String w : words) {
            m.put(stem(w), stemmed);
        }
    }
}
