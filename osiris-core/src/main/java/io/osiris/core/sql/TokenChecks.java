package io.osiris.core.sql;

import io.osiris.api.connector.SqlDialect;
import io.osiris.core.sql.SqlLexer.Kind;
import io.osiris.core.sql.SqlLexer.Lexed;
import io.osiris.core.sql.SqlLexer.Rules;
import io.osiris.core.sql.SqlLexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks made on SQL as the server's lexer reads it, before and independently of the
 * parser: executable comments, text that reads differently under another string mode, and
 * every call {@code name(...)} the server would make, wherever it stands (select list, WHERE,
 * FROM, ORDER BY, window, FILTER, WITHIN GROUP, LIMIT...). Also writes the text the parser
 * reads, with strings and comments exactly where the server sees them.
 */
final class TokenChecks {
    /**
     * MySQL's {@code /*!...*}{@code /} and MariaDB's {@code /*M!...*}{@code /} run on the server;
     * {@code /*+ ...*}{@code /} optimizer hints (and pg_hint_plan's) can change settings. They are
     * looked for in the raw text, so one inside a string literal is refused too.
     */
    private static final Pattern EXECUTABLE_COMMENT = Pattern.compile("/\\*\\s*(?:[!+]|[mM]!)");

    private final String sql;
    private final SqlDialect dialect;
    private final FunctionPolicy policy;
    private final Lexed lexed;
    private final List<String> fileLikeNames = new ArrayList<>();

    private TokenChecks(String sql, SqlDialect dialect, FunctionPolicy policy, Lexed lexed) {
        this.sql = sql;
        this.dialect = dialect;
        this.policy = policy;
        this.lexed = lexed;
    }

    /** How the dialect's base lexes text: MySQL's rules, or PostgreSQL's (the standard's, for the others). */
    static Rules rules(SqlDialect dialect) {
        return dialect.base() == SqlDialect.MYSQL ? Rules.MYSQL : Rules.POSTGRES;
    }

    /** Other ways the same server may read the text, depending on its string settings. */
    private static List<Rules> alternatives(SqlDialect dialect) {
        SqlDialect base = dialect.base();
        if (base == SqlDialect.MYSQL) {
            return List.of(Rules.MYSQL_NO_BACKSLASH_ESCAPES, Rules.MYSQL_ANSI_QUOTES);
        } else if (base == SqlDialect.POSTGRES) {
            return List.of(Rules.POSTGRES_BACKSLASH_ESCAPES);
        } else if (base == SqlDialect.DUCKDB) {
            return List.of();
        }
        return List.of(Rules.POSTGRES_BACKSLASH_ESCAPES, Rules.MYSQL, Rules.MYSQL_NO_BACKSLASH_ESCAPES,
                Rules.MYSQL_ANSI_QUOTES);
    }

    static TokenChecks of(String sql, SqlDialect dialect, FunctionPolicy policy) {
        return new TokenChecks(sql, dialect, policy, SqlLexer.lex(sql, rules(dialect)));
    }

    /** Why the text is refused before parsing, or empty. */
    Optional<String> refusal() {
        var executable = EXECUTABLE_COMMENT.matcher(sql);
        if (executable.find()) {
            return Optional.of("the SQL holds an executable comment or optimizer hint ('"
                    + executable.group().replaceAll("\\s+", "") + "'): MySQL and MariaDB run '/*!' and '/*M!' "
                    + "comments and '/*+' hints can change server settings; remove it (Osiris refuses these "
                    + "characters anywhere, even inside a string literal)");
        }
        if (lexed.error().isPresent()) {
            return Optional.of("the SQL has " + lexed.error().get() + "; close it");
        }
        for (Rules alternative : alternatives(dialect)) {
            Lexed other = SqlLexer.lex(sql, alternative);
            if (other.error().isEmpty() && !sameBoundaries(lexed, other)) {
                return Optional.of("the SQL reads differently when the server treats backslashes or double "
                        + "quotes differently (" + alternative.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "); write a quote inside a string doubled ('it''s'), not after a backslash");
            }
        }
        List<Token> code = lexed.code();
        for (int i = 0; i < code.size(); i++) {
            Optional<String> refused = callRefusal(code, i);
            if (refused.isPresent()) {
                return refused;
            }
        }
        return Optional.empty();
    }

    private Optional<String> callRefusal(List<Token> code, int i) {
        Token t = code.get(i);
        if (rules(dialect).postgres && t.isWord("u") && i + 2 < code.size() && code.get(i + 1).isSymbol('&')
                && code.get(i + 1).start() == t.end() && code.get(i + 2).start() == code.get(i + 1).end()
                && (code.get(i + 2).kind() == Kind.QUOTED_NAME || code.get(i + 2).kind() == Kind.STRING)) {
            return Optional.of("the SQL writes a name or string with Unicode escapes (U&\"...\"), which can "
                    + "hide a function's name; write it plainly");
        }
        if ((t.isWord("next") || t.isWord("previous")) && i + 2 < code.size() && code.get(i + 1).isWord("value")
                && code.get(i + 2).isWord("for")) {
            return Optional.of("'" + t.text().toUpperCase(Locale.ROOT) + " VALUE FOR' reads or advances a "
                    + "sequence, which " + FunctionCategory.CHANGES_STATE.description()
                    + "; remove it from the SQL");
        }
        boolean nameLike = t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_NAME
                || (t.kind() == Kind.STRING && t.text().startsWith("\""));
        if (!nameLike || i + 1 >= code.size() || !code.get(i + 1).isSymbol('(')) {
            return Optional.empty();
        }
        String schema = i >= 2 && code.get(i - 1).isSymbol('.') ? code.get(i - 2).name() : "";
        String name = t.name();
        return policy.refusal(schema, name)
                .map(category -> refusalOf(schema.isEmpty() ? name : schema + "." + name, category));
    }

    /** The message for a refused function: its name, its category and what to do. */
    static String refusalOf(String name, FunctionCategory category) {
        return "the function " + name.toLowerCase(Locale.ROOT) + "() " + category.description()
                + ", so Osiris refuses it in the SQL it runs; remove it (read files and other databases "
                + "through pipeline steps, not through SQL functions)";
    }

    private static boolean sameBoundaries(Lexed a, Lexed b) {
        if (a.tokens().size() != b.tokens().size()) {
            return false;
        }
        for (int i = 0; i < a.tokens().size(); i++) {
            Token x = a.tokens().get(i);
            Token y = b.tokens().get(i);
            if (x.start() != y.start() || x.end() != y.end() || (x.kind() == Kind.COMMENT) != (y.kind() == Kind.COMMENT)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The SQL as the parser should read it: comments gone, every string (E'...', $$...$$, MySQL's
     * "...") a plain '...' literal and every quoted name without quotes or backslashes inside, so
     * the parser's idea of where strings end is the server's. MySQL's {@code --x} (two minus signs)
     * is spaced so the parser does not take it for a comment. A word the dialect declares an
     * operator ({@code GLOB}) between two operands is written {@code LIKE}: the same shape, a
     * comparison of two values, which the parser reads (the dialect's builder refuses words that
     * shape a statement, so this never hides a clause).
     */
    String normalised() {
        StringBuilder out = new StringBuilder();
        int at = 0;
        Token previous = null;
        List<Token> code = lexed.code();
        for (Token t : lexed.tokens()) {
            out.append(sql, at, t.start());
            at = t.end();
            switch (t.kind()) {
                case COMMENT -> out.append(' ');
                case STRING -> out.append(rules(dialect).postgres || t.text().startsWith("'")
                        ? "'" + sanitised(stringBody(t.text())) + "'"
                        : "\"" + sanitised(t.text().substring(1, t.text().length() - 1)) + "\"");
                case QUOTED_NAME -> {
                    String body = t.text().substring(1, t.text().length() - 1);
                    char q = t.text().charAt(0);
                    if (body.indexOf('.') >= 0 || body.indexOf('/') >= 0 || body.indexOf('\\') >= 0
                            || body.indexOf(':') >= 0) {
                        fileLikeNames.add(t.name());
                    }
                    out.append(q).append(sanitised(body)).append(q);
                }
                default -> {
                    if (t.isSymbol('-') && previous != null && previous.isSymbol('-') && previous.end() == t.start()) {
                        out.append(' ');
                    }
                    out.append(isDeclaredOperator(code, t) ? "LIKE" : t.text());
                }
            }
            previous = t;
        }
        out.append(sql.substring(at));
        return out.toString();
    }

    /** Whether {@code t} is a word the dialect declares an operator, standing between two operands. */
    private boolean isDeclaredOperator(List<Token> code, Token t) {
        if (t.kind() != Kind.WORD || dialect.operators().isEmpty()
                || !dialect.operators().contains(t.text().toLowerCase(Locale.ROOT))) {
            return false;
        }
        int i = code.indexOf(t);
        // Not a call (glob(...)), not a name after a dot, not the first word.
        return i > 0 && i + 1 < code.size() && !code.get(i + 1).isSymbol('(') && !code.get(i - 1).isSymbol('.');
    }

    /** Quoted names holding '.', '/', '\' or ':' (a file path to DuckDB when used as a table). */
    List<String> fileLikeNames() {
        return List.copyOf(fileLikeNames);
    }

    private static String stringBody(String token) {
        if (token.startsWith("$")) {
            int tag = token.indexOf('$', 1) + 1;
            return token.substring(tag, token.length() - tag);
        }
        String s = token.charAt(0) == 'e' || token.charAt(0) == 'E' ? token.substring(1) : token;
        return s.substring(1, s.length() - 1);
    }

    private static String sanitised(String body) {
        return body.replace('\'', '_').replace('"', '_').replace('`', '_').replace('\\', '_');
    }
}
