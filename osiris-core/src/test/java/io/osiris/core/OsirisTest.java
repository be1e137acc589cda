package io.osiris.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.runner.RunReport;
import io.osiris.core.state.StateDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsirisTest {
    @TempDir
    Path project;

    @BeforeEach
    void movies() throws Exception {
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
    }

    private Osiris osiris() {
        return Osiris.configure().workingDirectory(project).environment(Map.of("MOVIES_FILE", project.resolve("movies.duckdb").toString()))
                .tempDirectory(project.resolve("tmp")).load();
    }

    private Path pipelineFile(String name, String loadPath) throws Exception {
        return Files.writeString(project.resolve(name), """
                # osiris-pipeline-v2
                name: top_movies
                extract:
                  - id: movies
                    source: duckdb
                    connection: movies
                    query: SELECT movie_id, title, rating FROM movies WHERE rating > 8.0
                transform:
                  - id: ranked
                    sql: SELECT title, rating FROM movies ORDER BY rating DESC
                load:
                  - id: save
                    to: csv
                    path: %s
                """.formatted(loadPath));
    }

    @Test
    void runsAPipelineFileOnADuckDbFileWithTheConfigOfItsWorkingDirectory() throws Exception {
        Path file = pipelineFile("top.yaml", "output/top.csv");
        try (Osiris osiris = osiris()) {
            assertThat(osiris.config().file()).contains(project.resolve(".osiris.yaml"));
            Pipeline pipeline = osiris.validate(Path.of("top.yaml"));
            RunReport dry = osiris.dryRun(pipeline);
            assertThat(dry.dryRun()).isTrue();
            assertThat(project.resolve("output/top.csv")).doesNotExist();

            RunReport report = osiris.run(pipeline);

            assertThat(report.step("save").rows()).isEqualTo(2);
            assertThat(Files.readAllLines(project.resolve("output/top.csv")))
                    .containsExactly("title,rating", "Alien,8.5", "Heat,8.3");
            assertThat(osiris.runner()).as("one runner for every run").isSameAs(osiris.runner());
        }
        assertThat(file).exists();
    }

    @Test
    void aBadPipelineIsAValidationErrorListingEveryProblemWithItsLine() throws Exception {
        Files.writeString(project.resolve("bad.yaml"), """
                # osiris-pipeline-v2
                name: Top Movies
                extract:
                  - id: movies
                    source: duckdb
                    connection: movies
                    query: DELETE FROM movies
                load:
                  - id: save
                    to: csv
                    path: ../outside.csv
                """);
        try (Osiris osiris = osiris()) {
            assertThatThrownBy(() -> osiris.validate(Path.of("bad.yaml")))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.kind().exitCode()).isEqualTo(2);
                        assertThat(e.problems()).extracting(Problem::path)
                                .contains("name", "extract[0].query");
                        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
                    });
        }
    }

    @Test
    void aLoadOutsideTheProjectOrOverThePipelineItselfIsRefusedBeforeAnythingRuns() throws Exception {
        pipelineFile("outside.yaml", "../outside.csv");
        pipelineFile("self.yaml", "self.yaml");
        try (Osiris osiris = osiris()) {
            assertThatThrownBy(() -> osiris.validate(Path.of("outside.yaml")))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                            .singleElement().satisfies(p -> {
                                assertThat(p.path()).startsWith("load[0]");
                                assertThat(p.line()).isEqualTo(14);
                            }));
            assertThatThrownBy(() -> osiris.validate(Path.of("self.yaml")))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("self.yaml");
        }
        assertThat(project.resolveSibling("outside.csv")).doesNotExist();
    }

    @Test
    void aMissingPipelineFileIsAConfigurationErrorNamingIt() {
        try (Osiris osiris = osiris()) {
            assertThatThrownBy(() -> osiris.validate(Path.of("missing.yaml")))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("missing.yaml");
        }
    }

    @Test
    void aSourceDiscoversItsTablesAndWritesTemplatesAgainstItsConnection() {
        try (Osiris osiris = osiris()) {
            List<TableSummary> tables = osiris.withSource("duckdb", "movies", src -> src.discovery().listTables());
            assertThat(tables).extracting(TableSummary::name).containsExactly("movies");

            String yaml = osiris.withSource("duckdb", "movies",
                    src -> src.templates().fromSql("best", "SELECT title FROM movies WHERE rating > 8"));
            Pipeline generated = osiris.validate(yaml, "generated");
            assertThat(generated.extracts().get(0).connection()).isEqualTo("movies");
            assertThat(osiris.run(generated).steps()).isNotEmpty();
            assertThat(project.resolve("output")).isDirectoryContaining(p -> p.toString().endsWith(".csv"));
        }
    }

    @Test
    void anUnknownConnectionIsAConfigurationErrorAndOpensNothing() {
        try (Osiris osiris = osiris()) {
            assertThatThrownBy(() -> osiris.source("duckdb", "nope")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("nope");
            assertThat(osiris.hasState()).isFalse();
        }
    }

    @Test
    void closingClosesTheStateDatabaseItOpened() {
        StateDatabase state;
        try (Osiris osiris = osiris()) {
            assertThat(osiris.hasState()).isFalse();
            state = osiris.state();
            state.forNamespace("test").set("k", "v");
            assertThat(osiris.state()).isSameAs(state);
            assertThat(osiris.stateFile()).isEqualTo(project.resolve(".osiris/state.db")).exists();
        }
        assertThatThrownBy(state::namespaces).isInstanceOf(RuntimeException.class);
        try (StateDatabase reopened = StateDatabase.open(project.resolve(".osiris/state.db"))) {
            assertThat(reopened.forNamespace("test").get("k", "")).isEqualTo("v");
        }
    }

    @Test
    void aGivenConfigIsUsedAsIsAndNoFileIsRead() {
        OsirisConfig empty = OsirisConfig.empty(project);
        try (Osiris osiris = Osiris.configure().workingDirectory(project).config(empty).load()) {
            assertThat(osiris.config()).isSameAs(empty);
            assertThat(osiris.registry().types()).contains("duckdb");
            assertThatThrownBy(() -> osiris.source("duckdb", "movies")).isInstanceOf(OsirisException.class);
            assertThat(osiris.stateFile()).isEqualTo(project.resolve(".osiris/state.db"));
        }
    }

    @Test
    void aBadEngineSettingIsRefusedWhenConfiguredNotAtTheFirstRun() {
        assertThatThrownBy(() -> Osiris.configure().parallelism(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism");
    }

    @Test
    void aHostsRegistryIsTheOneUsedToParseAndRun() throws Exception {
        pipelineFile("top.yaml", "output/top.csv");
        ConnectorRegistry given = ConnectorRegistry.of(List.of(new DuckDbConnectorProvider()));
        try (Osiris osiris = Osiris.configure().workingDirectory(project).registry(given)
                .environment(Map.of("MOVIES_FILE", project.resolve("movies.duckdb").toString())).load()) {
            assertThat(osiris.registry()).isSameAs(given);
            assertThat(osiris.run(osiris.validate(Path.of("top.yaml"))).step("save").rows()).isEqualTo(2);
        }
    }
}
