package io.osiris.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits SQL into tokens the way the database server does, so the safety check sees strings,
 * comments and code where the server sees them, not where JSqlParser guesses them. The rules
 * differ by server: MySQL reads {@code #} and {@code -- } (dash dash space) comments, a
 * {@code --} without the space as two minus signs, backslash escapes and double-quoted strings;
 * PostgreSQL and DuckDB nest block comments and read {@code E'...'} and dollar-quoted strings.
 */
final class SqlLexer {
    /** How a server reads SQL text. */
    enum Rules {
        /** MySQL/MariaDB in their default mode: backslash escapes in strings, "..." a string. */
        MYSQL(true, true, false),
        /** MySQL/MariaDB with {@code sql_mode=NO_BACKSLASH_ESCAPES}. */
        MYSQL_NO_BACKSLASH_ESCAPES(false, false, false),
        /** MySQL/MariaDB with {@code sql_mode=ANSI_QUOTES}: "..." a name, where a backslash escapes nothing. */
        MYSQL_ANSI_QUOTES(true, false, false),
        /** PostgreSQL and DuckDB: standard strings, nested comments, E and dollar quoting. */
        POSTGRES(false, false, true),
        /** PostgreSQL with {@code standard_conforming_strings=off}: backslash escapes in every string. */
        POSTGRES_BACKSLASH_ESCAPES(true, false, true);

        final boolean backslashEscapes;
        final boolean doubleQuotedBackslashEscapes;
        final boolean postgres;

        Rules(boolean backslashEscapes, boolean doubleQuotedBackslashEscapes, boolean postgres) {
            this.backslashEscapes = backslashEscapes;
            this.doubleQuotedBackslashEscapes = doubleQuotedBackslashEscapes;
            this.postgres = postgres;
        }
    }

    enum Kind { WORD, QUOTED_NAME, STRING, COMMENT, SYMBOL }

    /** A token: its kind, its text as written, and where it starts in the SQL. */
    record Token(Kind kind, String text, int start) {
        int end() {
            return start + text.length();
        }

        boolean isSymbol(char c) {
            return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
        }

        boolean isWord(String word) {
            return kind == Kind.WORD && text.equalsIgnoreCase(word);
        }

        /** The name a word or quoted name stands for, without its quotes (doubled quotes kept as one). */
        String name() {
            if (kind != Kind.QUOTED_NAME && !(kind == Kind.STRING && text.startsWith("\""))) {
                return text;
            }
            char q = text.charAt(0);
            return text.substring(1, text.length() - 1).replace(String.valueOf(q) + q, String.valueOf(q));
        }
    }

    /** The tokens of a text, or why it cannot be split (an unterminated string or comment). */
    record Lexed(List<Token> tokens, Optional<String> error) {
        /** The tokens a server runs: everything but comments. */
        List<Token> code() {
            return tokens.stream().filter(t -> t.kind() != Kind.COMMENT).toList();
        }
    }

    private final String sql;
    private final Rules rules;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private SqlLexer(String sql, Rules rules) {
        this.sql = sql;
        this.rules = rules;
    }

    static Lexed lex(String sql, Rules rules) {
        SqlLexer lexer = new SqlLexer(sql, rules);
        String error = lexer.run();
        return new Lexed(List.copyOf(lexer.tokens), Optional.ofNullable(error));
    }

    private String run() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            int start = pos;
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && peek(1) == '*') {
                if (!blockComment()) {
                    return "an unterminated /* comment";
                }
                add(Kind.COMMENT, start);
            } else if (c == '-' && peek(1) == '-' && (rules.postgres || mysqlDashComment())) {
                lineComment();
                add(Kind.COMMENT, start);
            } else if (c == '#' && !rules.postgres) {
                lineComment();
                add(Kind.COMMENT, start);
            } else if (c == '\'') {
                if (!quoted('\'', rules.backslashEscapes)) {
                    return "an unterminated string";
                }
                add(Kind.STRING, start);
            } else if (c == '"') {
                // MySQL reads "..." as a string (unless ANSI_QUOTES); PostgreSQL and DuckDB as a name.
                if (!quoted('"', rules.doubleQuotedBackslashEscapes)) {
                    return "an unterminated \"quoted\" text";
                }
                add(rules.postgres ? Kind.QUOTED_NAME : Kind.STRING, start);
            } else if (c == '`' && !rules.postgres) {
                if (!quoted('`', false)) {
                    return "an unterminated `quoted` name";
                }
                add(Kind.QUOTED_NAME, start);
            } else if (c == '$' && rules.postgres && dollarQuote()) {
                add(Kind.STRING, start);
            } else if (isWordChar(c)) {
                while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                    pos++;
                }
                if (rules.postgres && pos - start == 1 && (c == 'e' || c == 'E') && peek(0) == '\'') {
                    // E'...': PostgreSQL's escape string, where a backslash escapes the quote.
                    if (!quoted('\'', true)) {
                        return "an unterminated E'...' string";
                    }
                    add(Kind.STRING, start);
                } else {
                    add(Kind.WORD, start);
                }
            } else {
                pos++;
                add(Kind.SYMBOL, start);
            }
            if (unterminatedDollar) {
                return "an unterminated $$ string";
            }
        }
        return null;
    }

    private boolean unterminatedDollar;

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < sql.length() ? sql.charAt(i) : '\0';
    }

    private void add(Kind kind, int start) {
        tokens.add(new Token(kind, sql.substring(start, pos), start));
    }

    /** MySQL reads {@code --} as a comment only when a space or control character (or the end) follows. */
    private boolean mysqlDashComment() {
        char next = peek(2);
        return pos + 2 >= sql.length() || next <= ' ';
    }

    private void lineComment() {
        while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
            pos++;
        }
    }

    private boolean blockComment() {
        pos += 2;
        int depth = 1;
        while (pos < sql.length()) {
            if (sql.charAt(pos) == '*' && peek(1) == '/') {
                pos += 2;
                if (--depth == 0 || !rules.postgres) {
                    return true;
                }
            } else if (rules.postgres && sql.charAt(pos) == '/' && peek(1) == '*') {
                pos += 2;
                depth++;
            } else {
                pos++;
            }
        }
        return false;
    }

    /** Reads a quoted text opened at {@code pos}; a doubled quote, or a backslash when escapes apply, escapes. */
    private boolean quoted(char quote, boolean backslashEscapes) {
        pos++;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (backslashEscapes && c == '\\') {
                pos += 2;
            } else if (c == quote && peek(1) == quote) {
                pos += 2;
            } else if (c == quote) {
                pos++;
                return true;
            } else {
                pos++;
            }
        }
        pos = sql.length();
        return false;
    }

    /** Reads {@code $tag$ ... $tag$} at {@code pos}, or leaves {@code pos} when it is not one ({@code $1}). */
    private boolean dollarQuote() {
        int end = pos + 1;
        while (end < sql.length() && sql.charAt(end) != '$') {
            char c = sql.charAt(end);
            boolean first = end == pos + 1;
            if (!(Character.isLetter(c) || c == '_' || (!first && Character.isDigit(c)))) {
                return false;
            }
            end++;
        }
        if (end >= sql.length()) {
            return false;
        }
        String tag = sql.substring(pos, end + 1);
        int close = sql.indexOf(tag, end + 1);
        if (close < 0) {
            pos = sql.length();
            unterminatedDollar = true;
            return true;
        }
        pos = close + tag.length();
        return true;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
