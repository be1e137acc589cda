package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.Problem;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A transform reads only extracts and earlier transforms, by their ids: whatever else its SQL
 * reads (a file, a URL, a table function, SQL text, the catalog, another schema or attached
 * database) is a validation problem on the transform's {@code sql} line, before anything runs.
 */
class TransformReadsTest {
    static final PipelineParser PARSER = new PipelineParser(Set.of("mysql", "supabase"));

    private static String pipeline(String sql) {
        return """
                # osiris-pipeline-v2
                name: reads
                extract:
                  - id: movies
                    source: mysql
                    table: movies
                transform:
                  - id: first
                    sql: SELECT * FROM movies
                  - id: second
                    sql: |
                      %s
                load:
                  - id: out
                    to: csv
                    path: out.csv
                """.formatted(sql.replace("\n", "\n      "));
    }

    /** What a transform must not read, and a word its problem names. */
    static Stream<List<String>> outsideReads() {
        return Stream.of(
                List.of("SELECT * FROM read_text('.env')", "read_text()"),
                List.of("SELECT * FROM read_csv('/etc/passwd')", "read_csv()"),
                List.of("SELECT * FROM read_csv_auto('data.csv')", "read_csv_auto()"),
                List.of("SELECT * FROM read_parquet('s3://bucket/x.parquet')", "read_parquet()"),
                List.of("SELECT * FROM read_json('x.json')", "read_json()"),
                List.of("SELECT * FROM read_json_auto('x.json')", "read_json_auto()"),
                List.of("SELECT * FROM read_blob('/etc/shadow')", "read_blob()"),
                List.of("SELECT * FROM glob('*')", "glob()"),
                List.of("SELECT * FROM query('SELECT * FROM read_text(''.env'')')", "query()"),
                List.of("SELECT * FROM query_table('movies')", "query_table()"),
                List.of("SELECT * FROM duckdb_settings()", "duckdb_settings()"),
                List.of("SELECT * FROM duckdb_tables()", "duckdb_tables()"),
                List.of("SELECT * FROM sniff_csv('x.csv')", "sniff_csv()"),
                List.of("SELECT * FROM pragma_table_info('movies')", "pragma_table_info()"),
                List.of("SELECT * FROM main.read_text('.env')", "main.read_text()"),
                List.of("SELECT * FROM system.main.range(3)", "system.main.range()"),
                List.of("SELECT * FROM '/etc/passwd'", "'/etc/passwd'"),
                List.of("FROM 'secrets.csv'", "'secrets.csv'"),
                List.of("SELECT * FROM \"data.parquet\"", "'data.parquet'"),
                List.of("SELECT * FROM 'https://example.com/x.csv'", "'https://example.com/x.csv'"),
                List.of("SELECT * FROM information_schema.tables", "'information_schema.tables'"),
                List.of("SELECT * FROM duckdb_settings", "'duckdb_settings'"),
                List.of("SELECT * FROM pg_catalog.pg_settings", "'pg_catalog.pg_settings'"),
                List.of("SELECT * FROM other.main.movies", "'other.main.movies'"),
                List.of("SELECT * FROM main.movies", "'main.movies'"),
                List.of("SHOW TABLES", "SHOW tables"),
                List.of("SHOW ALL TABLES", "SHOW"),
                List.of("DESCRIBE '/etc/passwd'", "'/etc/passwd'"),
                List.of("SUMMARIZE SELECT * FROM read_csv('x.csv')", "read_csv()"),
                List.of("SELECT (SELECT content FROM read_text('.env')) AS c FROM movies", "read_text()"),
                List.of("SELECT * FROM movies WHERE title IN (SELECT * FROM glob('*'))", "glob()"),
                List.of("SELECT * FROM movies, LATERAL read_text(movies.title)", "read_text()"),
                List.of("SELECT * FROM movies UNION ALL SELECT * FROM read_csv('x.csv')", "read_csv()"),
                List.of("WITH x AS (SELECT * FROM read_text('.env')) SELECT * FROM x", "read_text()"),
                // A CTE's name is in scope inside its query, not beside it.
                List.of("SELECT * FROM (WITH \"x.csv\" AS (SELECT 1) SELECT * FROM \"x.csv\"), \"x.csv\"", "'x.csv'"),
                List.of("PIVOT movies ON year USING count(*)", "SELECT"),
                List.of("SELECT 1; SELECT * FROM read_text('.env')", "statements"),
                List.of("COPY (SELECT 1) TO 'x.csv'", "SELECT"),
                List.of("ATTACH 'other.duckdb' AS o", "SELECT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outsideReads")
    void aTransformReadingAnythingButEarlierStepsIsRefusedOnItsLine(List<String> read) {
        List<Problem> problems = PARSER.problems(pipeline(read.get(0)), "p.yaml");
        assertThat(problems).as("problems of %s", read.get(0)).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("transform[1].sql");
            assertThat(p.line()).isEqualTo(11);
            assertThat(p.message()).contains(read.get(1).replace("'", ""));
        });
    }

    static Stream<String> stepReads() {
        return Stream.of(
                "SELECT * FROM first JOIN movies USING (movie_id)",
                "WITH m AS (SELECT * FROM movies) SELECT * FROM m",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
                "SELECT * EXCLUDE (title) FROM \"Movies\" QUALIFY row_number() OVER (ORDER BY year) = 1",
                "SELECT year, count(*) FROM first GROUP BY ALL",
                "SELECT * FROM range(10) AS r(n)",
                "SELECT * FROM generate_series(1, 3)",
                "SELECT * FROM unnest([1, 2, 3])",
                "SELECT 'read_text(''.env'')' AS label, 'movies' AS t FROM first",
                "SUMMARIZE SELECT * FROM movies",
                "SELECT * FROM (VALUES (1), (2)) AS v(n)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepReads")
    void aTransformReadingExtractsAndEarlierTransformsIsValid(String sql) {
        assertThat(PARSER.problems(pipeline(sql), "p.yaml")).isEmpty();
    }
}
