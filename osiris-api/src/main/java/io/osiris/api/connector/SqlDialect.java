package io.osiris.api.connector;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The SQL dialect a source speaks: how identifiers are quoted, and which SQL safety rules check
 * its queries. A connector declares it ({@link ConnectorProvider#dialect()}).
 *
 * <p>Five dialects are built in, each with reviewed rules: {@link #MYSQL}, {@link #POSTGRES},
 * {@link #DUCKDB}, {@link #SQLITE} and {@link #ANSI} (for a server with no closer match; its
 * rules refuse what any other dialect refuses). A connector for another server builds its own
 * on one of them with {@link #builder(String, SqlDialect)}: the base says how the text is read
 * (strings, comments, quoted names) and which functions are refused; the new dialect may add
 * the word operators its server has ({@code GLOB}), functions it reviewed as harmless, and
 * functions to refuse. Whatever a dialect declares, only one read-only statement passes: no
 * dialect can let a write, DDL, a second statement or a locking clause through.
 *
 * <pre>{@code
 * static final SqlDialect H2 = SqlDialect.builder("h2", SqlDialect.ANSI)
 *         .operators("REGEXP")
 *         .deniedFunctions("file_read", "file_write", "link_schema")
 *         .build();
 * }</pre>
 *
 * <p>Instances are immutable; two dialects are equal when they declare the same.
 */
public final class SqlDialect {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]*");

    /**
     * Words that shape a statement (what it does, where its clauses start): never an operator,
     * since the safety check reads a declared operator as a comparison.
     */
    private static final Set<String> STRUCTURAL = Set.of("select", "insert", "update", "delete", "merge", "upsert",
            "replace", "into", "outfile", "dumpfile", "create", "drop", "alter", "truncate", "rename", "grant",
            "revoke", "call", "exec", "execute", "do", "copy", "load", "import", "export", "install", "attach",
            "detach", "pragma", "vacuum", "analyze", "reindex", "set", "reset", "lock", "unlock", "for", "share",
            "nowait", "skip", "from", "where", "with", "recursive", "union", "intersect", "except", "minus",
            "returning", "values", "table", "begin", "start", "commit", "rollback", "savepoint", "release", "and",
            "or", "not", "on", "as", "join", "using", "group", "order", "by", "having", "limit", "offset", "fetch",
            "window", "over", "partition", "qualify", "case", "when", "then", "else", "end", "is", "in", "between",
            "exists", "all", "any", "some", "distinct", "null", "true", "false", "like", "escape", "collate",
            "natural", "cross", "left", "right", "full", "inner", "outer", "lateral", "unnest", "procedure",
            "handler", "use", "show", "describe", "explain", "listen", "notify", "prepare", "deallocate",
            "straight_join", "ignore", "high_priority", "sql_no_cache", "sql_calc_found_rows");

    /** MySQL and MariaDB: backtick-quoted names, backslash escapes in strings, executable comments. */
    public static final SqlDialect MYSQL = new SqlDialect("mysql", '`', null, Set.of(), Set.of(), Set.of());
    /** PostgreSQL and Supabase, with the reviewed {@code pg_} functions. */
    public static final SqlDialect POSTGRES = new SqlDialect("postgres", '"', null, Set.of(), Set.of(), Set.of());
    /** DuckDB, with its file-reading table functions refused. */
    public static final SqlDialect DUCKDB = new SqlDialect("duckdb", '"', null, Set.of(), Set.of(), Set.of());
    /** Standard SQL, for sources with no closer match: refuses what any built-in dialect refuses. */
    public static final SqlDialect ANSI = new SqlDialect("ansi", '"', null, Set.of(), Set.of(), Set.of());
    /**
     * SQLite: ANSI's rules, its {@code GLOB} and {@code REGEXP} operators, and its functions that
     * load extensions or touch files refused.
     */
    public static final SqlDialect SQLITE = builder("sqlite", ANSI)
            .operators("glob", "regexp")
            .deniedFunctions("load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "zipfile",
                    "sqlar_compress", "sqlar_uncompress", "fsdir", "lsmode")
            .build();

    private final String name;
    private final char quote;
    private final SqlDialect base;
    private final Set<String> operators;
    private final Set<String> allowedFunctions;
    private final Set<String> deniedFunctions;

    private SqlDialect(String name, char quote, SqlDialect base, Set<String> operators, Set<String> allowedFunctions,
            Set<String> deniedFunctions) {
        this.name = name;
        this.quote = quote;
        this.base = base == null ? this : base;
        this.operators = Set.copyOf(operators);
        this.allowedFunctions = Set.copyOf(allowedFunctions);
        this.deniedFunctions = Set.copyOf(deniedFunctions);
    }

    /**
     * Starts a dialect named {@code name} ({@code [a-z][a-z0-9_]*}, lower case) on the rules of
     * {@code base}; the identifier quote is the base's unless {@link Builder#quote} changes it.
     * A dialect built on another built one ({@link #SQLITE}) starts from everything that one
     * declares, on the same {@link #base()}.
     */
    public static Builder builder(String name, SqlDialect base) {
        return new Builder(name, base);
    }

    /** The dialect's name in upper case ({@code MYSQL}, {@code SQLITE}), as the built-in constants were named. */
    public String name() {
        return name.toUpperCase(Locale.ROOT);
    }

    /**
     * The reviewed rules this one starts from, one of {@link #MYSQL}, {@link #POSTGRES},
     * {@link #DUCKDB} and {@link #ANSI}: how the text is lexed and parsed, and which functions
     * are refused. Those four are their own base; {@link #SQLITE}'s is {@link #ANSI}.
     */
    public SqlDialect base() {
        return base;
    }

    /** The character that quotes identifiers ({@code "} or {@code `}). */
    public char identifierQuote() {
        return quote;
    }

    /** Words the server reads as a binary comparison ({@code glob}), in lower case; the safety check reads them so. */
    public Set<String> operators() {
        return operators;
    }

    /**
     * Functions reviewed as harmless on this dialect's server, in lower case: they lift a refusal
     * the base makes only because a function is not on its reviewed list (an unreviewed
     * {@code pg_} function, a table function), never one for what a function does (files,
     * sessions, sleeping, locks, state), nor one of {@link #deniedFunctions()}.
     */
    public Set<String> allowedFunctions() {
        return allowedFunctions;
    }

    /** Functions refused in this dialect beside the base's refusals, in lower case. */
    public Set<String> deniedFunctions() {
        return deniedFunctions;
    }

    /**
     * Quotes an identifier so it is read as a name, never as SQL: the quote character is
     * doubled inside. A dotted name is not split; quote each part separately.
     */
    public String quote(String identifier) {
        if (identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("identifier contains a NUL character");
        }
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }

    /** Quotes a possibly schema-qualified name ({@code public.movies}) part by part. */
    public String quoteQualified(String name) {
        String[] parts = name.split("\\.", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(quote(parts[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        // A base (MYSQL, POSTGRES, DUCKDB, ANSI) is equal only to itself; a built dialect's base is always one.
        if (!(o instanceof SqlDialect d) || base == this || d.base == d) {
            return false;
        }
        return name.equals(d.name) && quote == d.quote && base == d.base && operators.equals(d.operators)
                && allowedFunctions.equals(d.allowedFunctions) && deniedFunctions.equals(d.deniedFunctions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, quote, operators, allowedFunctions, deniedFunctions);
    }

    /** The name, with the base and what this dialect adds when it is not built in. */
    @Override
    public String toString() {
        if (base == this) {
            return name();
        }
        return name() + " (on " + base.name() + (operators.isEmpty() ? "" : ", operators " + new TreeSet<>(operators))
                + (allowedFunctions.isEmpty() ? "" : ", allows " + new TreeSet<>(allowedFunctions))
                + (deniedFunctions.isEmpty() ? "" : ", denies " + new TreeSet<>(deniedFunctions)) + ")";
    }

    /** Builds a dialect on a built-in one's rules; see {@link SqlDialect#builder(String, SqlDialect)}. */
    public static final class Builder {
        private final String name;
        private final SqlDialect base;
        private char quote;
        private final Set<String> operators = new LinkedHashSet<>();
        private final Set<String> allowed = new LinkedHashSet<>();
        private final Set<String> denied = new LinkedHashSet<>();

        private Builder(String name, SqlDialect base) {
            requireNonNull(name, "name");
            requireNonNull(base, "base");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a dialect name is lower case letters, digits and '_': '" + name + "'");
            }
            this.name = name;
            this.base = base.base;
            this.quote = base.quote;
            operators.addAll(base.operators);
            allowed.addAll(base.allowedFunctions);
            denied.addAll(base.deniedFunctions);
        }

        /** The identifier quote: {@code "} or {@code `}. */
        public Builder quote(char value) {
            if (value != '"' && value != '`') {
                throw new IllegalArgumentException("an identifier quote is '\"' or '`', not '" + value + "'");
            }
            this.quote = value;
            return this;
        }

        /**
         * Words the server reads as a binary comparison between two values, like {@code LIKE}
         * ({@code glob}, {@code regexp}). A word that shapes a statement ({@code into},
         * {@code for}, {@code union}, {@code select}...) is refused: it is not a comparison.
         *
         * @throws IllegalArgumentException naming a word that is not a plain word or shapes a statement
         */
        public Builder operators(String... words) {
            for (String w : words) {
                String word = word(w, "operator");
                if (STRUCTURAL.contains(word)) {
                    throw new IllegalArgumentException("'" + w + "' shapes an SQL statement and cannot be declared "
                            + "an operator; an operator is a word compared like LIKE (glob, regexp)");
                }
                operators.add(word);
            }
            return this;
        }

        /** Functions reviewed as harmless on this server (see {@link SqlDialect#allowedFunctions()}). */
        public Builder allowedFunctions(String... functions) {
            for (String f : functions) {
                allowed.add(word(f, "function"));
            }
            return this;
        }

        /** Functions to refuse beside the base's refusals: those that touch files, load code, sleep... */
        public Builder deniedFunctions(String... functions) {
            for (String f : functions) {
                denied.add(word(f, "function"));
            }
            return this;
        }

        /** The dialect. */
        public SqlDialect build() {
            return new SqlDialect(name, quote, base, operators, allowed, denied);
        }

        private static String word(String value, String what) {
            String w = requireNonNull(value, what).toLowerCase(Locale.ROOT);
            if (!WORD.matcher(w).matches()) {
                throw new IllegalArgumentException("a dialect's " + what + " is one word of letters, digits and "
                        + "'_': '" + value + "'");
            }
            return w;
        }
    }
}
