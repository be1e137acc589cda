package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.examples.MoviesDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of the seven templates, through {@code osiris generate --template ... --params ...} and
 * {@code osiris run}, against the movies database on MariaDB, PostgreSQL and a DuckDB file. The
 * CSV each writes must equal, byte for byte, what hand-written SQL gives on DuckDB.
 */
class TemplatesAgainstDatabasesIT {
    @TempDir
    static Path shared;

    static Path duckdbMovies;
    static Path oracleMovies;
    /** Seeded once per server, on first use, so a missing server skips only its own cases. */
    static final Map<String, String> URLS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void movies() {
        duckdbMovies = MoviesDatabase.createDuckDb(shared.resolve("movies.duckdb"));
        oracleMovies = MoviesDatabase.createDuckDb(shared.resolve("oracle.duckdb"));
    }

    static Stream<Arguments> cases() {
        List<Object[]> cases = List.of(
                c("top_n", "{\"table\":\"movies\",\"order_by\":\"box_office_musd\",\"n\":5,"
                        + "\"columns\":\"title,box_office_musd\"}",
                        "SELECT title, box_office_musd FROM movies ORDER BY box_office_musd DESC NULLS LAST, movie_id LIMIT 5"),
                c("top_n", "{\"table\":\"reviews\",\"order_by\":\"rating\",\"n\":3,\"direction\":\"asc\","
                        + "\"columns\":[\"review_id\",\"rating\"]}",
                        "SELECT review_id, rating FROM reviews ORDER BY rating, review_id LIMIT 3"),
                c("aggregation", "{\"table\":\"reviews\",\"group_by\":\"reviewer\",\"function\":\"avg\","
                        + "\"measure\":\"rating\"}",
                        "SELECT reviewer, round(avg(rating::DOUBLE), 2) AS avg_rating FROM reviews GROUP BY reviewer "
                                + "ORDER BY avg_rating DESC, reviewer"),
                c("aggregation", "{\"table\":\"movies\",\"group_by\":\"genre\",\"function\":\"sum\","
                        + "\"measure\":\"box_office_musd\"}",
                        "SELECT genre, sum(box_office_musd) AS sum_box_office_musd FROM movies GROUP BY genre "
                                + "ORDER BY sum_box_office_musd DESC NULLS LAST, genre"),
                c("time_series", "{\"table\":\"reviews\",\"date_column\":\"review_date\",\"interval\":\"year\"}",
                        "SELECT make_date(year(review_date), 1, 1) AS period, count(*) AS count FROM reviews "
                                + "GROUP BY period ORDER BY period"),
                c("simple_join", "{\"table\":\"movies\",\"join_table\":\"directors\",\"columns\":\"title,name\"}",
                        "SELECT m.title, d.name FROM movies m JOIN directors d USING (director_id) ORDER BY m.movie_id"),
                c("filter_extract", "{\"table\":\"reviews\",\"column\":\"rating\",\"operator\":\">=\","
                        + "\"value\":\"9.0\",\"columns\":\"review_id,reviewer,rating\"}",
                        "SELECT review_id, reviewer, rating FROM reviews WHERE rating >= 9 ORDER BY review_id"),
                c("filter_extract", "{\"table\":\"movies\",\"column\":\"title\",\"operator\":\"contains\","
                        + "\"value\":\"THE\",\"columns\":\"title\"}",
                        "SELECT title FROM movies WHERE lower(title) LIKE '%the%' ORDER BY movie_id"),
                c("filter_extract", "{\"table\":\"reviews\",\"column\":\"review_date\",\"operator\":\"<\","
                        + "\"value\":\"2011-01-01\",\"columns\":\"review_id,review_date\"}",
                        "SELECT review_id, review_date FROM reviews WHERE review_date < DATE '2011-01-01' ORDER BY review_id"),
                c("comparison", "{\"table\":\"movies\",\"group_by\":\"genre\",\"measure\":\"box_office_musd\","
                        + "\"values\":\"Drama,Sci-Fi\"}",
                        "SELECT genre, count(box_office_musd) AS count, round(avg(box_office_musd::DOUBLE), 2) "
                                + "AS avg_box_office_musd, min(box_office_musd) AS min_box_office_musd, "
                                + "max(box_office_musd) AS max_box_office_musd, sum(box_office_musd) AS sum_box_office_musd "
                                + "FROM movies WHERE genre IN ('Drama', 'Sci-Fi') GROUP BY genre ORDER BY genre"),
                c("distribution", "{\"table\":\"movies\",\"column\":\"genre\"}",
                        "SELECT genre AS value, count(*) AS count FROM movies GROUP BY genre ORDER BY count DESC, value"),
                c("distribution", "{\"table\":\"reviews\",\"column\":\"rating\",\"buckets\":4}",
                        "WITH r AS (SELECT min(rating)::DOUBLE AS lo, max(rating)::DOUBLE AS hi FROM reviews), "
                                + "k AS (SELECT range AS i FROM range(4)) "
                                + "SELECT k.i + 1 AS bucket, round(r.lo + k.i * (r.hi - r.lo) / 4, 4) AS range_start, "
                                + "round(r.lo + (k.i + 1) * (r.hi - r.lo) / 4, 4) AS range_end, "
                                + "(SELECT count(*) FROM reviews WHERE rating::DOUBLE >= r.lo + k.i * (r.hi - r.lo) / 4 "
                                + "AND (rating::DOUBLE < r.lo + (k.i + 1) * (r.hi - r.lo) / 4 OR k.i = 3)) AS count "
                                + "FROM k, r ORDER BY bucket"));
        return Stream.of("mysql", "postgres", "duckdb").flatMap(db -> cases.stream()
                .map(x -> Arguments.of(db, x[0], x[1], x[2])));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void eachTemplateGivesTheSameRowsOnEveryDatabase(String database, String template, String params, String oracle)
            throws Exception {
        String source = switch (database) {
            case "mysql" -> {
                URLS.computeIfAbsent("mysql", k -> unchecked(MoviesOnServers::mysql));
                yield "mysql.it";
            }
            case "postgres" -> {
                URLS.computeIfAbsent("postgres", k -> unchecked(MoviesOnServers::postgres));
                yield "supabase.it";
            }
            default -> "duckdb:" + duckdbMovies;
        };
        Path config = MoviesOnServers.config(dir, URLS.get("mysql"), URLS.get("postgres"));
        Path pipeline = dir.resolve("pipeline.yaml");
        String name = template + "_" + database;
        Map<String, Object> values = new LinkedHashMap<>(new ObjectMapper().readValue(params, Map.class));
        values.put("name", name);
        OsirisCliTest.Result generated = OsirisCliTest.run("--config", config.toString(), "generate", "--source",
                source, "--template", template, "--params", new ObjectMapper().writeValueAsString(values),
                "-o", pipeline.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        OsirisCliTest.Result ran = OsirisCliTest.run("--config", config.toString(), "run", pipeline.toString());
        assertThat(ran.exitCode()).as(ran.err() + "\n" + Files.readString(pipeline)).isZero();
        assertThat(Files.readString(dir.resolve("out").resolve(name + ".csv")))
                .as(Files.readString(pipeline)).isEqualTo(expected(oracle));
    }

    private String expected(String oracle) throws Exception {
        Path file = dir.resolve("expected.csv");
        synchronized (TemplatesAgainstDatabasesIT.class) {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + oracleMovies);
                    Statement s = c.createStatement()) {
                s.execute("COPY (" + oracle + ") TO '" + file + "' (HEADER, DELIMITER ',')");
            }
        }
        return Files.readString(file);
    }

    private static Object[] c(String template, String params, String oracle) {
        return new Object[] {template, params, oracle};
    }

    interface SqlSupplier {
        String get() throws Exception;
    }

    private static String unchecked(SqlSupplier s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
