package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code movie_ratings_*} examples must do to their target table in each write mode,
 * checked over plain JDBC so the same specification holds for DuckDB, MariaDB and PostgreSQL.
 */
final class WriteModes {
    /** The rows every movie_ratings example writes: movie_id|title|review_count|avg_rating. */
    static final List<String> MOVIE_RATINGS_2019 = List.of(
            "9|Little Women|3|8.13",
            "11|Parasite|5|8.56",
            "23|Us|5|6.80",
            "25|Portrait of a Lady on Fire|4|8.00");

    /** A row the pipeline never writes, standing for data the target held before. */
    private static final String FOREIGN_ROW = "999|Not from the pipeline|1|1.00";

    /** Opens a fresh connection to the target database; each check closes it before the next run. */
    @FunctionalInterface
    interface Target {
        Connection open() throws SQLException;
    }

    private WriteModes() {
    }

    /** Append adds a run's rows after the ones already there: two runs, every row twice. */
    static void appendAddsEveryRunsRows(Runnable run, Target target, String table) throws SQLException {
        run.run();
        assertThat(rows(target, table)).containsExactlyElementsOf(MOVIE_RATINGS_2019);
        run.run();
        List<String> twice = new ArrayList<>();
        MOVIE_RATINGS_2019.forEach(r -> twice.addAll(List.of(r, r)));
        assertThat(rows(target, table)).containsExactlyElementsOf(twice);
    }

    /** Replace leaves exactly the run's rows, whatever the table held. */
    static void replaceLeavesExactlyTheNewRows(Runnable run, Target target, String table) throws SQLException {
        run.run();
        execute(target, "INSERT INTO " + table + " (movie_id, title, review_count, avg_rating)"
                + " VALUES (999, 'Not from the pipeline', 1, 1.00)");
        assertThat(rows(target, table)).hasSize(MOVIE_RATINGS_2019.size() + 1);
        run.run();
        assertThat(rows(target, table)).containsExactlyElementsOf(MOVIE_RATINGS_2019);
    }

    /** Upsert updates rows by key, inserts the missing ones and keeps the rest. */
    static void upsertUpdatesByKey(Runnable run, Target target, String table) throws SQLException {
        run.run();
        assertThat(rows(target, table)).containsExactlyElementsOf(MOVIE_RATINGS_2019);
        execute(target, "UPDATE " + table + " SET title = 'stale', avg_rating = 0 WHERE movie_id = 11");
        execute(target, "DELETE FROM " + table + " WHERE movie_id = 25");
        execute(target, "INSERT INTO " + table + " (movie_id, title, review_count, avg_rating)"
                + " VALUES (999, 'Not from the pipeline', 1, 1.00)");
        run.run();
        List<String> expected = new ArrayList<>(MOVIE_RATINGS_2019);
        expected.add(FOREIGN_ROW);
        assertThat(rows(target, table)).containsExactlyElementsOf(expected);
    }

    /** The table's rows in key order, as movie_id|title|review_count|avg_rating (two decimals). */
    static List<String> rows(Target target, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = target.open();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT movie_id, title, review_count, avg_rating FROM " + table
                        + " ORDER BY movie_id")) {
            while (rs.next()) {
                // Each database reports the decimal with its own scale; two places is what the pipeline wrote.
                BigDecimal rating = rs.getBigDecimal(4).setScale(2, RoundingMode.HALF_UP);
                rows.add(rs.getLong(1) + "|" + rs.getString(2) + "|" + rs.getLong(3) + "|" + rating.toPlainString());
            }
        }
        return rows;
    }

    private static void execute(Target target, String sql) throws SQLException {
        try (Connection c = target.open(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
