package io.osiris.core.sql;

import static io.osiris.api.connector.SqlDialect.ANSI;
import static io.osiris.api.connector.SqlDialect.DUCKDB;
import static io.osiris.api.connector.SqlDialect.MYSQL;
import static io.osiris.api.connector.SqlDialect.POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.SqlDialect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a statement can do, per dialect: executable comments, functions by category wherever
 * they stand, qualified and quoted names, table functions and replacement scans are refused;
 * everyday SQL still passes.
 */
class SqlFunctionPolicyTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                // Executable comments and hints, in every position (MySQL runs them, the parser skips them).
                Arguments.of(MYSQL, "SELECT 1 /*!50000 , SLEEP(0)*/", "executable comment"),
                Arguments.of(MYSQL, "SELECT /*!50000 LOAD_FILE('/etc/passwd') AS f, */ 1", "executable comment"),
                Arguments.of(MYSQL, "/*!50000 SELECT */ 1", "executable comment"),
                Arguments.of(MYSQL, "SELECT * FROM movies WHERE 1 = 1 /*!AND SLEEP(5)*/", "executable comment"),
                Arguments.of(MYSQL, "SELECT * FROM movies ORDER BY 1 /*!, @@version */", "executable comment"),
                Arguments.of(MYSQL, "SELECT 1 /*M!100000 , SLEEP(1) */", "executable comment"),
                Arguments.of(MYSQL, "SELECT 1 /*m!, SLEEP(1) */", "executable comment"),
                Arguments.of(MYSQL, "SELECT 1 /*! , SLEEP(1) */", "executable comment"),
                Arguments.of(MYSQL, "SELECT /*+ SET_VAR(max_execution_time=0) */ * FROM movies", "optimizer hint"),
                Arguments.of(MYSQL, "SELECT /*+ MAX_EXECUTION_TIME(99999999) */ 1", "optimizer hint"),
                Arguments.of(MYSQL, "SELECT 'a /*! b' AS conservative", "executable comment"),
                Arguments.of(POSTGRES, "/*+ Set(statement_timeout 0) */ SELECT 1", "optimizer hint"),
                Arguments.of(DUCKDB, "SELECT 1 /*!50000 , 2 */", "executable comment"),
                Arguments.of(ANSI, "SELECT 1 /*!50000 , 2 */", "executable comment"),
                // MySQL's lexer is not the parser's: '--x' is two minus signs, '#' a comment.
                Arguments.of(MYSQL, "SELECT 1 --load_file('/etc/passwd')", "load_file"),
                Arguments.of(MYSQL, "SELECT 1 --sleep(5)\n", "sleep"),
                Arguments.of(MYSQL, "SELECT 1 # comment \n, SLEEP(3)", "sleep"),
                Arguments.of(MYSQL, "SELECT 'x\\' INTO OUTFILE \"/tmp/t18sql_f\" -- '", "backslash"),
                Arguments.of(POSTGRES, "SELECT 1 /* /* */ ' */ , pg_sleep(1) --'", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT $a$ ' $a$, pg_sleep(1), 'x'", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT E'\\'' , pg_read_file('/etc/passwd'), 'x'", "pg_read_file"),
                Arguments.of(POSTGRES, "SELECT 'a\\' , pg_sleep(1), '\\'", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT 'x\\'' , pg_sleep(1) -- '", "backslash"),
                Arguments.of(MYSQL, "SELECT 'x\\' , SLEEP(1) -- '", "backslash"),
                Arguments.of(MYSQL, "SELECT 'a\\'b', \"x\\\" , SLEEP(1) -- \"", "ansi quotes"),
                Arguments.of(POSTGRES, "SELECT U&\"pg\\005fsleep\"(1)", "unicode"),
                // PostgreSQL: runs SQL text.
                Arguments.of(POSTGRES, "SELECT query_to_xml('select 1', true, false, '')", "runs SQL text"),
                Arguments.of(POSTGRES, "SELECT query_to_xml_and_xmlschema('select 1', true, false, '')", "runs SQL text"),
                Arguments.of(POSTGRES, "SELECT query_to_xmlschema('select 1', true, false, '')", "query_to_xmlschema"),
                Arguments.of(POSTGRES, "SELECT cursor_to_xml('c', 1, true, false, '')", "runs SQL text"),
                Arguments.of(POSTGRES, "SELECT table_to_xml('movies', true, false, '')", "table_to_xml"),
                Arguments.of(POSTGRES, "SELECT * FROM ts_stat('select v from docs')", "runs SQL text"),
                Arguments.of(POSTGRES, "SELECT ts_rewrite('a'::tsquery, 'select t, s from aliases')", "ts_rewrite"),
                Arguments.of(POSTGRES, "SELECT * FROM crosstab('select 1, 2, 3') AS ct(a int, b int)", "crosstab"),
                Arguments.of(POSTGRES, "SELECT * FROM crosstab3('select 1') AS ct(a text, b text, c text, d text)", "crosstab3"),
                Arguments.of(POSTGRES, "SELECT * FROM connectby('t', 'id', 'parent', '1', 0) AS t(a int, b int, c int)", "connectby"),
                // Other sessions.
                Arguments.of(POSTGRES, "SELECT * FROM dblink('dbname=test', 'delete from t') AS t(a int)", "opens another session"),
                Arguments.of(POSTGRES, "SELECT * FROM public.dblink('x', 'y') AS t(a int)", "dblink"),
                Arguments.of(POSTGRES, "SELECT dblink_exec('dbname=test', 'delete from t')", "dblink_exec"),
                Arguments.of(POSTGRES, "SELECT dblink_connect('c', 'dbname=test')", "dblink_connect"),
                Arguments.of(POSTGRES, "SELECT extensions.dblink_send_query('c', 'delete from t')", "dblink_send_query"),
                Arguments.of(POSTGRES, "SELECT postgres_fdw_disconnect_all()", "postgres_fdw"),
                Arguments.of(POSTGRES, "SELECT net.http_get('http://example.com')", "opens another session"),
                Arguments.of(POSTGRES, "SELECT content FROM http_get('http://example.com')", "http_get"),
                // Server files.
                Arguments.of(POSTGRES, "SELECT pg_read_file('/etc/passwd')", "reads, lists or writes files"),
                Arguments.of(POSTGRES, "SELECT pg_stat_file('postgresql.conf')", "pg_stat_file"),
                Arguments.of(POSTGRES, "SELECT * FROM pg_ls_dir('.')", "pg_ls_dir"),
                Arguments.of(POSTGRES, "SELECT * FROM pg_ls_waldir()", "pg_ls_waldir"),
                Arguments.of(POSTGRES, "SELECT lo_import('/etc/passwd')", "lo_import"),
                Arguments.of(POSTGRES, "SELECT lo_get(16400)", "lo_get"),
                Arguments.of(POSTGRES, "SELECT loread(lo_open(1, 262144), 100)", "lo"),
                Arguments.of(POSTGRES, "SELECT get_raw_page('movies', 0)", "get_raw_page"),
                Arguments.of(POSTGRES, "SELECT * FROM pgstattuple('movies')", "pgstattuple"),
                // Signals, sleeps, locks, state.
                Arguments.of(POSTGRES, "SELECT pg_terminate_backend(42)", "signals"),
                Arguments.of(POSTGRES, "SELECT pg_cancel_backend(pid) FROM pg_stat_activity", "pg_cancel_backend"),
                Arguments.of(POSTGRES, "SELECT pg_reload_conf()", "pg_reload_conf"),
                Arguments.of(POSTGRES, "SELECT pg_sleep(10)", "sleeps"),
                Arguments.of(POSTGRES, "SELECT pg_sleep_for('5 minutes')", "pg_sleep_for"),
                Arguments.of(POSTGRES, "SELECT pg_sleep_until(now() + interval '1 hour')", "pg_sleep_until"),
                Arguments.of(POSTGRES, "SELECT pg_advisory_lock(1)", "takes or releases locks"),
                Arguments.of(POSTGRES, "SELECT pg_try_advisory_xact_lock_shared(1)", "locks"),
                Arguments.of(POSTGRES, "SELECT set_config('statement_timeout', '0', false)", "changes server"),
                Arguments.of(POSTGRES, "SELECT nextval('movies_id_seq')", "nextval"),
                Arguments.of(POSTGRES, "SELECT setval('movies_id_seq', 1)", "setval"),
                Arguments.of(POSTGRES, "SELECT pg_notify('ch', 'x')", "pg_notify"),
                Arguments.of(POSTGRES, "SELECT pg_create_logical_replication_slot('s', 'pgoutput')", "pg_create"),
                Arguments.of(POSTGRES, "SELECT pg_stat_reset()", "pg_stat_reset"),
                Arguments.of(POSTGRES, "SELECT cron.schedule('* * * * *', 'delete from t')", "cron"),
                Arguments.of(POSTGRES, "SELECT pgmq.pop('jobs')", "changes server"),
                // Catalog views that read server files or hold password hashes.
                Arguments.of(POSTGRES, "SELECT * FROM pg_file_settings", "reads, lists or writes files"),
                Arguments.of(POSTGRES, "SELECT * FROM pg_catalog.pg_hba_file_rules", "pg_hba_file_rules"),
                Arguments.of(POSTGRES, "SELECT rolpassword FROM pg_authid", "pg_authid"),
                Arguments.of(POSTGRES, "SELECT * FROM x WHERE id IN (SELECT usename FROM pg_shadow)", "pg_shadow"),
                // Unreviewed pg_ functions.
                Arguments.of(POSTGRES, "SELECT pg_current_logfile()", "pg_current_logfile"),
                Arguments.of(POSTGRES, "SELECT * FROM pg_get_replication_slots()", "not on the reviewed list"),
                Arguments.of(POSTGRES, "SELECT pg_walfile_name('0/0')", "not on the reviewed list"),
                // Everywhere a function may stand, qualified and quoted.
                Arguments.of(POSTGRES, "SELECT pg_catalog.pg_sleep(1)", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT \"pg_sleep\"(1)", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT pg_catalog . \"PG_SLEEP\" (1)", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT pg_sleep /* gap */ (1)", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT * FROM movies ORDER BY pg_sleep(1)", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT row_number() OVER (ORDER BY pg_sleep(1)) FROM movies", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT a FROM t WINDOW w AS (ORDER BY pg_sleep(1))", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT count(*) FILTER (WHERE pg_sleep(1) IS NULL) FROM t", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY pg_sleep(1)) FROM t", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT * FROM t LIMIT pg_sleep(1)", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT substring(pg_read_file('x') from 1 for 3)", "pg_read_file"),
                Arguments.of(POSTGRES, "SELECT position('a' in pg_read_file('x'))", "pg_read_file"),
                Arguments.of(POSTGRES, "SELECT * FROM t, LATERAL (SELECT pg_sleep(1)) x", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT * FROM generate_series(1, 3) g CROSS JOIN LATERAL pg_sleep(1)", "pg_sleep"),
                Arguments.of(POSTGRES, "WITH x AS (SELECT pg_sleep(1)) SELECT * FROM x", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT * FROM t WHERE a IN (SELECT pg_sleep(1))", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT * FROM ROWS FROM (pg_sleep(1)) AS x", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT * FROM t TABLESAMPLE SYSTEM (pg_sleep(1))", "pg_sleep"),
                Arguments.of(POSTGRES, "SELECT pg_sleep(1)::text", "pg_sleep"),
                // MySQL / MariaDB.
                Arguments.of(MYSQL, "SELECT LOAD_FILE('/etc/passwd')", "reads, lists or writes files"),
                Arguments.of(MYSQL, "SELECT SLEEP(5)", "sleeps"),
                Arguments.of(MYSQL, "SELECT BENCHMARK(100000000, MD5('a'))", "benchmark"),
                Arguments.of(MYSQL, "SELECT GET_LOCK('a', 10)", "locks"),
                Arguments.of(MYSQL, "SELECT RELEASE_LOCK('a')", "release_lock"),
                Arguments.of(MYSQL, "SELECT IS_USED_LOCK('a')", "is_used_lock"),
                Arguments.of(MYSQL, "SELECT IS_FREE_LOCK('a')", "is_free_lock"),
                Arguments.of(MYSQL, "SELECT MASTER_POS_WAIT('log', 4)", "master_pos_wait"),
                Arguments.of(MYSQL, "SELECT SOURCE_POS_WAIT('log', 4)", "source_pos_wait"),
                Arguments.of(MYSQL, "SELECT MASTER_GTID_WAIT('0-1-1', 10)", "master_gtid_wait"),
                Arguments.of(MYSQL, "SELECT WAIT_FOR_EXECUTED_GTID_SET('x', 10)", "wait_for_executed_gtid_set"),
                Arguments.of(MYSQL, "SELECT WAIT_UNTIL_SQL_THREAD_AFTER_GTIDS('x', 10)", "wait_until"),
                Arguments.of(MYSQL, "SELECT sys_exec('id')", "runs commands"),
                Arguments.of(MYSQL, "SELECT sys_eval('id')", "sys_eval"),
                Arguments.of(MYSQL, "SELECT NEXTVAL(s)", "nextval"),
                Arguments.of(MYSQL, "SELECT NEXT VALUE FOR s", "NEXT VALUE FOR"),
                Arguments.of(MYSQL, "SELECT spider_direct_sql('delete from t', '', 'srv \"s\"')", "spider_direct_sql"),
                Arguments.of(MYSQL, "SELECT `sleep`(1)", "sleep"),
                Arguments.of(MYSQL, "SELECT GROUP_CONCAT(a ORDER BY SLEEP(1) SEPARATOR ',') FROM t", "sleep"),
                Arguments.of(MYSQL, "SELECT * FROM movies WHERE title REGEXP load_file('/etc/passwd')", "load_file"),
                Arguments.of(MYSQL, "SELECT * FROM movies ORDER BY SLEEP(1)", "sleep"),
                Arguments.of(MYSQL, "SELECT * FROM movies m JOIN (SELECT SLEEP(1) s) x ON 1 = 1", "sleep"),
                Arguments.of(MYSQL, "SELECT test.sleep(1)", "sleep"),
                // DuckDB: files, SQL text, settings, table functions, replacement scans.
                Arguments.of(DUCKDB, "SELECT * FROM read_csv('/etc/passwd')", "reads, lists or writes files"),
                Arguments.of(DUCKDB, "SELECT * FROM read_csv_auto('data.csv')", "read_csv_auto"),
                Arguments.of(DUCKDB, "SELECT * FROM read_parquet('x.parquet')", "read_parquet"),
                Arguments.of(DUCKDB, "SELECT * FROM parquet_scan('x.parquet')", "parquet_scan"),
                Arguments.of(DUCKDB, "SELECT * FROM parquet_metadata('x.parquet')", "parquet_metadata"),
                Arguments.of(DUCKDB, "SELECT * FROM parquet_schema('x.parquet')", "parquet_schema"),
                Arguments.of(DUCKDB, "SELECT * FROM read_json('x.json')", "read_json"),
                Arguments.of(DUCKDB, "SELECT * FROM read_json_auto('x.json')", "read_json_auto"),
                Arguments.of(DUCKDB, "SELECT * FROM read_ndjson_objects('x.json')", "read_ndjson_objects"),
                Arguments.of(DUCKDB, "SELECT content FROM read_text('.env')", "read_text"),
                Arguments.of(DUCKDB, "SELECT * FROM read_blob('/etc/shadow')", "read_blob"),
                Arguments.of(DUCKDB, "SELECT * FROM glob('*')", "glob"),
                Arguments.of(DUCKDB, "SELECT * FROM sniff_csv('x.csv')", "sniff_csv"),
                Arguments.of(DUCKDB, "SELECT * FROM query('SELECT 1')", "runs SQL text"),
                Arguments.of(DUCKDB, "SELECT * FROM query_table('movies')", "query_table"),
                Arguments.of(DUCKDB, "SELECT * FROM duckdb_settings()", "reveals server settings"),
                Arguments.of(DUCKDB, "SELECT current_setting('home_directory')", "current_setting"),
                Arguments.of(DUCKDB, "SELECT getenv('HOME')", "getenv"),
                Arguments.of(DUCKDB, "SELECT 'HOME'.getenv()", "getenv"),
                Arguments.of(DUCKDB, "SELECT * FROM duckdb_secrets()", "duckdb_secrets"),
                Arguments.of(DUCKDB, "SELECT * FROM iceberg_scan('s3://b/t')", "iceberg_scan"),
                Arguments.of(DUCKDB, "SELECT * FROM delta_scan('s3://b/t')", "delta_scan"),
                Arguments.of(DUCKDB, "SELECT * FROM sqlite_scan('x.db', 't')", "sqlite_scan"),
                Arguments.of(DUCKDB, "SELECT * FROM postgres_scan('dbname=test', 'public', 't')", "postgres_scan"),
                Arguments.of(DUCKDB, "SELECT * FROM mysql_query('db', 'select 1')", "mysql_query"),
                Arguments.of(DUCKDB, "SELECT * FROM st_read('x.shp')", "st_read"),
                Arguments.of(DUCKDB, "SELECT * FROM pragma_table_info('movies')", "pragma_table_info"),
                Arguments.of(DUCKDB, "SELECT * FROM histogram('movies', rating)", "not on the reviewed list"),
                Arguments.of(DUCKDB, "SELECT * FROM some_extension_scan('x')", "not on the reviewed list"),
                Arguments.of(DUCKDB, "SELECT * FROM movies m JOIN read_csv('x.csv') c ON m.id = c.id", "read_csv"),
                Arguments.of(DUCKDB, "SELECT * FROM movies, LATERAL read_text(m.path)", "read_text"),
                Arguments.of(DUCKDB, "SELECT (SELECT content FROM read_text('.env'))", "read_text"),
                Arguments.of(DUCKDB, "SELECT * FROM main.\"read_text\"('.env')", "read_text"),
                Arguments.of(DUCKDB, "SELECT * FROM '/etc/passwd'", "replacement scan"),
                Arguments.of(DUCKDB, "SELECT * FROM 'data.csv'", "replacement scan"),
                Arguments.of(DUCKDB, "SELECT * FROM movies JOIN 'other.parquet' o USING (id)", "replacement scan"),
                Arguments.of(DUCKDB, "SELECT * FROM \"data.csv\"", "which DuckDB reads"),
                Arguments.of(DUCKDB, "SELECT * FROM \"/etc/passwd\"", "file path"),
                Arguments.of(DUCKDB, "SELECT * FROM secret.csv", "replacement scan"),
                Arguments.of(DUCKDB, "SELECT * FROM secret.\"csv\"", "replacement scan"),
                Arguments.of(DUCKDB, "SELECT * FROM \"secret\".parquet", "replacement scan"),
                Arguments.of(DUCKDB, "SELECT * FROM movies m JOIN data.json j ON m.id = j.id", "replacement scan"),
                Arguments.of(DUCKDB, "SELECT nextval('seq')", "nextval"),
                // ANSI (an unknown server) refuses what any dialect refuses.
                Arguments.of(ANSI, "SELECT pg_sleep(1)", "pg_sleep"),
                Arguments.of(ANSI, "SELECT sleep(1)", "sleep"),
                Arguments.of(ANSI, "SELECT * FROM read_csv('x')", "read_csv"));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(MYSQL, "SELECT m.title, AVG(r.rating) AS avg_rating FROM movies m JOIN reviews r "
                        + "ON r.movie_id = m.movie_id GROUP BY m.title HAVING COUNT(*) > 2 ORDER BY avg_rating DESC LIMIT 10"),
                Arguments.of(MYSQL, "SELECT CONCAT(UPPER(LEFT(title, 1)), LOWER(SUBSTRING(title, 2))) FROM movies"),
                Arguments.of(MYSQL, "SELECT DATE_ADD(release_date, INTERVAL 1 DAY), DATEDIFF(NOW(), release_date) FROM movies"),
                Arguments.of(MYSQL, "SELECT title, ROW_NUMBER() OVER (PARTITION BY genre ORDER BY rating DESC) rn FROM movies"),
                Arguments.of(MYSQL, "WITH top AS (SELECT * FROM movies WHERE rating > 8) SELECT * FROM top"),
                Arguments.of(MYSQL, "SELECT title FROM movies WHERE title LIKE '%--%' OR title = 'it''s'"),
                Arguments.of(MYSQL, "SELECT title FROM movies WHERE title = 'it\\'s'"),
                Arguments.of(MYSQL, "SELECT 1 -- a comment\n"),
                Arguments.of(MYSQL, "SELECT 1 # a comment"),
                Arguments.of(MYSQL, "SELECT 5 - -1"),
                Arguments.of(MYSQL, "SELECT JSON_EXTRACT(meta, '$.a'), COALESCE(NULL, 1), IFNULL(a, 0) FROM t"),
                Arguments.of(MYSQL, "SELECT title FROM movies /* a note: sleep(1) */"),
                Arguments.of(MYSQL, "SELECT 'sleep(1)' AS text_not_a_call"),
                Arguments.of(MYSQL, "SELECT LASTVAL(s), ST_AsText(ST_GeomFromText('POINT(1 1)'))"),
                Arguments.of(POSTGRES, "SELECT pg_typeof(1), pg_size_pretty(pg_total_relation_size('movies'))"),
                Arguments.of(POSTGRES, "SELECT pg_catalog.pg_get_constraintdef(oid) FROM pg_constraint"),
                Arguments.of(POSTGRES, "SELECT pg_relation_size('movies'), pg_table_size('movies'), pg_indexes_size('movies')"),
                Arguments.of(POSTGRES, "SELECT pg_get_viewdef('v'::regclass), pg_encoding_to_char(encoding) FROM pg_database"),
                Arguments.of(POSTGRES, "SELECT relname FROM pg_class WHERE pg_table_is_visible(oid)"),
                Arguments.of(POSTGRES, "SELECT name, setting FROM pg_settings JOIN pg_roles ON true"),
                Arguments.of(POSTGRES, "SELECT ST_AsText(ST_Buffer(geom, 10)), ST_Distance(a.geom, b.geom) FROM a, b"),
                Arguments.of(POSTGRES, "SELECT date_trunc('month', created_at), now() - interval '7 days', extract(year FROM created_at) FROM t"),
                Arguments.of(POSTGRES, "SELECT string_agg(title, ', ' ORDER BY title), array_agg(id) FROM movies"),
                Arguments.of(POSTGRES, "SELECT * FROM generate_series(1, 10) AS g(n) JOIN movies m ON m.id = g.n"),
                Arguments.of(POSTGRES, "SELECT x FROM unnest(ARRAY[1, 2]) AS x"),
                Arguments.of(POSTGRES, "SELECT * FROM jsonb_to_recordset('[{\"a\":1}]'::jsonb) AS r(a int)"),
                Arguments.of(POSTGRES, "SELECT $$it's$$ AS dollar, E'tab\\there' AS escaped"),
                Arguments.of(POSTGRES, "SELECT 'C:\\' AS path"),
                Arguments.of(POSTGRES, "SELECT current_setting('request.jwt.claims', true), current_user, version()"),
                Arguments.of(POSTGRES, "SELECT rank() OVER w FROM movies WINDOW w AS (ORDER BY rating)"),
                Arguments.of(POSTGRES, "SELECT lower(title), upper(title), length(title), regexp_replace(title, 'a', 'b') FROM movies"),
                Arguments.of(POSTGRES, "SELECT count(*) FROM movies WHERE title ILIKE '%pg_sleep(1)%'"),
                Arguments.of(DUCKDB, "SELECT * FROM range(10)"),
                Arguments.of(DUCKDB, "SELECT * FROM generate_series(1, 5) t(n)"),
                Arguments.of(DUCKDB, "SELECT range, range * 2 FROM range(3)"),
                Arguments.of(DUCKDB, "SELECT unnest([1, 2, 3]) AS x"),
                Arguments.of(DUCKDB, "SELECT strftime(created_at, '%Y-%m'), date_trunc('day', created_at) FROM orders"),
                Arguments.of(DUCKDB, "SELECT list_transform([1, 2], x -> x + 1), repeat('ab', 3)"),
                Arguments.of(DUCKDB, "SELECT genre, histogram(rating) FROM movies GROUP BY genre"),
                Arguments.of(DUCKDB, "SELECT * FROM movies QUALIFY row_number() OVER (PARTITION BY genre ORDER BY rating DESC) = 1"),
                Arguments.of(DUCKDB, "SELECT m.title AS \"km/h\" FROM movies m"),
                Arguments.of(DUCKDB, "SELECT * FROM extract_movies e LEFT JOIN transform_reviews r ON e.id = r.id"),
                Arguments.of(ANSI, "SELECT a, b FROM t WHERE a > 1"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void refusesWhatAStatementCanDo(SqlDialect dialect, String sql, String reason) {
        assertThat(SqlSafety.forDialect(dialect).refusal(sql)).as(dialect + ": " + sql)
                .hasValueSatisfying(r -> assertThat(r).containsIgnoringCase(reason));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("accepted")
    void acceptsEverydaySql(SqlDialect dialect, String sql) {
        assertThat(SqlSafety.forDialect(dialect).refusal(sql)).as(dialect + ": " + sql).isEmpty();
    }
}
