package io.osiris.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.SqlDialect;
import io.osiris.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * On the real MariaDB/MySQL server, SQL that the parser reads as harmless runs more than it
 * shows: executable comments, {@code --} without a space, and strings that end elsewhere under
 * {@code NO_BACKSLASH_ESCAPES}. Raw JDBC proves each one executes; SqlSafety refuses each one.
 */
class MariaDbExecutableSqlIT {
    private final SqlSafety safety = SqlSafety.forDialect(SqlDialect.MYSQL);

    @Test
    void anExecutableCommentAddsAColumnOnTheServerAndIsRefused() throws SQLException {
        String sql = "SELECT 1 /*!50000 , @@version */";
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.getMetaData().getColumnCount()).as("the comment ran").isEqualTo(2);
        }
        assertThat(safety.refusal(sql)).hasValueSatisfying(r -> assertThat(r).contains("executable comment"));
        assertThat(safety.refusal("SELECT 1 /*!50000 , SLEEP(0)*/")).isPresent();
    }

    @Test
    void aMariaDbExecutableCommentRunsAndIsRefused() throws SQLException {
        String sql = "SELECT 1 /*M!100000 , 2 */";
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            String version = c.getMetaData().getDatabaseProductVersion();
            if (version.contains("MariaDB")) {
                assertThat(rs.getMetaData().getColumnCount()).as("MariaDB ran the comment").isEqualTo(2);
            }
        }
        assertThat(safety.refusal(sql)).hasValueSatisfying(r -> assertThat(r).contains("executable comment"));
    }

    @Test
    void twoDashesWithoutASpaceAreCodeOnTheServerSoTheCallAfterThemIsChecked() throws SQLException {
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1 --LENGTH('abc')")) {
            rs.next();
            assertThat(rs.getLong(1)).as("1 - -LENGTH('abc') ran, it was no comment").isEqualTo(4);
        }
        assertThat(safety.refusal("SELECT 1 --LOAD_FILE('/etc/passwd')"))
                .hasValueSatisfying(r -> assertThat(r).contains("load_file()"));
        assertThat(safety.refusal("SELECT 1 --SLEEP(1)")).hasValueSatisfying(r -> assertThat(r).contains("sleep()"));
    }

    @Test
    void aStringEndsElsewhereUnderNoBackslashEscapesAndSuchTextIsRefused() throws SQLException {
        String sql = "SELECT 'x\\' , 2 -- '";
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'");
            try (ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.getMetaData().getColumnCount()).as("the second column ran as code").isEqualTo(2);
            }
        }
        assertThat(safety.refusal(sql)).hasValueSatisfying(r -> assertThat(r).contains("backslash"));
    }

    @Test
    void aDoubleQuotedTextIsANameUnderAnsiQuotesAndSuchTextIsRefused() throws SQLException {
        String sql = "SELECT 'a\\'b', 1 AS \"x\\\" , 2 -- \"";
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement s = c.createStatement()) {
            s.execute("SET SESSION sql_mode = 'ANSI_QUOTES'");
            try (ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.getMetaData().getColumnCount()).as("the third column ran as code").isEqualTo(3);
            }
        }
        assertThat(safety.refusal(sql)).hasValueSatisfying(r -> assertThat(r).contains("ansi quotes"));
    }

    @Test
    void aTableFilterCannotSmuggleACallIn() {
        assertThat(safety.filterRefusal("1 = 1 UNION SELECT load_file('/etc/passwd')")).isPresent();
        assertThat(safety.filterRefusal("1 = 1 /*!50000 AND SLEEP(5) */")).isPresent();
        assertThat(safety.filterRefusal("rating > 8")).isEmpty();
    }
}
