package io.osiris.core.sql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.SqlDialect;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Values written into SQL as literals, so a value is always read as data, never as SQL: text
 * is quoted with its quotes doubled (and, for MySQL, its backslashes too, since MySQL reads
 * backslash escapes inside strings), numbers are written from parsed numbers, dates from parsed
 * dates. Generated pipelines are files people read and re-run, which is why values are
 * literals rather than bind parameters.
 */
public final class SqlLiterals {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private SqlLiterals() {
    }

    /**
     * A string literal in a dialect.
     *
     * @throws IllegalArgumentException when the text holds a NUL character, which no dialect stores
     */
    public static String string(SqlDialect dialect, String value) {
        requireNonNull(dialect, "dialect");
        requireNonNull(value, "value");
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text contains a NUL character");
        }
        String escaped = value.replace("'", "''");
        if (dialect.base() == SqlDialect.MYSQL) {
            escaped = escaped.replace("\\", "\\\\");
        }
        return "'" + escaped + "'";
    }

    /** A numeric literal, written in plain notation ({@code 8.5}, never {@code 8.5E0}). */
    public static String number(BigDecimal value) {
        return requireNonNull(value, "value").toPlainString();
    }

    /** {@code DATE 'yyyy-mm-dd'}, which MySQL, PostgreSQL and DuckDB all read. */
    public static String date(LocalDate value) {
        return "DATE '" + requireNonNull(value, "value") + "'";
    }

    /** {@code TIMESTAMP 'yyyy-mm-dd hh:mm:ss.ffffff'}, which MySQL, PostgreSQL and DuckDB all read. */
    public static String timestamp(LocalDateTime value) {
        return "TIMESTAMP '" + TIMESTAMP.format(requireNonNull(value, "value")) + "'";
    }
}
