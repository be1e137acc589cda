package io.osiris.llm.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * The table a query's rows are about: the first table of its FROM. A join multiplies rows when
 * the query returns more rows than distinct rows of that table; {@link #fanOutQuery} counts both
 * with the query's own joins and filter.
 *
 * @param table     the table as the query names it (unquoted)
 * @param reference how the query's columns refer to it: its alias, or its name
 * @param joined    whether the query joins other tables to it, without grouping or DISTINCT
 * @param query     the parsed query
 */
record DrivingTable(String table, String reference, boolean joined, PlainSelect query) {

    /** The driving table of a single SELECT, if the parser reads it and its FROM starts with a table. */
    static Optional<DrivingTable> of(String sql) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.empty();
        }
        if (!(statement instanceof PlainSelect ps) || !(ps.getFromItem() instanceof Table t)) {
            return Optional.empty();
        }
        Alias alias = t.getAlias();
        String reference = alias != null ? alias.getName() : t.getFullyQualifiedName();
        boolean joined = ps.getJoins() != null && !ps.getJoins().isEmpty() && ps.getGroupBy() == null
                && ps.getDistinct() == null && ps.getHaving() == null;
        return Optional.of(new DrivingTable(unquoted(t.getFullyQualifiedName()), reference, joined, ps));
    }

    /**
     * The query with its select list replaced by {@code COUNT(*)} and {@code COUNT(DISTINCT key)}, and
     * without ORDER BY or LIMIT: two counts that differ when the joins repeat rows of the driving table.
     *
     * @param key an expression naming a driving row ({@code m.movie_id}, or the alias itself in DuckDB)
     */
    String fanOutQuery(String key) {
        try {
            PlainSelect copy = (PlainSelect) CCJSqlParserUtil.parse(query.toString());
            List<SelectItem<?>> items = new ArrayList<>();
            items.add(SelectItem.from(CCJSqlParserUtil.parseExpression("COUNT(*)")));
            items.add(SelectItem.from(CCJSqlParserUtil.parseExpression("COUNT(DISTINCT " + key + ")")));
            copy.setSelectItems(items);
            copy.setOrderByElements(null);
            copy.setLimit(null);
            copy.setOffset(null);
            copy.setFetch(null);
            return copy.toString();
        } catch (JSQLParserException e) {
            throw new IllegalStateException("the query parsed once and not again: " + e.getMessage(), e);
        }
    }

    /**
     * The result columns a query renames from one column, directly or through a CAST
     * ({@code CAST(rating AS INTEGER) AS stars}): lower-case output name to lower-case column name.
     * The type map follows them back to the type the source gave.
     */
    static Map<String, String> renamedColumns(String sql) {
        Map<String, String> renamed = new HashMap<>();
        try {
            if (CCJSqlParserUtil.parse(sql) instanceof PlainSelect ps) {
                for (SelectItem<?> item : ps.getSelectItems()) {
                    Expression e = item.getExpression();
                    if (e instanceof CastExpression cast) {
                        e = cast.getLeftExpression();
                    }
                    if (item.getAlias() != null && e instanceof Column column) {
                        renamed.put(unquoted(item.getAlias().getName()).toLowerCase(Locale.ROOT),
                                unquoted(column.getColumnName()).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (JSQLParserException | RuntimeException e) {
            // Unread SQL: its columns are followed by name only.
        }
        return renamed;
    }

    private static String unquoted(String name) {
        return name.replace("`", "").replace("\"", "");
    }
}
