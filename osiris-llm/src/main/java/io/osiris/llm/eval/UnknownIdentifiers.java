package io.osiris.llm.eval;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Names a query uses that its source does not have: tables missing from the schema, and columns
 * that no table has and no alias of the query defines. A hallucinated identifier is the commonest
 * way a model's SQL goes wrong, so an evaluation counts them beside correctness.
 */
final class UnknownIdentifiers {
    private final Set<String> tables;
    private final Set<String> columns;

    /** Against a schema: its table names and every column name of any table (any case). */
    UnknownIdentifiers(Collection<String> tables, Collection<String> columns) {
        this.tables = lower(tables);
        this.columns = lower(columns);
    }

    /**
     * The unknown names in {@code sql}, sorted; {@code alsoTables} are names the query may use as
     * tables besides the schema's (a pipeline's earlier steps). SQL the parser cannot read counts
     * as one unknown, {@code <unparsable>}.
     */
    Set<String> in(String sql, Collection<String> alsoTables) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            return Set.of("<unparsable>");
        }
        Finder finder = new Finder();
        Set<String> used = finder.getTables(statement);
        Set<String> knownTables = new HashSet<>(tables);
        knownTables.addAll(lower(alsoTables));
        knownTables.addAll(finder.defined);
        Set<String> unknown = new TreeSet<>();
        for (String table : used) {
            String name = bare(table.substring(table.lastIndexOf('.') + 1));
            if (!knownTables.contains(name)) {
                unknown.add(name);
            }
        }
        for (String column : finder.columns) {
            if (!columns.contains(column) && !finder.defined.contains(column) && !knownTables.contains(column)) {
                unknown.add(column);
            }
        }
        return unknown;
    }

    private static Set<String> lower(Collection<String> names) {
        Set<String> out = new HashSet<>();
        names.forEach(n -> out.add(bare(n)));
        return out;
    }

    private static String bare(String identifier) {
        String name = identifier.strip();
        if (name.length() >= 2 && "`\"[".indexOf(name.charAt(0)) >= 0) {
            name = name.substring(1, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** JSqlParser's table finder, which visits every sub-select, also noting columns and the aliases a query defines. */
    private static final class Finder extends TablesNamesFinder<Void> {
        final Set<String> columns = new HashSet<>();
        final Set<String> defined = new HashSet<>();

        Finder() {
            init(true);
        }

        @Override
        public <S> Void visit(Column column, S context) {
            String name = bare(column.getColumnName());
            // true/false and the like parse as columns in some dialects.
            if (!name.equals("true") && !name.equals("false") && !name.equals("null")) {
                columns.add(name);
            }
            return super.visit(column, context);
        }

        @Override
        public <S> Void visit(PlainSelect select, S context) {
            if (select.getSelectItems() != null) {
                for (SelectItem<?> item : select.getSelectItems()) {
                    if (item.getAlias() != null) {
                        defined.add(bare(item.getAlias().getName()));
                    }
                }
            }
            if (select.getFromItem() != null && select.getFromItem().getAlias() != null) {
                defined.add(bare(select.getFromItem().getAlias().getName()));
            }
            if (select.getJoins() != null) {
                select.getJoins().forEach(join -> {
                    if (join.getFromItem() != null && join.getFromItem().getAlias() != null) {
                        defined.add(bare(join.getFromItem().getAlias().getName()));
                    }
                });
            }
            return super.visit(select, context);
        }

        @Override
        public <S> Void visit(WithItem<?> item, S context) {
            defined.add(bare(item.getAliasName()));
            return super.visit(item, context);
        }

        @Override
        public <S> Void visit(Select select, S context) {
            if (select.getWithItemsList() != null) {
                select.getWithItemsList().forEach(item -> defined.add(bare(item.getAliasName())));
            }
            return super.visit(select, context);
        }
    }
}
