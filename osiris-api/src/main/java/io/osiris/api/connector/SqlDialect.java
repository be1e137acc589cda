package io.osiris.api.connector;

/**
 * The SQL dialect a source speaks: how identifiers are quoted and which parser rules apply.
 */
public enum SqlDialect {
    /** MySQL and MariaDB: backtick-quoted identifiers. */
    MYSQL('`'),
    /** PostgreSQL and Supabase. */
    POSTGRES('"'),
    /** DuckDB. */
    DUCKDB('"'),
    /** Standard SQL, for sources with no closer match. */
    ANSI('"');

    private final char quote;

    SqlDialect(char quote) {
        this.quote = quote;
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
}
