package io.osiris.core.template;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.TypeKind;
import io.osiris.core.sql.SqlLiterals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How parameter values become SQL text: names quoted in a dialect, values written as literals
 * of their column's type, and columns looked up (and their types checked) in a table's
 * description. A value that fits none of these is refused with the parameter's name.
 */
final class SqlQuoting {
    static final Set<TypeKind> NUMERIC = SchemaMentions.NUMERIC;
    static final Set<TypeKind> TEMPORAL = SchemaMentions.TEMPORAL;

    private SqlQuoting() {
    }

    /** A value as a literal of its column's type in {@code dialect}: numbers parsed, dates parsed, text escaped. */
    static String typedLiteral(SqlDialect dialect, String parameter, ColumnInfo column, String value) {
        TypeKind kind = column.type().kind();
        try {
            if (NUMERIC.contains(kind)) {
                return SqlLiterals.number(new BigDecimal(value.trim()));
            }
            if (kind == TypeKind.BOOLEAN) {
                return switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "1" -> "TRUE";
                    case "false", "no", "0" -> "FALSE";
                    default -> throw new IllegalArgumentException("not a boolean");
                };
            }
            if (kind == TypeKind.DATE) {
                return SqlLiterals.date(LocalDate.parse(value.trim()));
            }
            if (kind == TypeKind.TIMESTAMP || kind == TypeKind.TIMESTAMP_TZ) {
                String v = value.trim();
                return SqlLiterals.timestamp(v.length() == 10 ? LocalDate.parse(v).atStartOfDay()
                        : LocalDateTime.parse(v.replace(' ', 'T')));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(parameter, "'" + value + "' is not a value of " + column.name() + " (" + column.type() + ")");
        } catch (IllegalArgumentException e) {
            throw invalid(parameter, "'" + value + "' is not a value of " + column.name() + " (" + column.type()
                    + "): " + e.getMessage());
        }
        return literal(dialect, value);
    }

    /** Text as a string literal of {@code dialect}. */
    static String literal(SqlDialect dialect, String value) {
        try {
            return SqlLiterals.string(dialect, value);
        } catch (IllegalArgumentException e) {
            throw invalid("value", e.getMessage());
        }
    }

    /** Names quoted in {@code dialect}, comma-separated. */
    static String list(SqlDialect dialect, List<String> columns) {
        return columns.stream().map(dialect::quote).collect(Collectors.joining(", "));
    }

    /** The {@code columns} parameter, else every column of the table. */
    static List<String> columnsOrAll(TemplateEngine.Resolved r, TableInfo t) {
        List<String> columns = r.list("columns");
        return columns.isEmpty() ? names(t) : columns;
    }

    static List<String> names(TableInfo t) {
        return t.columns().stream().map(ColumnInfo::name).toList();
    }

    /** A column the engine already checked exists. */
    static ColumnInfo column(TableInfo t, String name) {
        return t.columns().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("checked column " + name + " vanished"));
    }

    /** Refuses a column that is not numeric, naming the ones that are. */
    static void requireNumeric(TableInfo t, String parameter, String name) {
        ColumnInfo column = column(t, name);
        if (!NUMERIC.contains(column.type().kind())) {
            throw invalid(parameter, "'" + name + "' is " + column.type() + ", not a number; numeric columns of "
                    + t.name() + ": " + columnsOfKinds(t, NUMERIC));
        }
    }

    static String columnsOfKinds(TableInfo t, Set<TypeKind> kinds) {
        List<String> names = t.columns().stream().filter(c -> kinds.contains(c.type().kind())).map(ColumnInfo::name)
                .toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    static List<String> optional(String column) {
        return column.isEmpty() ? List.of() : List.of(column);
    }

    @SafeVarargs
    static List<String> union(List<String>... lists) {
        Set<String> all = new LinkedHashSet<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return List.copyOf(all);
    }

    static ValidationException invalid(String parameter, String message) {
        return new ValidationException(List.of(new Problem("", parameter, 0, message)));
    }
}
