package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.testkit.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application jar submitted as a person would: {@code spark-submit --master local[2]
 * --class io.osiris.spark.SparkMain ...-app.jar run ...}, through
 * {@code org.apache.spark.deploy.SparkSubmit} in a child JVM whose class path is Spark's alone
 * (as a Spark installation's {@code jars/}), so Osiris comes from the jar or not at all.
 */
class SparkSubmitIT {
    private static final String TABLE = "ss_movies";
    private static final String TARGET = "ss_top_movies";

    @TempDir
    Path project;

    @BeforeAll
    static void createTable() throws SQLException {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("CREATE TABLE " + TABLE + " (movie_id INTEGER PRIMARY KEY, title TEXT, rating NUMERIC(3,1),"
                    + " released DATE)");
            s.execute("INSERT INTO " + TABLE + " VALUES (1, 'Stalker', 8.1, DATE '1979-05-25'),"
                    + " (2, 'Brazil', 7.9, DATE '1985-02-20'), (3, 'Amélie, the fabulous', 8.3, NULL),"
                    + " (4, NULL, 9.0, DATE '2001-01-01'), (5, 'Solaris', 8.0, DATE '1972-03-20')");
        }
        dropTarget();
    }

    private static void dropTarget() throws SQLException {
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TARGET);
        }
    }

    @AfterAll
    static void dropTable() throws SQLException {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
        dropTarget();
    }

    @Test
    void aSubmittedPipelineWritesCsvParquetAndMariaDbFromPostgres() throws Exception {
        writeConfig("""
                version: 1
                connections:
                  supabase:
                    default:
                      jdbc_url: "%s"
                  mysql:
                    default:
                      jdbc_url: "%s"
                engine:
                  type: spark
                  master: local[1]
                  app_name: ss_submitted
                """.formatted(TestDatabases.postgresUrl(), TestDatabases.mysqlUrl()));
        Files.writeString(project.resolve("top.yaml"), """
                # osiris-pipeline-v2
                name: ss_top_movies
                version: 1.0
                vars:
                  min_rating: 7.0
                extract:
                  - id: movies
                    source: supabase
                    query: SELECT movie_id, title, rating, released FROM %s WHERE rating > ${min_rating}
                transform:
                  - id: top
                    sql: SELECT movie_id, title, rating, released FROM movies ORDER BY movie_id
                load:
                  - id: to_csv
                    from: top
                    to: csv
                    path: output/top.csv
                  - id: to_parquet
                    from: top
                    to: parquet
                    path: output/top.parquet
                  - id: to_mariadb
                    from: top
                    to: mysql
                    table: %s
                    mode: replace
                """.formatted(TABLE, TARGET), StandardCharsets.UTF_8);

        Submitted run = submit(Map.of(), "run", "top.yaml", "--config", ".osiris.yaml", "--var", "min_rating=8.0");

        assertThat(run.exitCode).as(run.err).isZero();
        assertThat(run.err).contains("variables: min_rating=8.0").contains("ran ss_top_movies")
                .contains("osiris: engine.master 'local[1]' in the config is ignored: spark-submit's --master"
                        + " 'local[2]' runs this pipeline");
        assertThat(Files.readAllLines(project.resolve("output/top.csv"), StandardCharsets.UTF_8)).containsExactly(
                "movie_id,title,rating,released",
                "1,Stalker,8.1,1979-05-25",
                "3,\"Amélie, the fabulous\",8.3,",
                "4,,9.0,2001-01-01");
        assertThat(parquetRows(project.resolve("output/top.parquet"))).containsExactly(
                "1|Stalker|8.1|1979-05-25", "3|Amélie, the fabulous|8.3|null", "4|null|9.0|2001-01-01");
        assertThat(rows(TestDatabases.mysqlUrl(), "SELECT movie_id, title, rating, released FROM " + TARGET
                + " ORDER BY movie_id")).containsExactly(
                "1|Stalker|8.1|1979-05-25", "3|Amélie, the fabulous|8.3|null", "4|null|9.0|2001-01-01");
    }

    @Test
    void anInvalidPipelineExitsWithTwoNamingTheProblemAndWritesNothing() throws Exception {
        writeConfig("""
                version: 1
                connections:
                  supabase:
                    default:
                      jdbc_url: "%s"
                """.formatted(TestDatabases.postgresUrl()));
        Files.writeString(project.resolve("bad.yaml"), """
                # osiris-pipeline-v2
                name: ss_bad
                version: 1.0
                extract:
                  - id: movies
                    source: supabase
                    table: %s
                load:
                  - id: to_csv
                    from: moves
                    to: csv
                    path: output/bad.csv
                """.formatted(TABLE), StandardCharsets.UTF_8);

        Submitted run = submit(Map.of(), "run", "bad.yaml", "--config", ".osiris.yaml");

        assertThat(run.exitCode).as(run.err).isEqualTo(2);
        assertThat(run.err).contains("bad.yaml:10: load[0].from: no step 'moves' to load from")
                .contains("osiris: the pipeline is invalid; nothing ran.");
        assertThat(project.resolve("output/bad.csv")).doesNotExist();
    }

    @Test
    void anUnreachableSourceExitsWithOneAndNeverShowsThePassword() throws Exception {
        String secret = "ss-Sup3r-secret-pw";
        writeConfig("""
                version: 1
                connections:
                  supabase:
                    default:
                      host: 127.0.0.1
                      port: 1
                      database: test
                      user: postgres
                      password: ${SS_DB_PASSWORD}
                """);
        Files.writeString(project.resolve("p.yaml"), """
                # osiris-pipeline-v2
                name: ss_unreachable
                version: 1.0
                extract:
                  - id: movies
                    source: supabase
                    table: %s
                load:
                  - id: to_csv
                    from: movies
                    to: csv
                    path: output/p.csv
                """.formatted(TABLE), StandardCharsets.UTF_8);

        Submitted run = submit(Map.of("SS_DB_PASSWORD", secret), "run", "p.yaml", "--config", ".osiris.yaml");

        assertThat(run.exitCode).as(run.err).isEqualTo(1);
        assertThat(run.err).contains("osiris: ").doesNotContain(secret);
        assertThat(run.out).doesNotContain(secret);
        assertThat(project.resolve("output/p.csv")).doesNotExist();
    }

    private void writeConfig(String yaml) throws IOException {
        Files.writeString(project.resolve(".osiris.yaml"), yaml, StandardCharsets.UTF_8);
    }

    /** Rows of a Parquet file, read back by DuckDB, fields joined by |. */
    private static List<String> parquetRows(Path parquet) throws SQLException {
        assertThat(parquet).isRegularFile();
        return rows("jdbc:duckdb:", "SELECT * FROM read_parquet('" + parquet + "') ORDER BY 1");
    }

    /** The rows a query returns, fields joined by |. */
    private static List<String> rows(String jdbcUrl, String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> fields = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    fields.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", fields));
            }
        }
        return rows;
    }

    /** Runs spark-submit in a child JVM in the project directory; Spark may call System.exit, so not in this one. */
    private Submitted submit(Map<String, String> environment, String... appArgs) throws Exception {
        Path appJar = Path.of(System.getProperty("osiris.spark.app.jar"));
        String sparkClassPath = Files.readString(Path.of(System.getProperty("osiris.spark.class.path"))).strip();
        assertThat(appJar).as("the application jar mvn package builds").exists();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // What Spark's own launcher (bin/spark-submit) adds on Java 17.
        command.addAll(List.of(JavaModuleOptions.defaultModuleOptionArray()));
        command.addAll(List.of("-cp", sparkClassPath, "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.log.level=WARN",
                "--class", "io.osiris.spark.SparkMain", appJar.toString()));
        command.addAll(List.of(appArgs));
        Path out = project.resolve("stdout.txt");
        Path err = project.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("OSIRIS_CONFIG");
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("spark-submit did not end in 120 s:\n" + Files.readString(err));
        }
        return new Submitted(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Submitted(int exitCode, String out, String err) {
    }
}
