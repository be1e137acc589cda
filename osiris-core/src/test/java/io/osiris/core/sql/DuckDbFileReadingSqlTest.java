package io.osiris.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.SqlDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a real DuckDB engine with its default settings, each of these statements reads a local
 * file through SQL alone (a table function, a string used as a table, a quoted file name);
 * SqlSafety refuses every one of them before an engine sees it.
 */
class DuckDbFileReadingSqlTest {
    private static final String MARKER = "t18sql-secret-marker";

    @TempDir
    Path dir;

    static Stream<String> fileReadingSql() {
        return Stream.of(
                "SELECT * FROM read_csv('secret.csv')",
                "SELECT * FROM read_csv_auto('secret.csv')",
                "SELECT content FROM read_text('secret.csv')",
                "SELECT content FROM read_blob('secret.csv')",
                "SELECT * FROM glob('*.csv')",
                "SELECT * FROM 'secret.csv'",
                "SELECT * FROM \"secret.csv\"",
                "SELECT * FROM secret.csv",
                "SELECT * FROM secret.\"csv\"",
                "SELECT * FROM query('SELECT * FROM read_text(''secret.csv'')')",
                "SELECT * FROM sniff_csv('secret.csv')");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileReadingSql")
    void aStatementThatReadsAFileRunsOnADefaultEngineAndIsRefused(String sql) throws Exception {
        Files.writeString(dir.resolve("secret.csv"), "line\n" + MARKER + "\n");
        StringBuilder read = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("SET file_search_path = '" + dir.toString().replace("'", "''") + "'");
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        read.append(rs.getString(i)).append('\n');
                    }
                }
            }
        }
        assertThat(read.toString()).as("the engine read the file").containsAnyOf(MARKER, "secret.csv");
        assertThat(SqlSafety.forDialect(SqlDialect.DUCKDB).refusal(sql)).as(sql).isPresent();
    }
}
