package io.osiris.core.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sentence as lowercase tokens, their stems, their original spelling, and the values it
 * quotes; finds words, phrases, name parts and numbers in it.
 */
final class Sentence {
    private static final Pattern TOKEN = Pattern.compile(
            "(?<![\\p{L}\\p{N}])\"([^\"]*)\"|(?<![\\p{L}\\p{N}])'([^']*)'|>=|<=|!=|<>|[<>=]"
                    + "|\\d+(?:\\.\\d+)?|[\\p{L}\\p{N}]+(?:[-_'][\\p{L}\\p{N}]+)*");

    private final List<String> tokens = new ArrayList<>();
    private final List<String> stems = new ArrayList<>();
    private final List<String> original = new ArrayList<>();
    private final List<String> quoted = new ArrayList<>();

    private Sentence() {
    }

    static Sentence parse(String text) {
        Sentence s = new Sentence();
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
            s.stems.add(Vocabulary.stem(t));
        }
        return s;
    }

    /** The words, numbers and operators, in lower case. */
    List<String> tokens() {
        return tokens;
    }

    /** The stem of each token. */
    List<String> stems() {
        return stems;
    }

    /** The token at {@code i} as written. */
    String original(int i) {
        return original.get(i);
    }

    /** The values the sentence quotes ("..." or '...'), which are not tokens. */
    List<String> quoted() {
        return quoted;
    }

    boolean has(String word) {
        return tokens.contains(word);
    }

    /** Whether the words of {@code value} occur in the sentence in a row. */
    boolean containsPhrase(String value) {
        List<String> words = new ArrayList<>();
        Matcher m = TOKEN.matcher(value.toLowerCase(Locale.ROOT));
        while (m.find()) {
            words.add(m.group());
        }
        return !words.isEmpty() && findRaw(words);
    }

    /** The first whole number of at most seven digits. */
    Optional<Integer> firstInteger() {
        for (String t : tokens) {
            if (t.matches("\\d{1,7}")) {
                return Optional.of(Integer.parseInt(t));
            }
        }
        return Optional.empty();
    }

    /** Whether the tokens hold {@code words} in a row. */
    boolean findRaw(List<String> words) {
        return indexOf(tokens, words, 0) >= 0;
    }

    /** Where the stems first hold {@code stemmed} in a row: [start, end). */
    Optional<int[]> find(List<String> stemmed) {
        int i = indexOf(stems, stemmed, 0);
        return i < 0 ? Optional.empty() : Optional.of(new int[] {i, i + stemmed.size()});
    }

    /** Everywhere the stems hold {@code stemmed} in a row. */
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
