package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The shipped movies golden set as its tests read it (the evaluator has its own parser), and the
 * canonical form two engines' results are compared in: every value as text, numbers through
 * {@link BigDecimal} with at most four decimals (HALF_UP) and no trailing zeros, NULL as null.
 */
final class GoldenSet {
    static final String RESOURCE = "eval/movies.yaml";

    /**
     * For each question answered with {@code rows:}, the query whose result those rows must be:
     * the set states the answer, the test keeps how it was found.
     */
    static final Map<String, String> ROWS_QUERIES = Map.of(
            "lookup_sciamma_total_runtime", """
                    SELECT SUM(m.runtime_minutes) FROM movies m JOIN directors d ON d.director_id = m.director_id
                    WHERE d.name = 'Céline Sciamma'""",
            "lookup_horror_review_count", """
                    SELECT COUNT(*) FROM reviews r JOIN movies m ON m.movie_id = r.movie_id
                    WHERE m.genre = 'Horror'""",
            "lookup_who_played_the_joker", """
                    SELECT a.name, m.title FROM movie_actors ma
                    JOIN actors a ON a.actor_id = ma.actor_id JOIN movies m ON m.movie_id = ma.movie_id
                    WHERE ma.role = 'The Joker'""",
            "join_cast_of_parasite", """
                    SELECT a.name, ma.role FROM movie_actors ma
                    JOIN actors a ON a.actor_id = ma.actor_id JOIN movies m ON m.movie_id = ma.movie_id
                    WHERE m.title = 'Parasite'""",
            "date_movies_in_the_2010s",
            "SELECT COUNT(*) FROM movies WHERE release_year >= 2010 AND release_year < 2020",
            "null_movies_missing_a_figure",
            "SELECT COUNT(*) FROM movies WHERE budget_musd IS NULL OR box_office_musd IS NULL",
            "distinct_reviewer_count", "SELECT COUNT(DISTINCT reviewer) FROM reviews");

    /** A golden set file: {@code name}, {@code source} and its questions. */
    record SetFile(String name, String source, List<Question> questions) {
    }

    /** One question with its reference: exactly one of {@code sql} and {@code rows} is set. */
    record Question(String id, String question, String sql, List<List<Object>> rows, boolean ordered) {
        /** The id's first word, which the set uses as the question's category. */
        String category() {
            int end = id.indexOf('_');
            return end < 0 ? id : id.substring(0, end);
        }

        boolean hasSql() {
            return sql != null;
        }
    }

    private GoldenSet() {
    }

    /** Reads the shipped set; an unknown key in it is an error, not ignored. */
    static SetFile load() {
        YAMLMapper mapper = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try (InputStream in = GoldenSet.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return mapper.readValue(in, SetFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** An in-memory DuckDB holding the movies database; the caller closes it. */
    static Connection duckDb() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        MoviesDatabase.seed(c);
        return c;
    }

    /** The canonical rows of a query. */
    static List<List<String>> query(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(meta.getColumnCount());
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(canonical(rs.getObject(i)));
                }
                rows.add(Collections.unmodifiableList(row));
            }
            return rows;
        }
    }

    /** Asserts two canonical results are the same answer: the same rows, in the same order when the question asks for one. */
    static void assertSameAnswer(Question q, List<List<String>> actual, List<List<String>> expected) {
        if (q.ordered()) {
            assertThat(actual).as(q.id()).containsExactlyElementsOf(expected);
        } else {
            assertThat(actual).as(q.id()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** The canonical form of rows written in the set. */
    static List<List<String>> canonical(List<List<Object>> rows) {
        return rows.stream().map(row -> row.stream().map(GoldenSet::canonical).toList()).toList();
    }

    /** One value as text; engines return numbers as different types and scales, so those go through BigDecimal. */
    static String canonical(Object value) {
        if (value == null) {
            return null;
        }
        BigDecimal number;
        if (value instanceof BigDecimal d) {
            number = d;
        } else if (value instanceof BigInteger i) {
            number = new BigDecimal(i);
        } else if (value instanceof Double || value instanceof Float) {
            number = BigDecimal.valueOf(((Number) value).doubleValue());
        } else if (value instanceof Number n) {
            number = BigDecimal.valueOf(n.longValue());
        } else {
            return value.toString();
        }
        if (number.scale() > 4) {
            number = number.setScale(4, RoundingMode.HALF_UP);
        }
        return number.stripTrailingZeros().toPlainString();
    }
}
