package io.osiris.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.Limits;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Osiris configured and given pipelines in code, with no YAML file anywhere. */
class EmbeddedConfigurationTest {
    @TempDir
    Path project;

    @BeforeEach
    void movies() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + project.resolve("movies.duckdb"));
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE movies (movie_id INTEGER PRIMARY KEY, title VARCHAR, rating DECIMAL(3,1))");
            s.execute("INSERT INTO movies VALUES (1, 'Alien', 8.5), (2, 'Heat', 8.3), (3, 'Brazil', 6.0)");
        }
    }

    private OsirisConfig config() {
        return OsirisConfig.builder().projectDirectory(project)
                .connection("duckdb", "movies", c -> c.set("path", project.resolve("movies.duckdb").toString()))
                .limits(Limits.defaults().withStatementTimeout(Duration.ofMinutes(2)))
                .build();
    }

    private Osiris osiris(OsirisConfig config) {
        return Osiris.configure().workingDirectory(project).config(config).tempDirectory(project.resolve("tmp")).load();
    }

    private static Pipeline topMovies(String extractSql) {
        return Pipeline.builder("top_movies")
                .extract("movies", e -> e.source("duckdb").connection("movies").query(extractSql))
                .transform("ranked", "SELECT title, rating FROM movies ORDER BY rating DESC")
                .load("save", l -> l.toCsv("output/top.csv"))
                .build();
    }

    @Test
    void aPipelineBuiltInCodeRunsWithAConfigBuiltInCode() throws Exception {
        try (Osiris osiris = osiris(config())) {
            RunReport report = osiris.run(topMovies("SELECT * FROM movies WHERE rating > 8.0"));
            assertThat(report.steps()).hasSize(3);
        }
        assertThat(Files.readAllLines(project.resolve("output/top.csv")))
                .containsExactly("title,rating", "Alien,8.5", "Heat,8.3");
    }

    @Test
    void theBuildersMakeTheModelTheParserReadsFromTheSameYaml() {
        Pipeline built = Pipeline.builder("ratings").description("Ratings everywhere")
                .extract("movies", e -> e.duckDbFile("movies.duckdb").table("movies").columns("movie_id", "rating")
                        .where("rating > 5").limit(10))
                .load("save", l -> l.toFile(LoadTarget.PARQUET, "out/r.parquet").compression("zstd"))
                .load("copy", l -> l.from("movies").toDuckDb("copy.duckdb", "ratings").upsertOn("movie_id"))
                .build();
        String yaml = Pipelines.toYaml(built);
        Pipeline parsed = new PipelineParser(Set.of()).parse(yaml, "ratings.yaml");

        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.loads().get(0).mode()).isEqualTo(WriteMode.REPLACE);
        assertThat(parsed.loads().get(1).primaryKey()).containsExactly("movie_id");
    }

    @Test
    void aHandBuiltPipelineIsRefusedWithTheProblemsOfTheSameYaml() {
        String yaml = """
                # osiris-pipeline-v2
                name: bad
                extract:
                  - id: movies
                    source: duckdb
                    connection: movies
                    query: DELETE FROM t
                load:
                  - id: save
                    from: nowhere
                    to: csv
                    path: output/x.csv
                """;
        Pipeline built = Pipeline.builder("bad")
                .extract("movies", e -> e.source("duckdb").connection("movies").query("DELETE FROM t"))
                .load("save", l -> l.from("nowhere").toCsv("output/x.csv"))
                .build();
        PipelineParser parser = new PipelineParser(Set.of());

        List<Problem> fromYaml = parser.problems(yaml, "bad.yaml");
        assertThatThrownBy(() -> parser.check(built)).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).extracting(Problem::path, Problem::message).containsExactlyElementsOf(
                        fromYaml.stream().map(p -> org.assertj.core.groups.Tuple.tuple(p.path(), p.message())).toList()));
        assertThat(fromYaml).extracting(Problem::path).containsExactly("extract[0].query", "load[0].from");
        assertThat(fromYaml.get(0).message()).startsWith("refused SQL");
        assertThat(fromYaml.get(1).message()).contains("no step 'nowhere'");
    }

    @Test
    void osirisAndThePipelineRunnerRefuseUnsafeSqlBuiltInCodeBeforeReadingAnything() {
        Pipeline unsafe = topMovies("DELETE FROM movies");
        try (Osiris osiris = osiris(config())) {
            assertThatThrownBy(() -> osiris.validate(unsafe)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("extract[0].query: refused SQL");
            assertThatThrownBy(() -> osiris.run(unsafe)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("extract[0].query: refused SQL");
        }
        try (PipelineRunner runner = PipelineRunner.builder().config(config()).workingDirectory(project).build()) {
            assertThatThrownBy(() -> runner.run(unsafe)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("refused SQL");
        }
        assertThat(project.resolve("output/top.csv")).doesNotExist();
    }

    @Test
    void aLoadOutsideTheProjectIsRefusedForAPipelineBuiltInCode() {
        Pipeline outside = Pipeline.builder("escape")
                .extract("movies", e -> e.source("duckdb").connection("movies").query("SELECT * FROM movies"))
                .load("save", l -> l.toCsv("../elsewhere.csv"))
                .build();
        try (Osiris osiris = osiris(config())) {
            assertThatThrownBy(() -> osiris.validate(outside)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("load[0]");
        }
    }

    @Test
    void aPasswordSupplierIsNeitherInTheSettingsNorInAnyText() {
        AtomicInteger reads = new AtomicInteger();
        OsirisConfig config = OsirisConfig.builder()
                .connection("mysql", "default", c -> c.set("host", "db.internal").set("user", "etl")
                        .password(() -> "s3cret-" + reads.incrementAndGet()))
                .build();
        var connection = config.requireConnection("mysql", "default");

        assertThat(connection.properties()).doesNotContainKey("password").doesNotContainValue("s3cret-1");
        assertThat(connection.password()).isPresent();
        assertThat(reads).hasValue(0);
        assertThat(connection.toString()).doesNotContain("s3cret").contains("password supplier");
        assertThat(connection.password().get().get()).isEqualTo("s3cret-1");
    }

    @Test
    void aConfigBuiltInCodeRefusesUnknownSectionKeysWithTheClosestOne() {
        assertThatThrownBy(() -> OsirisConfig.builder().llm("modle", "gpt-5-mini"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("llm.modle: unknown key (did you mean 'model'?)");
    }

    @Test
    void aMissingConnectionSpeaksOfTheConfigNotOfCommandLineFlags() {
        try (Osiris osiris = osiris(OsirisConfig.builder().projectDirectory(project).build())) {
            assertThatThrownBy(() -> osiris.source("duckdb", "movies")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("No connection 'movies' for 'duckdb'")
                    .hasMessageContaining(OsirisConfig.NO_FILE)
                    .hasMessageContaining("OsirisConfig.builder().connection(\"duckdb\", \"movies\"")
                    .hasMessageNotContaining("--");
        }
    }

    @Test
    void aConnectionSettingNoConnectorDeclaresIsRefusedWhenOsirisLoadsItsConnectors() {
        OsirisConfig typo = OsirisConfig.builder().projectDirectory(project)
                .connection("duckdb", "movies", c -> c.set("path", "movies.duckdb").set("read_onyl", "true"))
                .build();
        try (Osiris osiris = osiris(typo)) {
            assertThatThrownBy(osiris::registry).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("connections.duckdb.movies: unknown key 'read_onyl' (did you mean 'read_only'?)");
        }
        OsirisConfig unknownType = OsirisConfig.builder().projectDirectory(project)
                .connection("duckbd", "movies", c -> c.set("path", "movies.duckdb")).build();
        try (Osiris osiris = osiris(unknownType)) {
            assertThatThrownBy(() -> osiris.validate(topMovies("SELECT 1"))).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("connections.duckbd: unknown connector type (did you mean 'duckdb'?)");
        }
    }
}
