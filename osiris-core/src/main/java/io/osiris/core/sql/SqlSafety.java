package io.osiris.core.sql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Decides whether SQL is exactly one read-only statement that can do nothing but read, with
 * JSqlParser and a lexer that reads the text as the dialect's server does: a SELECT, WITH ...
 * SELECT or VALUES, and nothing that writes or locks (no INSERT, UPDATE, DELETE or DDL, no
 * data-modifying CTE, no SELECT INTO, INTO OUTFILE/DUMPFILE, no FOR UPDATE or other locking
 * clause, no second statement hidden after a semicolon or a comment).
 *
 * <p>What a statement can do is checked too, not only its shape:
 * <ul>
 *   <li>executable comments ({@code /*!...*}{@code /}, {@code /*M!...*}{@code /}) and optimizer
 *       hints ({@code /*+...*}{@code /}) are refused before parsing, conservatively: the
 *       characters are refused even inside a string literal;</li>
 *   <li>every call {@code name(...)} the server would make, wherever it stands, is checked
 *       against the dialect's reviewed function policy (functions that run SQL text, open other
 *       sessions, touch server files, signal backends, sleep, take locks, change state or reveal
 *       settings are refused; PostgreSQL's {@code pg_} functions are an allow-list, DuckDB's
 *       table functions too), also when schema-qualified or quoted;</li>
 *   <li>a string or a file-like quoted name used as a table (DuckDB's replacement scan,
 *       {@code FROM '/etc/passwd'}) is refused;</li>
 *   <li>text that reads differently when the server treats backslashes in strings otherwise
 *       ({@code NO_BACKSLASH_ESCAPES}, {@code standard_conforming_strings=off}) is refused.</li>
 * </ul>
 *
 * <p>SQL the parser cannot read is refused: a check that cannot see a statement must not
 * wave it through. Connectors run extraction in read-only sessions as a second line of
 * defence. Instances are immutable and thread-safe.
 */
public final class SqlSafety {
    private final SqlDialect dialect;

    private SqlSafety(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** The checker for SQL written in a dialect. */
    public static SqlSafety forDialect(SqlDialect dialect) {
        return new SqlSafety(requireNonNull(dialect, "dialect"));
    }

    /** The dialect this checker reads. */
    public SqlDialect dialect() {
        return dialect;
    }

    /**
     * Why {@code sql} is refused, or empty when it is one read-only statement.
     */
    public Optional<String> refusal(String sql) {
        requireNonNull(sql, "sql");
        if (sql.isBlank()) {
            return Optional.of("the SQL is empty");
        }
        FunctionPolicy policy = FunctionPolicy.forDialect(dialect);
        TokenChecks tokens = TokenChecks.of(sql, dialect, policy);
        Optional<String> early = tokens.refusal();
        if (early.isPresent()) {
            return early;
        }
        // The parser reads the text with strings and comments where the server sees them
        // (normalising also collects the file-like quoted names the inspector looks for).
        String parsed = tokens.normalised();
        Statements statements;
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "osiris-sql-parser");
            t.setDaemon(true);
            return t;
        });
        try {
            // JSqlParser times out a runaway parse on this executor (the default makes a new one per call).
            // No backslash is left inside a normalised string, so the parser needs no escape rules.
            statements = CCJSqlParserUtil.parseStatements(parsed, executor, parser -> parser.withTimeOut(10_000));
        } catch (JSQLParserException e) {
            return Optional.of("the SQL cannot be read as one read-only statement: " + firstLine(e));
        } catch (RuntimeException e) {
            return Optional.of("the SQL cannot be read as one read-only statement: " + e.getMessage());
        } finally {
            executor.shutdownNow();
        }
        if (statements == null || statements.isEmpty()) {
            return Optional.of("the SQL holds no statement");
        }
        if (statements.size() > 1) {
            return Optional.of("the SQL holds " + statements.size()
                    + " statements; an extraction is exactly one SELECT (remove the ';' and what follows)");
        }
        Statement statement = statements.get(0);
        if (!(statement instanceof Select select)) {
            return Optional.of("only SELECT, WITH ... SELECT or VALUES may extract, not "
                    + kindOf(statement));
        }
        ReadOnlyInspector inspector = new ReadOnlyInspector(policy, tokens.fileLikeNames());
        try {
            inspector.getTables((Statement) select);
            inspector.inspectSelect(select);
        } catch (UnsupportedOperationException e) {
            return Optional.of("the SQL uses a construct the safety check cannot follow (" + e.getMessage()
                    + "); rewrite it as a plain SELECT");
        }
        return Optional.ofNullable(inspector.refusal());
    }

    /**
     * Why an extraction is refused: a query by {@link #refusal(String)}, a table's filter by
     * {@link #filterRefusal(String)}; empty when it only reads.
     */
    public Optional<String> refusal(Extraction extraction) {
        requireNonNull(extraction, "extraction");
        if (extraction instanceof Extraction.Query q) {
            return refusal(q.sql());
        }
        String where = ((Extraction.Table) extraction).where();
        return where.isBlank() ? Optional.empty() : filterRefusal(where);
    }

    /**
     * Why a table extraction's {@code where} filter is refused, or empty when it is one condition
     * that passes every check of {@link #refusal(String)}. Connectors paste the filter into
     * {@code SELECT ... FROM table WHERE <filter>} and add a LIMIT after it, so the filter must be
     * a whole boolean expression: no comment, no second clause ({@code UNION}, {@code ORDER BY},
     * {@code LIMIT}, {@code FOR UPDATE}), no unbalanced parenthesis.
     */
    public Optional<String> filterRefusal(String where) {
        requireNonNull(where, "where");
        if (where.isBlank()) {
            return Optional.of("the filter is empty");
        }
        String prefix = "SELECT * FROM t WHERE ";
        Optional<String> composed = refusal(prefix + where);
        if (composed.isPresent()) {
            return composed;
        }
        boolean commented = SqlLexer.lex(where, TokenChecks.rules(dialect)).tokens().stream()
                .anyMatch(t -> t.kind() == SqlLexer.Kind.COMMENT);
        if (commented) {
            return Optional.of("the filter holds a comment, which would hide the SQL a connector adds after it; "
                    + "remove the comment");
        }
        String condition = TokenChecks.of(where, dialect, FunctionPolicy.forDialect(dialect)).normalised();
        try {
            CCJSqlParserUtil.parseCondExpression(condition, false);
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.of("the filter is not one condition (it must read as the WHERE of a single table, "
                    + "with no UNION, ORDER BY, LIMIT or unbalanced parenthesis)");
        }
        return Optional.empty();
    }

    /** Whether {@code sql} is one read-only statement. */
    public boolean isReadOnly(String sql) {
        return refusal(sql).isEmpty();
    }

    /**
     * Checks {@code sql} and throws when it is refused.
     *
     * @param where names the input in the problem ({@code --sql}, {@code extract[0].query})
     * @throws ValidationException saying why the SQL is refused
     */
    public void check(String sql, String where) {
        refusal(sql).ifPresent(reason -> {
            throw new ValidationException(java.util.List.of(new Problem("", where, 0, "refused SQL: " + reason)));
        });
    }

    private static String kindOf(Statement statement) {
        String name = statement.getClass().getSimpleName();
        return name.toUpperCase(Locale.ROOT);
    }

    private static String firstLine(JSQLParserException e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String message = String.valueOf(t.getMessage());
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
