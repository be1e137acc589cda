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
 * On the real PostgreSQL server, functions run SQL text the parser never sees, and dblink's
 * second session writes through a read-only transaction. Raw JDBC proves each danger is real;
 * SqlSafety refuses each statement. Objects carry the {@code t18sql_} prefix and are dropped.
 */
class PostgresHiddenSqlIT {
    private static final String DATABASE = "t18sql_dblink";
    private final SqlSafety safety = SqlSafety.forDialect(SqlDialect.POSTGRES);

    @Test
    void queryToXmlRunsTheSqlTextItIsGivenAndIsRefused() throws SQLException {
        String sql = "SELECT query_to_xml('select 40 + 2 as answer', true, false, '')";
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            assertThat(rs.getString(1)).as("the text ran as SQL").contains("<answer>42</answer>");
        }
        assertThat(safety.refusal(sql)).hasValueSatisfying(r -> assertThat(r)
                .contains("query_to_xml()").contains("runs SQL text"));
    }

    @Test
    void functionsThatPassedTheOldListTouchFilesAndSleepAndAreRefused() throws SQLException {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT size FROM pg_stat_file('PG_VERSION')")) {
                assertThat(rs.next()).as("pg_stat_file read a server file").isTrue();
            } catch (SQLException e) {
                // Without superuser rights the server refuses it too; the check must refuse it regardless.
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_sleep_for('0 seconds')")) {
                assertThat(rs.next()).isTrue();
            }
        }
        assertThat(safety.refusal("SELECT size FROM pg_stat_file('PG_VERSION')")).isPresent();
        assertThat(safety.refusal("SELECT pg_sleep_for('0 seconds')")).isPresent();
        assertThat(safety.refusal("SELECT pg_sleep_until(now())")).isPresent();
    }

    @Test
    void dblinkWritesThroughAReadOnlyTransactionAndIsRefused() throws SQLException {
        try (Connection admin = TestDatabases.connect(TestDatabases.postgresUrl()); Statement a = admin.createStatement()) {
            a.execute("DROP DATABASE IF EXISTS " + DATABASE);
            a.execute("CREATE DATABASE " + DATABASE);
            try {
                String url = TestDatabases.postgresUrl().replaceFirst("/test(\\?|$)", "/" + DATABASE + "$1");
                String sql = "SELECT * FROM dblink('dbname=" + DATABASE + " user=postgres host=127.0.0.1', "
                        + "'DELETE FROM t18sql_rows RETURNING id') AS gone(id int)";
                try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
                    try {
                        s.execute("CREATE EXTENSION dblink");
                    } catch (SQLException e) {
                        TestDatabases.abortOrFail("the dblink extension is not available: " + e.getMessage());
                    }
                    s.execute("CREATE TABLE t18sql_rows (id int)");
                    s.execute("INSERT INTO t18sql_rows VALUES (1), (2)");
                    c.setAutoCommit(false);
                    c.setReadOnly(true);
                    s.execute("SET TRANSACTION READ ONLY");
                    try (ResultSet rs = s.executeQuery(sql)) {
                        while (rs.next()) {
                            // the rows dblink's second session deleted
                        }
                    }
                    c.commit();
                    c.setReadOnly(false);
                    c.setAutoCommit(true);
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t18sql_rows")) {
                        rs.next();
                        assertThat(rs.getLong(1)).as("dblink deleted the rows despite READ ONLY").isZero();
                    }
                }
                assertThat(safety.refusal(sql)).hasValueSatisfying(r -> assertThat(r)
                        .contains("dblink()").contains("opens another session"));
            } finally {
                a.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            }
        }
    }

    @Test
    void aStringEndsElsewhereWithoutStandardConformingStringsAndSuchTextIsRefused() throws SQLException {
        String sql = "SELECT 'x\\'' , 2 -- '";
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            s.execute("SET standard_conforming_strings = off");
            s.execute("SET escape_string_warning = off");
            try (ResultSet rs = s.executeQuery(sql)) {
                assertThat(rs.getMetaData().getColumnCount()).as("the second column ran as code").isEqualTo(2);
            }
        }
        assertThat(safety.refusal(sql)).hasValueSatisfying(r -> assertThat(r).contains("backslash"));
    }
}
