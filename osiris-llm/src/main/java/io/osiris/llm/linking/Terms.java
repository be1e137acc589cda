package io.osiris.llm.linking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words of a question or a schema name, made comparable: {@code snake_case}, {@code camelCase}
 * and punctuation split, lower-cased, common request words dropped, and a light suffix stemming
 * so {@code movies}, {@code movie} and {@code movie_id} share {@code movi}, and {@code rated},
 * {@code rating} and {@code ratings} share {@code rat}. Deliberately crude: it only has to be
 * deterministic and agree with itself.
 */
final class Terms {
    private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "by", "for", "to", "in", "on", "and",
            "or", "with", "from", "all", "me", "my", "our", "show", "list", "give", "get", "find", "export", "csv",
            "which", "what", "who", "whom", "where", "when", "how", "many", "much", "each", "per", "every", "is",
            "are", "was", "were", "be", "been", "i", "we", "you", "want", "need", "please", "data", "table",
            "tables", "rows", "row", "column", "columns", "into", "as", "at", "that", "this", "those", "these",
            "their", "its", "it", "than", "more", "less", "top", "over", "under", "about", "file", "save", "write",
            "like", "only", "do", "does", "did", "have", "has", "there", "any", "some", "not", "no", "can",
            "could", "would", "should", "pipeline", "json", "parquet", "them", "they", "one", "two", "between");

    private Terms() {
    }

    /** The distinct stems of a text, in order of appearance. */
    static List<String> of(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : SEPARATORS.split(CAMEL.matcher(text).replaceAll(" "))) {
            String word = part.toLowerCase(Locale.ROOT);
            if (word.isEmpty() || STOP.contains(word)) {
                continue;
            }
            if (word.length() < 2 && !Character.isDigit(word.charAt(0))) {
                continue;
            }
            out.add(stem(word));
        }
        return new ArrayList<>(out);
    }

    /** A word's stem: plural, -ing, -ed, then a final e or y, removed or folded. */
    static String stem(String word) {
        String w = word;
        if (w.chars().allMatch(Character::isDigit)) {
            return w;
        }
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "i";
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")
                && !w.endsWith("is")) {
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
            w = w.substring(0, w.length() - 1) + "i";
        }
        return w;
    }
}
