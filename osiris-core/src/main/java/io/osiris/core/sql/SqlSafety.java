package io.osiris.core.sql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.SqlDialect;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Decides whether extraction SQL is exactly one read-only statement, with JSqlParser: a
 * SELECT, WITH ... SELECT or VALUES, and nothing that writes or locks (no INSERT, UPDATE,
 * DELETE or DDL, no data-modifying CTE, no SELECT INTO, INTO OUTFILE/DUMPFILE, no FOR UPDATE
 * or other locking clause, no second statement hidden after a semicolon or a comment).
 * Functions that change server state in a dialect ({@code pg_terminate_backend},
 * {@code GET_LOCK}, {@code LOAD_FILE}, ...) are refused too.
 *
 * <p>SQL the parser cannot read is refused: a check that cannot see a statement must not
 * wave it through. Connectors run extraction in read-only sessions as a second line of
 * defence. Instances are immutable and thread-safe.
 */
public final class SqlSafety {
    private static final Set<String> POSTGRES_DENIED = Set.of("pg_terminate_backend", "pg_cancel_backend",
            "set_config", "nextval", "setval", "pg_reload_conf", "pg_rotate_logfile", "lo_import", "lo_export",
            "lo_unlink", "dblink_exec", "pg_read_file", "pg_read_binary_file", "pg_ls_dir", "pg_advisory_lock",
            "pg_advisory_xact_lock", "pg_sleep", "txid_current", "pg_switch_wal", "pg_create_restore_point");
    private static final Set<String> MYSQL_DENIED = Set.of("sleep", "benchmark", "get_lock", "release_lock",
            "release_all_locks", "load_file", "master_pos_wait", "source_pos_wait");
    private static final Set<String> DUCKDB_DENIED = Set.of("pragma", "checkpoint", "force_checkpoint");

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
        Statements statements;
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "osiris-sql-parser");
            t.setDaemon(true);
            return t;
        });
        try {
            // JSqlParser times out a runaway parse on this executor (the default makes a new one per call).
            statements = CCJSqlParserUtil.parseStatements(sql, executor, parser -> {
                parser.withTimeOut(10_000);
                if (dialect == SqlDialect.MYSQL) {
                    // MySQL reads backslash escapes in strings: 'it\'s' is one literal, not a quote ending.
                    parser.withBackslashEscapeCharacter(true);
                }
            });
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
        Inspector inspector = new Inspector(deniedFunctions());
        try {
            inspector.getTables((Statement) select);
            inspector.inspectSelect(select);
        } catch (UnsupportedOperationException e) {
            return Optional.of("the SQL uses a construct the safety check cannot follow (" + e.getMessage()
                    + "); rewrite it as a plain SELECT");
        }
        return Optional.ofNullable(inspector.refusal);
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

    private Set<String> deniedFunctions() {
        return switch (dialect) {
            case POSTGRES -> POSTGRES_DENIED;
            case MYSQL -> MYSQL_DENIED;
            case DUCKDB -> DUCKDB_DENIED;
            case ANSI -> Set.of();
        };
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

    /**
     * Walks the whole statement (JSqlParser's table finder visits every sub-select, CTE and
     * expression) and remembers the first thing that writes or locks.
     */
    private static final class Inspector extends TablesNamesFinder<Void> {
        private final Set<String> denied;
        private String refusal;

        Inspector(Set<String> denied) {
            this.denied = denied;
            init(true);
        }

        private void refuse(String reason) {
            if (refusal == null) {
                refusal = reason;
            }
        }

        void inspectSelect(Select select) {
            if (select.getForMode() != null || select.getForUpdateTable() != null) {
                refuse("a locking clause (FOR " + (select.getForMode() == null ? "UPDATE"
                        : select.getForMode().getValue()) + ") is not allowed in an extraction");
            }
            if (select.getWithItemsList() != null) {
                for (WithItem<?> item : select.getWithItemsList()) {
                    if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
                        refuse("the CTE '" + item.getAliasName() + "' modifies data; only SELECT CTEs are allowed");
                    }
                }
            }
        }

        @Override
        public <S> Void visit(PlainSelect plainSelect, S context) {
            inspectSelect(plainSelect);
            if ((plainSelect.getIntoTables() != null && !plainSelect.getIntoTables().isEmpty())
                    || plainSelect.getIntoTempTable() != null) {
                refuse("SELECT ... INTO writes a table; extraction only reads");
            }
            return super.visit(plainSelect, context);
        }

        @Override
        public <S> Void visit(SetOperationList list, S context) {
            inspectSelect(list);
            return super.visit(list, context);
        }

        @Override
        public <S> Void visit(ParenthesedSelect select, S context) {
            inspectSelect(select);
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(WithItem<?> item, S context) {
            if (!(item.getParenthesedStatement() instanceof ParenthesedSelect)) {
                refuse("the CTE '" + item.getAliasName() + "' modifies data; only SELECT CTEs are allowed");
                return null;
            }
            return super.visit(item, context);
        }

        @Override
        public <S> Void visit(Insert insert, S context) {
            refuse("INSERT is not allowed in an extraction");
            return null;
        }

        @Override
        public <S> Void visit(Update update, S context) {
            refuse("UPDATE is not allowed in an extraction");
            return null;
        }

        @Override
        public <S> Void visit(Delete delete, S context) {
            refuse("DELETE is not allowed in an extraction");
            return null;
        }

        @Override
        public <S> Void visit(Function function, S context) {
            String name = function.getName() == null ? "" : function.getName().toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            String bare = dot < 0 ? name : name.substring(dot + 1);
            if (denied.contains(bare)) {
                refuse("the function " + bare + "() changes server state or reads server files; "
                        + "it is not allowed in an extraction");
            }
            return super.visit(function, context);
        }
    }
}
