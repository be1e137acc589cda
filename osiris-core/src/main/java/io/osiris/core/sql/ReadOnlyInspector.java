package io.osiris.core.sql;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Walks a parsed statement (JSqlParser's table finder visits every sub-select, CTE, join and
 * table function) and remembers the first thing that writes, locks, calls a refused function,
 * uses a table function off the dialect's allow-list, or names a file as a table.
 */
final class ReadOnlyInspector extends TablesNamesFinder<Void> {
    /** Extensions DuckDB's replacement scans (and its autoloaded readers) recognise as files. */
    private static final Pattern FILE_NAME = Pattern.compile(
            "(?i).*\\.(csv|tsv|tbl|txt|parquet|json|jsonl|ndjson|geojson|xlsx|arrow|avro|gz|zst|zstd|db|sqlite|duckdb)");

    private final FunctionPolicy policy;
    private final List<String> fileLikeNames;
    private String refusal;

    ReadOnlyInspector(FunctionPolicy policy, List<String> fileLikeNames) {
        this.policy = policy;
        this.fileLikeNames = fileLikeNames;
        init(true);
    }

    /** The first refusal found, or null. */
    String refusal() {
        return refusal;
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
        List<String> parts = function.getMultipartName();
        if (parts != null && !parts.isEmpty()) {
            String name = unquoted(parts.get(parts.size() - 1));
            String schema = parts.size() > 1 ? unquoted(parts.get(parts.size() - 2)) : "";
            policy.refusal(schema, name).ifPresent(category ->
                    refuse(TokenChecks.refusalOf(schema.isEmpty() ? name : schema + "." + name, category)));
        }
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(TableFunction tableFunction, S context) {
        Function function = tableFunction.getFunction();
        List<String> parts = function.getMultipartName();
        String name = parts == null || parts.isEmpty() ? String.valueOf(function.getName())
                : unquoted(parts.get(parts.size() - 1));
        if (!policy.allowsTableFunction(name)) {
            refuse(TokenChecks.refusalOf(name, FunctionCategory.UNREVIEWED_TABLE_FUNCTION));
        }
        return super.visit(tableFunction, context);
    }

    @Override
    public <S> Void visit(Table table, S context) {
        String written = table.getFullyQualifiedName();
        if (written != null && written.startsWith("'")) {
            refuse("a string used as a table (" + written + ") makes DuckDB read that file (a replacement "
                    + "scan); name a table, or an earlier step of the pipeline, instead");
        } else if (written != null) {
            String bare = unquoted(table.getName() == null ? "" : table.getName());
            policy.relationRefusal(bare).ifPresent(category -> refuse("the table " + bare + " "
                    + category.description() + ", so Osiris refuses it in the SQL it runs; remove it"));
            String plain = written.replace("\"", "").replace("`", "");
            if (policy.readsFileNamedTables() && FILE_NAME.matcher(plain).matches()) {
                refuse("the table name " + plain + " ends like a file name, which DuckDB reads as that file "
                        + "(a replacement scan); name a table, or an earlier step of the pipeline, instead");
            }
            for (String name : fileLikeNames) {
                if (plain.equals(name) || plain.endsWith("." + name)) {
                    refuse("the table name \"" + name + "\" looks like a file path, which DuckDB reads as a file "
                            + "(a replacement scan); name a table, or an earlier step of the pipeline, instead");
                }
            }
        }
        return super.visit(table, context);
    }

    private static String unquoted(String name) {
        String n = name;
        if (n.length() >= 2 && (n.startsWith("\"") || n.startsWith("`")) && n.endsWith(n.substring(0, 1))) {
            n = n.substring(1, n.length() - 1);
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
