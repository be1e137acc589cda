package io.osiris.core.privacy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Which result columns of a query hold sensitive data: those whose name says so, and those a
 * query computes from a sensitive column under another name ({@code SELECT password AS p},
 * {@code upper(email) AS contact}, through subqueries and CTEs), so an alias does not unmask a
 * value. A query the parser does not read is judged by its column names alone.
 */
public final class SensitiveColumns {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private SensitiveColumns() {
    }

    /** For each result column, in order, whether it is sensitive. */
    public static boolean[] of(String sql, List<String> columns) {
        boolean[] sensitive = new boolean[columns.size()];
        List<SelectItem<?>> top = new ArrayList<>();
        Set<String> derived = new HashSet<>();
        try {
            Statement statement = CCJSqlParserUtil.parse(sql);
            List<PlainSelect> all = new ArrayList<>();
            if (statement instanceof Select select) {
                collect(select, all);
                PlainSelect first = firstPlain(select);
                if (first != null) {
                    top.addAll(first.getSelectItems());
                }
            }
            // Aliases of sensitive expressions are sensitive in turn, to a fixpoint (a CTE of a CTE).
            boolean grew = true;
            while (grew) {
                grew = false;
                for (PlainSelect ps : all) {
                    for (SelectItem<?> item : ps.getSelectItems()) {
                        String name = outputName(item);
                        if (name != null && !derived.contains(name) && mentionsSensitive(item.getExpression(), derived)) {
                            derived.add(name);
                            grew = true;
                        }
                    }
                }
            }
        } catch (JSQLParserException | RuntimeException e) {
            top.clear();
        }
        boolean positional = top.size() == columns.size()
                && top.stream().noneMatch(i -> i.getExpression() instanceof AllColumns);
        for (int i = 0; i < sensitive.length; i++) {
            String name = columns.get(i);
            sensitive[i] = SensitiveData.sensitiveColumn(name) || derived.contains(name.toLowerCase(Locale.ROOT))
                    || positional && mentionsSensitive(top.get(i).getExpression(), derived);
        }
        return sensitive;
    }

    private static boolean mentionsSensitive(Expression expression, Set<String> derived) {
        // A count says how many, not what: COUNT(email) is no email.
        if (expression == null || expression instanceof AllColumns
                || expression.toString().strip().toLowerCase(Locale.ROOT).matches("count\\s*\\(.*")) {
            return false;
        }
        Matcher m = IDENTIFIER.matcher(expression.toString());
        while (m.find()) {
            String word = m.group();
            if (SensitiveData.sensitiveColumn(word) || derived.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static String outputName(SelectItem<?> item) {
        Alias alias = item.getAlias();
        if (alias != null) {
            return unquote(alias.getName()).toLowerCase(Locale.ROOT);
        }
        return item.getExpression() instanceof Column c ? unquote(c.getColumnName()).toLowerCase(Locale.ROOT) : null;
    }

    private static String unquote(String name) {
        return name.replaceAll("^[\"`\\[]|[\"`\\]]$", "");
    }

    private static PlainSelect firstPlain(Select select) {
        if (select instanceof PlainSelect ps) {
            return ps;
        }
        if (select instanceof ParenthesedSelect p) {
            return firstPlain(p.getSelect());
        }
        if (select instanceof SetOperationList set && !set.getSelects().isEmpty()) {
            return firstPlain(set.getSelects().get(0));
        }
        return null;
    }

    private static void collect(Select select, List<PlainSelect> into) {
        if (select == null) {
            return;
        }
        if (select.getWithItemsList() != null) {
            for (WithItem<?> with : select.getWithItemsList()) {
                if (with.getSelect() != null) {
                    collect(with.getSelect(), into);
                }
            }
        }
        if (select instanceof PlainSelect ps) {
            into.add(ps);
            from(ps.getFromItem(), into);
            if (ps.getJoins() != null) {
                for (Join join : ps.getJoins()) {
                    from(join.getFromItem(), into);
                }
            }
        } else if (select instanceof ParenthesedSelect p) {
            collect(p.getSelect(), into);
        } else if (select instanceof SetOperationList set) {
            set.getSelects().forEach(s -> collect(s, into));
        }
    }

    private static void from(FromItem item, List<PlainSelect> into) {
        if (item instanceof ParenthesedSelect p) {
            collect(p, into);
        }
    }
}
