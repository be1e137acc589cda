package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code osiris init --demo-db mysql|supabase} loads the movies database into a real server, creating
 * the database the config names when the server lacks it.
 */
class InitDemoDbIT {
    private static final String DATABASE = "osiris_movies_demo_it";

    @Test
    void loadsTheMoviesDatabaseIntoMariaDb(@TempDir Path dir) throws Exception {
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
        }
        String url = TestDatabases.mysqlUrl().replaceFirst("/test\\b", "/" + DATABASE);
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  mysql:
                    default:
                      jdbc_url: "%s"
                """.formatted(url));

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "init", "--demo-db", "mysql");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("loaded reviews").contains("144 rows");
        try (Connection c = TestDatabases.connect(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT d.birth_year, d.awards, m.release_year FROM directors d "
                        + "JOIN movies m ON m.director_id = d.director_id WHERE m.title = 'Selma'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1972);
            assertThat(rs.getInt(2)).isEqualTo(8);
            assertThat(rs.getInt(3)).isEqualTo(2014);
        }
        assertThat(Files.readString(config)).as("an existing config is kept").doesNotContain("# Osiris");
    }

    @Test
    void loadsTheMoviesDatabaseIntoPostgres(@TempDir Path dir) throws Exception {
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
        }
        String url = TestDatabases.postgresUrl().replaceFirst("/test\\b", "/" + DATABASE);
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  supabase:
                    default:
                      jdbc_url: "%s"
                """.formatted(url));

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "init", "--demo-db", "supabase");

        assertThat(r.exitCode()).as(r.err()).isZero();
        try (Connection c = TestDatabases.connect(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(rating) FROM reviews")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(144);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "supabase"})
    void createsTheDatabaseTheConfigNamesWhenTheServerLacksIt(String type, @TempDir Path dir) throws Exception {
        String missing = DATABASE + "_new";
        String admin = type.equals("mysql") ? TestDatabases.mysqlUrl() : TestDatabases.postgresUrl();
        String drop = "DROP DATABASE IF EXISTS " + missing + (type.equals("mysql") ? "" : " WITH (FORCE)");
        try (Connection c = TestDatabases.connect(admin); Statement st = c.createStatement()) {
            st.execute(drop);
        }
        String url = admin.replaceFirst("/test\\b", "/" + missing);
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, """
                version: 1
                connections:
                  %s:
                    default:
                      jdbc_url: "%s"
                """.formatted(type, url));
        try {
            OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "init", "--demo-db", type);

            assertThat(r.exitCode()).as(r.err()).isZero();
            try (Connection c = TestDatabases.connect(url); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM reviews")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(144);
            }
        } finally {
            try (Connection c = TestDatabases.connect(admin); Statement st = c.createStatement()) {
                st.execute(drop);
            }
        }
    }
}
