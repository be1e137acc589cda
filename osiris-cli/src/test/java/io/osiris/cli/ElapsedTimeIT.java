package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MySQL's TIME is an elapsed time (-838:59:59 to 838:59:59), not a time of day: a table holding
 * its whole range goes through {@code osiris run} into CSV, Parquet, JSON, PostgreSQL and back
 * into MySQL with every value as it was.
 */
class ElapsedTimeIT {
    private static final String TABLE = "t18time_" + Long.toHexString(System.nanoTime());
    private static final List<String> VALUES = List.of("12:30:00", "838:59:59", "-838:59:59", "-00:00:01",
            "25:00:00.500000", "00:00:00");

    @TempDir
    Path dir;
    String mysqlUrl;
    String postgresUrl;

    @BeforeEach
    void seed() throws Exception {
        mysqlUrl = TestDatabases.mysqlUrl();
        postgresUrl = TestDatabases.postgresUrl();
        try (Connection c = TestDatabases.connect(mysqlUrl); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + TABLE + " (id INT PRIMARY KEY, spent TIME(6))");
            StringBuilder insert = new StringBuilder("INSERT INTO " + TABLE + " VALUES ");
            for (int i = 0; i < VALUES.size(); i++) {
                insert.append(i > 0 ? ", " : "").append('(').append(i + 1).append(", '").append(VALUES.get(i))
                        .append("')");
            }
            s.execute(insert.append(", (").append(VALUES.size() + 1).append(", NULL)").toString());
        }
        TestDatabases.connect(postgresUrl).close();
        Files.writeString(dir.resolve(".osiris.yaml"), "version: 1\nconnections:\n  mysql:\n    it:\n"
                + "      jdbc_url: \"" + mysqlUrl + "\"\n  supabase:\n    it:\n      jdbc_url: \"" + postgresUrl
                + "\"\n      sslmode: disable\noutput:\n  directory: out\n");
    }

    @AfterEach
    void drop() throws Exception {
        try (Connection c = TestDatabases.connect(mysqlUrl); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
            s.execute("DROP TABLE IF EXISTS " + TABLE + "_back");
        }
        try (Connection c = TestDatabases.connect(postgresUrl); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    @Test
    void everyValueOfMySqlsTimeRangeSurvivesEveryTarget() throws Exception {
        Path pipeline = dir.resolve("times.yaml");
        Files.writeString(pipeline, """
                # osiris-pipeline-v2
                name: elapsed_times
                version: 1.0
                extract:
                  - id: times
                    source: mysql
                    connection: it
                    query: SELECT id, spent FROM %1$s ORDER BY id
                transform:
                  - id: ordered
                    engine: duckdb
                    sql: SELECT * FROM times ORDER BY id
                load:
                  - id: csv
                    from: ordered
                    to: csv
                    path: %2$s/out/times.csv
                  - id: parquet
                    from: ordered
                    to: parquet
                    path: %2$s/out/times.parquet
                  - id: json
                    from: ordered
                    to: json
                    path: %2$s/out/times.json
                  - id: pg
                    from: ordered
                    to: supabase
                    connection: it
                    table: %1$s
                    mode: replace
                  - id: back
                    from: times
                    to: mysql
                    connection: it
                    table: %1$s_back
                    mode: replace
                """.formatted(TABLE, dir));
        OsirisCliTest.Result r = OsirisCliTest.run("--config", dir.resolve(".osiris.yaml").toString(), "run",
                pipeline.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();

        List<String> csv = Files.readAllLines(dir.resolve("out/times.csv"));
        List<String> expected = new ArrayList<>(List.of("id,spent"));
        for (int i = 0; i < VALUES.size(); i++) {
            expected.add((i + 1) + "," + VALUES.get(i).replace(".500000", ".5"));
        }
        expected.add((VALUES.size() + 1) + ",");
        assertThat(csv).containsExactlyElementsOf(expected);

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
                ResultSet rs = s.executeQuery("SELECT spent::VARCHAR, typeof(spent) FROM '"
                        + dir.resolve("out/times.parquet") + "' ORDER BY id")) {
            List<String> read = new ArrayList<>();
            while (rs.next()) {
                read.add(rs.getString(1));
                // Parquet's INTERVAL has no sign: the file holds the values' text, as CSV and JSON do.
                assertThat(rs.getString(2)).isEqualTo("VARCHAR");
            }
            assertThat(read.subList(0, VALUES.size())).containsExactlyElementsOf(
                    VALUES.stream().map(v -> v.replace(".500000", ".5")).toList());
        }
        assertThat(Files.readString(dir.resolve("out/times.json"))).contains("\"838:59:59\"", "\"-838:59:59\"");

        try (Connection c = TestDatabases.connect(postgresUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT spent::text, pg_typeof(spent)::text FROM " + TABLE
                        + " ORDER BY id")) {
            List<String> read = new ArrayList<>();
            while (rs.next()) {
                read.add(rs.getString(1));
                assertThat(rs.getString(2)).isEqualTo("interval");
            }
            assertThat(read.subList(0, VALUES.size())).containsExactly("12:30:00", "838:59:59", "-838:59:59",
                    "-00:00:01", "25:00:00.5", "00:00:00");
        }
        try (Connection c = TestDatabases.connect(mysqlUrl); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT a.id FROM " + TABLE + " a JOIN " + TABLE + "_back b"
                        + " ON a.id = b.id AND (a.spent = b.spent OR a.spent IS NULL AND b.spent IS NULL)")) {
            int same = 0;
            while (rs.next()) {
                same++;
            }
            assertThat(same).isEqualTo(VALUES.size() + 1);
        }
    }
}
