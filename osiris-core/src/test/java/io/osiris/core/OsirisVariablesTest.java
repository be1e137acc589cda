package io.osiris.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.runner.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Variables bound into a DuckDB source's query, a transform and a load path, through the facade. */
class OsirisVariablesTest {
    @TempDir
    Path project;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies (movie_id INTEGER, title VARCHAR, rating DECIMAL(3,1))");
            s.execute("INSERT INTO movies VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), (3, 'Brazil', 6.0)");
        }
        Files.writeString(project.resolve("p.yaml"), """
                # osiris-pipeline-v2
                name: picked
                vars:
                  min_rating: 8.0
                  title: Alien
                  top: 10
                  dir: all
                extract:
                  - id: movies
                    source: duckdb
                    path: movies.duckdb
                    query: SELECT title, rating FROM movies WHERE rating >= ${min_rating} OR title = ${title}
                transform:
                  - id: ranked
                    sql: SELECT title FROM movies ORDER BY rating DESC LIMIT ${top}
                load:
                  - id: save
                    to: csv
                    path: output/${dir}/picked.csv
                """);
    }

    private Osiris osiris(Map<String, String> env) {
        return Osiris.configure().workingDirectory(project).environment(env).tempDirectory(project.resolve("tmp"))
                .load();
    }

    @Test
    void aRunBindsTheGivenValuesAndReportsThem() throws Exception {
        try (Osiris osiris = osiris(Map.of())) {
            Pipeline pipeline = osiris.validate(Path.of("p.yaml"));

            RunReport report = osiris.run(pipeline, Map.of("min_rating", "8.4", "top", "5", "dir", "best"));

            assertThat(Files.readAllLines(project.resolve("output/best/picked.csv"))).containsExactly("title", "Alien");
            assertThat(report.variables()).containsExactly(Map.entry("min_rating", "8.4"),
                    Map.entry("title", "Alien"), Map.entry("top", "5"), Map.entry("dir", "best"));
        }
    }

    @Test
    void aRunWithoutValuesUsesTheDefaults() throws Exception {
        try (Osiris osiris = osiris(Map.of())) {
            RunReport report = osiris.run(osiris.validate(Path.of("p.yaml")));

            assertThat(Files.readAllLines(project.resolve("output/all/picked.csv")))
                    .containsExactly("title", "Alien", "Heat");
            assertThat(report.variables()).containsEntry("min_rating", "8.0");
        }
    }

    @Test
    void theEnvironmentSetsOnlyDeclaredVariablesByTheirOsirisVarName() throws Exception {
        Map<String, String> env = Map.of("OSIRIS_VAR_MIN_RATING", "8.4", "MIN_RATING", "0", "min_rating", "0",
                "OSIRIS_VAR_DIR", "from_env", "OSIRIS_VAR_UNDECLARED", "x");
        try (Osiris osiris = osiris(env)) {
            RunReport report = osiris.run(osiris.validate(Path.of("p.yaml")), Map.of("dir", "given"));

            assertThat(report.variables()).containsEntry("min_rating", "8.4").containsEntry("dir", "given")
                    .doesNotContainKey("UNDECLARED");
            assertThat(Files.readAllLines(project.resolve("output/given/picked.csv"))).containsExactly("title", "Alien");
        }
    }

    @Test
    void aHostileTextValueIsOneLiteralAndAHostileNumberIsRefused() throws Exception {
        try (Osiris osiris = osiris(Map.of())) {
            Pipeline pipeline = osiris.validate(Path.of("p.yaml"));

            osiris.run(pipeline, Map.of("min_rating", "9", "title", "x' OR '1'='1", "dir", "a"));
            assertThat(Files.readAllLines(project.resolve("output/a/picked.csv"))).containsExactly("title");

            osiris.run(pipeline, Map.of("min_rating", "9", "title", "x'; DROP TABLE movies; --", "dir", "b"));
            assertThat(Files.readAllLines(project.resolve("output/b/picked.csv"))).containsExactly("title");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("movies.duckdb"));
                    Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM movies")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }

            assertThatThrownBy(() -> osiris.run(pipeline, Map.of("top", "1; DROP TABLE t")))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("variable 'top' is an integer: '1; DROP TABLE t' is not a whole number");
            assertThatThrownBy(() -> osiris.run(pipeline, Map.of("dir", "../../etc")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("cannot be part of a path");
            assertThatThrownBy(() -> osiris.run(pipeline, Map.of("nope", "1")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("unknown variable 'nope'");
        }
    }

    @Test
    void bindShowsThePipelineARunWouldRun() {
        try (Osiris osiris = osiris(Map.of())) {
            Pipeline bound = osiris.bind(osiris.validate(Path.of("p.yaml")), Map.of("title", "Heat"));

            assertThat(bound.extracts().get(0).extraction().toString()).contains("title = 'Heat'");
            assertThat(bound.loads().get(0).path()).isEqualTo("output/all/picked.csv");
            assertThat(osiris.writes(osiris.validate(Path.of("p.yaml")))).singleElement()
                    .satisfies(w -> assertThat(w.target()).endsWith("output/all/picked.csv"));
        }
    }
}
