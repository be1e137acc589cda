package io.osiris.core.privacy;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes data values out of a database or engine error before it reaches a model or the session
 * store, keeping what the model needs to correct its SQL. A quoted string ({@code 'x'},
 * {@code "x"}) stays only when the model wrote it itself (it appears in its SQL or pipeline) or
 * it is a known schema identifier; otherwise it becomes {@code '<value>'}. The value side of
 * {@code Key (email)=(x@y.z)} becomes {@code (<value>)}; a number after "value" becomes
 * {@code <value>}; {@code DETAIL} and {@code WHERE} context lines (which quote whole rows and
 * inputs) are dropped; and what is left goes
 * through {@link SensitiveData#scrubText} so no email, card number or key survives unquoted.
 *
 * <pre>{@code
 * String safe = ErrorScrubber.scrub(e.getMessage(), sql, Set.of("users", "email"));
 * }</pre>
 */
public final class ErrorScrubber {
    /** What a value becomes. */
    public static final String VALUE = "<value>";

    /** Quoted phrases of MySQL's messages that name a clause, not a value. */
    private static final Set<String> PHRASES = Set.of("field list", "where clause", "on clause", "order clause",
            "group statement", "having clause", "on duplicate key update");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\]|''|\\\\.)*)'|\"((?:[^\"\\\\]|\"\"|\\\\.)*)\"");
    /** {@code Key (a, lower(b))=(1, x)}: parentheses nested one level on either side. */
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(\\((?:[^()]|\\([^()]*\\))*\\))=\\((?:[^()]|\\([^()]*\\))*\\)");
    private static final Pattern NUMBER_AFTER_VALUE = Pattern.compile("(?i)(\\bvalues?:?\\s+)(-?\\d[\\d.,eE+-]*)");
    /**
     * Lines that quote rows, input or file lines whole: PostgreSQL's DETAIL and WHERE context
     * ({@code Where: JSON data, line 1: ...}), DuckDB's CSV "Original Line".
     */
    private static final Pattern DETAIL = Pattern.compile("(?i)^\\s*(?:(?:detail|where)\\s*:|failing row|original line).*");

    private ErrorScrubber() {
    }

    /**
     * The message without data values.
     *
     * @param message     what the database or engine said
     * @param ownText     text the model wrote (its SQL, its pipeline YAML): quoting it back is safe
     * @param identifiers known schema names (tables, columns) that may stay quoted
     */
    public static String scrub(String message, String ownText, Collection<String> identifiers) {
        if (message == null || message.isEmpty()) {
            return message == null ? "" : message;
        }
        requireNonNull(ownText, "ownText");
        Set<String> known = identifiers.stream().map(i -> i.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toSet());
        StringJoiner kept = new StringJoiner("\n");
        for (String line : message.split("\\R")) {
            if (!DETAIL.matcher(line).matches()) {
                kept.add(line);
            }
        }
        String text = KEY_VALUE.matcher(kept.toString()).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) + "=(" + VALUE + ")"));
        text = QUOTED.matcher(text).replaceAll(m -> {
            boolean single = m.group(1) != null;
            String inner = single ? m.group(1) : m.group(2);
            String quote = single ? "'" : "\"";
            boolean keep = inner.isEmpty() || wrote(ownText, inner) || known.contains(inner.toLowerCase(Locale.ROOT))
                    || PHRASES.contains(inner.toLowerCase(Locale.ROOT)) || qualifiedKnown(inner, known);
            return Matcher.quoteReplacement(quote + (keep ? inner : VALUE) + quote);
        });
        text = NUMBER_AFTER_VALUE.matcher(text).replaceAll(m -> wrote(ownText, m.group(2))
                ? Matcher.quoteReplacement(m.group()) : Matcher.quoteReplacement(m.group(1) + VALUE));
        return SensitiveData.scrubText(text);
    }

    /** Whether the model wrote this text itself: it stands in its own text as a whole word. */
    private static boolean wrote(String ownText, String inner) {
        return Pattern.compile("(?<![A-Za-z0-9_@.])" + Pattern.quote(inner) + "(?![A-Za-z0-9_@])").matcher(ownText).find();
    }

    /** {@code t.email} or {@code public.users} made of known names. */
    private static boolean qualifiedKnown(String inner, Set<String> known) {
        if (!inner.contains(".")) {
            return false;
        }
        for (String part : inner.split("\\.")) {
            if (!known.contains(part.toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        return true;
    }
}
