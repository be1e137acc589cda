package io.osiris.examples;

import io.osiris.examples.GoldenSet.Question;
import io.osiris.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every reference query of the movies golden set gives the same answer on MariaDB and PostgreSQL
 * as on DuckDB, so one set measures the agent on all three: each server gets the movies database
 * in a database of its own ({@value #DATABASE}), and each question's canonical rows are compared
 * with DuckDB's (in order only when the question asks for one). Skipped when a server does not
 * answer, failed instead with {@code -Dosiris.it.required=true}.
 */
class GoldenSetPortabilityIT {
    static final String DATABASE = "h_evalset_movies";

    @TestFactory
    Stream<DynamicTest> mariaDbAnswersEveryQuestionLikeDuckDb() throws SQLException {
        return compare(TestDatabases::mysqlUrl, "CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
    }

    @TestFactory
    Stream<DynamicTest> postgresAnswersEveryQuestionLikeDuckDb() throws SQLException {
        return compare(TestDatabases::postgresUrl, "CREATE DATABASE " + DATABASE);
    }

    /**
     * Seeds the server, runs every question there and on DuckDB, and returns one test per
     * question. The queries run here, so the connections close before the tests report.
     */
    private static Stream<DynamicTest> compare(Supplier<String> testUrl, String createDatabase) throws SQLException {
        try (Connection admin = TestDatabases.connect(testUrl.get()); Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute(createDatabase);
        }
        List<DynamicTest> tests = new ArrayList<>();
        try (Connection server = DriverManager.getConnection(inDatabase(testUrl.get()));
                Connection duckDb = GoldenSet.duckDb()) {
            MoviesDatabase.seed(server);
            for (Question q : GoldenSet.load().questions()) {
                String sql = q.hasSql() ? q.sql() : GoldenSet.ROWS_QUERIES.get(q.id());
                List<List<String>> expected = GoldenSet.query(duckDb, sql);
                Answer actual = Answer.of(server, sql);
                tests.add(DynamicTest.dynamicTest(q.id(), () -> {
                    GoldenSet.assertSameAnswer(q, actual.rows(), expected);
                    if (!q.hasSql()) {
                        GoldenSet.assertSameAnswer(q, actual.rows(), GoldenSet.canonical(q.rows()));
                    }
                }));
            }
        }
        return tests.stream();
    }

    /** A server's rows for one query, or the error it refused it with (which fails that question alone). */
    private record Answer(List<List<String>> result, SQLException error) {
        static Answer of(Connection c, String sql) {
            try {
                return new Answer(GoldenSet.query(c, sql), null);
            } catch (SQLException e) {
                return new Answer(List.of(), e);
            }
        }

        List<List<String>> rows() {
            if (error != null) {
                throw new AssertionError("the server refused the reference SQL: " + error.getMessage(), error);
            }
            return result;
        }
    }

    /** The test URL pointed at {@value #DATABASE} instead of its own database. */
    private static String inDatabase(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + DATABASE + (query < 0 ? "" : url.substring(query));
    }
}
