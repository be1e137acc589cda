package io.osiris.core.sql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.SqlDialect;
import io.osiris.core.sql.SqlLexer.Kind;
import io.osiris.core.sql.SqlLexer.Lexed;
import io.osiris.core.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the {@code ${name}} placeholders of a statement with literals, reading the text as
 * the dialect's server does, so a placeholder is replaced only where the server reads code: one
 * inside a quoted string or name is an error (the value would be pasted as text, and Osiris
 * quotes values itself), one inside a comment is left alone. A literal touching a word or a
 * quote gets a space on that side, so no prefix ({@code E}, {@code N}, {@code _utf8}) or
 * neighbour can change how it is read. The bound statement still has to pass {@link SqlSafety}.
 */
public final class SqlPlaceholders {
    private static final String OPEN = "${";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}\\s'\"`]*)}");

    /**
     * The bound statement, or why it could not be bound.
     *
     * @param sql    the statement with every placeholder in code replaced
     * @param errors one message per placeholder that could not be replaced; empty when bound
     */
    public record Bound(String sql, List<String> errors) {
        public Bound {
            requireNonNull(sql, "sql");
            errors = List.copyOf(errors);
        }
    }

    private SqlPlaceholders() {
    }

    /** Whether a text has anything that opens a placeholder. */
    public static boolean has(String text) {
        return text.contains(OPEN);
    }

    /**
     * Replaces each placeholder in code with {@code literal.apply(name)}; a function that cannot
     * give one throws {@link IllegalArgumentException} with the message to report.
     */
    public static Bound bind(SqlDialect dialect, String sql, Function<String, String> literal) {
        requireNonNull(dialect, "dialect");
        requireNonNull(literal, "literal");
        if (!has(sql)) {
            return new Bound(sql, List.of());
        }
        Lexed lexed = SqlLexer.lex(sql, TokenChecks.rules(dialect));
        if (lexed.error().isPresent()) {
            return new Bound(sql, List.of("cannot read the SQL: " + lexed.error().get()));
        }
        List<String> errors = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        int copied = 0;
        int at = sql.indexOf(OPEN);
        while (at >= 0) {
            int next = at + OPEN.length();
            Token token = tokenAt(lexed.tokens(), at);
            Matcher m = PLACEHOLDER.matcher(sql).region(at, sql.length());
            if (token != null && token.kind() == Kind.COMMENT) {
                // A comment is not run: nothing to bind.
            } else if (token != null && (token.kind() == Kind.STRING || token.kind() == Kind.QUOTED_NAME)) {
                errors.add("a variable inside quotes (" + abbreviate(token.text()) + ") would be pasted as text:"
                        + " write ${name} without quotes; Osiris writes the value as a quoted literal");
            } else if (!m.lookingAt()) {
                errors.add("'${' must open a variable, as ${name}");
            } else {
                try {
                    String value = literal.apply(m.group(1));
                    out.append(sql, copied, at);
                    if (at > 0 && touches(sql.charAt(at - 1))) {
                        out.append(' ');
                    }
                    out.append(value);
                    if (m.end() < sql.length() && touches(sql.charAt(m.end()))) {
                        out.append(' ');
                    }
                    copied = m.end();
                    next = m.end();
                } catch (IllegalArgumentException e) {
                    errors.add(e.getMessage());
                }
            }
            at = sql.indexOf(OPEN, next);
        }
        out.append(sql, copied, sql.length());
        return new Bound(out.toString(), errors);
    }

    /** Whether a neighbouring character could join a literal into another token. */
    private static boolean touches(char c) {
        return Character.isLetterOrDigit(c) || "_$'\"`.\\".indexOf(c) >= 0;
    }

    private static Token tokenAt(List<Token> tokens, int at) {
        for (Token t : tokens) {
            if (t.start() <= at && at < t.end()) {
                return t;
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
