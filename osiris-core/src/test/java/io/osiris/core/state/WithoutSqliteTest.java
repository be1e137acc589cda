package io.osiris.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.Osiris;
import io.osiris.core.runner.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlite-jdbc is an optional dependency of osiris-core: a host without it parses, validates and
 * runs pipelines, and is told which dependency to add when it opens the state store. Runs in its
 * own surefire execution ({@code without-sqlite} in osiris-core's pom) whose class path lacks
 * sqlite-jdbc.
 */
@EnabledIfSystemProperty(named = "osiris.test.without-sqlite", matches = "true")
class WithoutSqliteTest {
    @TempDir
    Path project;

    @Test
    void theClassPathOfThisTestLacksSqlite() {
        assertThatThrownBy(() -> Class.forName(SqliteDriver.DRIVER_CLASS)).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aPipelineParsesValidatesAndRunsWithoutSqlite() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies (movie_id INTEGER PRIMARY KEY, title VARCHAR, rating DECIMAL(3,1))");
            s.execute("INSERT INTO movies VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), (3, 'Brazil', 6.0)");
        }
        Files.writeString(project.resolve(".osiris.yaml"), """
                version: 1
                connections:
                  duckdb:
                    movies:
                      path: ${MOVIES_FILE}
                """);
        String yaml = """
                # osiris-pipeline-v2
                name: top_movies
                extract:
                  - id: movies
                    source: duckdb
                    connection: movies
                    query: SELECT title, rating FROM movies WHERE rating > 8.0
                transform:
                  - id: ranked
                    sql: SELECT title, rating FROM movies ORDER BY rating DESC
                load:
                  - id: save
                    to: csv
                    path: output/top.csv
                """;
        try (Osiris osiris = Osiris.configure().workingDirectory(project)
                .environment(Map.of("MOVIES_FILE", project.resolve("movies.duckdb").toString()))
                .tempDirectory(project.resolve("tmp")).load()) {
            Pipeline pipeline = osiris.validate(yaml, "top.yaml");
            RunReport report = osiris.run(pipeline);

            assertThat(report.step("save").rows()).isEqualTo(2);
            assertThat(osiris.hasState()).as("a run never opens the state store").isFalse();
        }
        assertThat(Files.readAllLines(project.resolve("output/top.csv"))).containsExactly("title,rating", "Alien,8.5",
                "Heat,8.3");
        assertThat(project.resolve(".osiris")).doesNotExist();
    }

    @Test
    void openingTheStateStoreNamesTheDependencyToAdd() {
        Path file = project.resolve(".osiris/state.db");
        String version = System.getProperty("osiris.test.sqlite-version");

        assertThatThrownBy(() -> StateDatabase.open(file))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("add the dependency org.xerial:sqlite-jdbc:" + version)
                .hasMessageContaining("state store");
        assertThat(version).isNotBlank();
        assertThat(file.getParent()).as("nothing is created").doesNotExist();
    }
}
