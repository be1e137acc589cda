package io.osiris.connector.mysql;

import io.osiris.api.ExecutionFailedException;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.TypeKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@link MySqlWriter}'s bulk path: the rows of a load sent with one {@code LOAD DATA LOCAL INFILE}
 * statement fed from a stream, and checked afterwards for what the server skipped or warned about.
 */
final class MySqlLoadData {
    private MySqlLoadData() {
    }

    /**
     * Sends every row of {@code data} ({@link LoadDataStream} or {@link CsvLoadDataStream}) with
     * {@code LOAD DATA LOCAL INFILE}, inside the caller's transaction, and returns how many rows
     * were sent.
     *
     * <p>Security: the server asks the client for the "file" named in the statement, and a rogue
     * server could name any file, on any statement. The connections announce the LOCAL capability
     * but allow no file to be read ({@link MySqlSettings}); here, for this one statement only, the
     * statement's input stream is set and {@code allowLoadLocalInfile} switched on, which makes
     * Connector/J answer every file request with that stream, and both are reset before the
     * connection does anything else. So the server can only ever read our rows.
     *
     * <p>Exactness: with LOCAL the server cannot stop the client's transfer, so MySQL turns data
     * errors and duplicate keys into warnings and skipped rows where an INSERT would fail. Both
     * are checked afterwards: a skipped row or any warning (notes, like a decimal rounded to the
     * column's scale, are what an INSERT reports too) fails the load, and the caller rolls back.
     */
    static long send(Connection c, MySqlTableName table, RowSchema schema, LoadDataInput data, String step)
            throws SQLException {
        int n = schema.size();
        TypeKind[] kinds = MySqlWriter.kinds(schema);
        StringBuilder columns = new StringBuilder();
        StringBuilder assignments = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String column = SqlDialect.MYSQL.quote(schema.column(i).name());
            columns.append(i == 0 ? "" : ", ");
            // Binary values travel as hex; booleans as 1/0, which a BIT(1) column would take as
            // the character '1' without the cast.
            String function = switch (kinds[i]) {
                case BINARY -> "UNHEX";
                case BOOLEAN -> "CAST";
                default -> null;
            };
            if (function == null) {
                columns.append(column);
            } else {
                String variable = "@osiris_" + i;
                columns.append(variable);
                assignments.append(assignments.length() == 0 ? " SET " : ", ").append(column).append(" = ")
                        .append(function.equals("CAST") ? "CAST(" + variable + " AS UNSIGNED)"
                                : "UNHEX(" + variable + ")");
            }
        }
        // The file name is only a label: the server's request for it is answered with the stream.
        // The default field and line options are LoadDataStream's format, whatever the sql_mode.
        String sql = "LOAD DATA LOCAL INFILE 'osiris-rows.tsv' INTO TABLE " + table.quoted()
                + " CHARACTER SET utf8mb4 (" + columns + ")" + assignments;
        com.mysql.cj.jdbc.JdbcConnection mysql = c.unwrap(com.mysql.cj.jdbc.JdbcConnection.class);
        com.mysql.cj.conf.RuntimeProperty<Boolean> allowLocal = mysql.getPropertySet()
                .getBooleanProperty(com.mysql.cj.conf.PropertyKey.allowLoadLocalInfile);
        long loaded;
        try (Statement st = c.createStatement()) {
            com.mysql.cj.jdbc.JdbcStatement statement = st.unwrap(com.mysql.cj.jdbc.JdbcStatement.class);
            statement.setLocalInfileInputStream(data);
            allowLocal.setValue(true);
            try {
                loaded = st.executeLargeUpdate(sql);
            } catch (SQLException e) {
                if (data.failure() != null) {
                    // The source failed first: that is the story; the server's complaint follows from it.
                    data.failure().addSuppressed(e);
                    throw data.failure();
                }
                throw e;
            } finally {
                allowLocal.setValue(false);
                statement.setLocalInfileInputStream(null);
            }
        }
        if (data.failure() != null) {
            throw data.failure();
        }
        if (loaded != data.rowsRead()) {
            throw new ExecutionFailedException("Loading (" + step + ") failed; the table is left as it was: "
                    + (data.rowsRead() - loaded) + " of " + data.rowsRead() + " rows were refused"
                    + firstWarning(c).map(w -> " (" + w + ")").orElse("")
                    + ". A duplicate key is the usual cause.");
        }
        java.util.Optional<String> warning = firstWarning(c);
        if (warning.isPresent()) {
            throw new ExecutionFailedException("Loading (" + step + ") failed; the table is left as it was: "
                    + warning.get());
        }
        return loaded;
    }

    /**
     * The first warning (not a note) the last statement left, or a notice that there were more
     * than the server keeps ({@code max_error_count}) and all kept ones were notes.
     */
    private static java.util.Optional<String> firstWarning(Connection c) throws SQLException {
        int listed = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW WARNINGS")) {
            while (rs.next()) {
                listed++;
                if (!"Note".equalsIgnoreCase(rs.getString(1))) {
                    return java.util.Optional.of(rs.getString(1) + " " + rs.getInt(2) + ": " + rs.getString(3));
                }
            }
        }
        if (listed == 0) {
            return java.util.Optional.empty();
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@warning_count")) {
            if (rs.next() && rs.getLong(1) > listed) {
                return java.util.Optional.of(rs.getLong(1) + " warnings, more than the server lists"
                        + " (max_error_count), so they cannot be checked");
            }
        }
        return java.util.Optional.empty();
    }
}
