package io.osiris.connector.mysql;

import static java.util.Objects.requireNonNull;

import io.osiris.api.connector.SqlDialect;

/**
 * A table name as Osiris gives it, {@code table} or {@code database.table}, split for
 * information_schema lookups and quoted for SQL.
 *
 * @param database the database, empty for the connection's own
 * @param table    the table
 */
record MySqlTableName(String database, String table) {
    MySqlTableName {
        requireNonNull(database, "database");
        requireNonNull(table, "table");
        if (table.isEmpty()) {
            throw new IllegalArgumentException("table name must not be empty");
        }
    }

    /** Parses {@code table} or {@code database.table}; backquotes around either part are removed. */
    static MySqlTableName parse(String name) {
        String trimmed = name.trim();
        int dot = trimmed.startsWith("`") ? trimmed.indexOf("`.`") + 1 : trimmed.indexOf('.');
        if (dot > 0) {
            return new MySqlTableName(unquote(trimmed.substring(0, dot)), unquote(trimmed.substring(dot + 1)));
        }
        return new MySqlTableName("", unquote(trimmed));
    }

    private static String unquote(String part) {
        if (part.length() >= 2 && part.startsWith("`") && part.endsWith("`")) {
            return part.substring(1, part.length() - 1).replace("``", "`");
        }
        return part;
    }

    /** The name quoted for SQL: {@code `db`.`t`} or {@code `t`}. */
    String quoted() {
        String t = SqlDialect.MYSQL.quote(table);
        return database.isEmpty() ? t : SqlDialect.MYSQL.quote(database) + "." + t;
    }

    /** The same database with another table name. */
    MySqlTableName withTable(String other) {
        return new MySqlTableName(database, other);
    }

    /** As written: {@code db.t} or {@code t}. */
    @Override
    public String toString() {
        return database.isEmpty() ? table : database + "." + table;
    }
}
