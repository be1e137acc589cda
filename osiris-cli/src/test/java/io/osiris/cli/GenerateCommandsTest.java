package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.state.StateDatabase;
import io.osiris.examples.MoviesDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code osiris templates}, {@code discover} and {@code generate}, in process, on a DuckDB movies file. */
class GenerateCommandsTest {
    @TempDir
    Path dir;

    Path movies;
    String source;

    @BeforeEach
    void movies() {
        movies = MoviesDatabase.createDuckDb(dir.resolve("movies.duckdb"));
        source = "duckdb:" + movies;
    }

    private Path config(String body) throws Exception {
        Path file = dir.resolve(".osiris.yaml");
        Files.writeString(file, "version: 1\n" + body);
        return file;
    }

    // ------------------------------------------------------------------ templates

    @Test
    void templatesListsTheSevenTemplatesWithTheirParameters() {
        OsirisCliTest.Result r = OsirisCliTest.run("templates");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("top_n - ", "aggregation - ", "time_series - ", "simple_join - ",
                "filter_extract - ", "comparison - ", "distribution - ")
                .contains("order_by").contains("e.g. \"top 10 movies by box office\"");
    }

    @Test
    void templatesJsonIsForScripts() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("templates", "--json");
        assertThat(r.exitCode()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(list).hasSize(7);
        assertThat(list.get(0).get("name").asText()).isEqualTo("top_n");
        assertThat(list.get(0).get("parameters").get(1).get("type").asText()).isEqualTo("column");
    }

    @Test
    void templatesLoadsNoDatabaseDriver() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-verbose:class", "-cp", System.getProperty("java.class.path"),
                OsirisCli.class.getName(), "templates").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("top_n").doesNotContain("org.duckdb.").doesNotContain("org.sqlite.")
                .doesNotContain("com.mysql.").doesNotContain("org.postgresql.");
    }

    // ------------------------------------------------------------------ discover

    @Test
    void discoverListsTablesWithRowCounts() {
        OsirisCliTest.Result r = OsirisCliTest.run("discover", "--source", source);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).first().asString().startsWith("table").contains("kind").contains("rows");
        assertThat(r.out()).contains("movies").contains("reviews").containsPattern("movies\\s+table\\s+36");
        assertThat(r.err()).contains("5 table(s)");
    }

    @Test
    void discoverATableShowsColumnsKeysAndSampleRows() {
        OsirisCliTest.Result r = OsirisCliTest.run("discover", "movies", "--source", source);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("movies (table")
                .containsPattern("movie_id\\s+INTEGER\\s+no\\s+PK")
                .contains("FK -> directors.director_id")
                .containsPattern("box_office_musd\\s+DECIMAL\\(8,2\\)\\s+yes")
                .contains("sample rows (10):")
                .containsPattern("1\\s+Inception\\s+2010\\s+Sci-Fi");
    }

    @Test
    void discoverJsonPrintsTheDescriptionAndMoreRowsOnRequest() throws Exception {
        OsirisCliTest.Result r = OsirisCliTest.run("discover", "reviews", "--source", source, "--json",
                "--rows", "100");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("source").asText()).isEqualTo(source);
        assertThat(json.get("primary_key").get(0).asText()).isEqualTo("review_id");
        assertThat(json.get("sample_rows")).hasSize(100);
        assertThat(json.get("sample_rows").get(0).get(3).asText()).isEqualTo("8.6");
        assertThat(OsirisCliTest.run("discover", "reviews", "--source", source, "--rows", "50").exitCode())
                .isEqualTo(2);
    }

    @Test
    void discoverUsesTheOnlyConfiguredConnectionAndCachesBesideTheConfig() throws Exception {
        Path cfg = config("connections:\n  duckdb:\n    demo:\n      path: " + movies + "\n");
        OsirisCliTest.Result first = OsirisCliTest.run("--config", cfg.toString(), "discover", "directors");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(dir.resolve(".osiris/state.db")).exists();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + movies); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE directors ADD COLUMN website VARCHAR");
        }
        OsirisCliTest.Result cached = OsirisCliTest.run("--config", cfg.toString(), "discover", "directors");
        assertThat(cached.out()).doesNotContain("website");
        OsirisCliTest.Result refreshed = OsirisCliTest.run("--config", cfg.toString(), "discover", "directors",
                "--refresh");
        assertThat(refreshed.exitCode()).as(refreshed.err()).isZero();
        assertThat(refreshed.out()).contains("website");
    }

    @Test
    void discoverRefreshOfTheWholeSourceForgetsTheAgentsSchemaIndex() throws Exception {
        Path cfg = config("connections:\n  duckdb:\n    demo:\n      path: " + movies + "\n");
        assertThat(OsirisCliTest.run("--config", cfg.toString(), "discover").exitCode()).isZero();
        Path state = dir.resolve(".osiris/state.db");
        try (StateDatabase db = StateDatabase.open(state)) {
            db.forNamespace(DiscoveryService.CACHE_NAMESPACE).set("index:duckdb.demo", java.util.Map.of("format", 1));
        }
        OsirisCliTest.Result refreshed = OsirisCliTest.run("--config", cfg.toString(), "discover", "--refresh");
        assertThat(refreshed.exitCode()).as(refreshed.err()).isZero();
        try (StateDatabase db = StateDatabase.open(state)) {
            assertThat(db.forNamespace(DiscoveryService.CACHE_NAMESPACE).keys())
                    .doesNotContain("index:duckdb.demo").contains("tables:duckdb.demo");
        }
    }

    @Test
    void sampleDataOffShowsNoValues() throws Exception {
        Path cfg = config("connections:\n  duckdb:\n    demo:\n      path: " + movies
                + "\ndiscovery:\n  sample_data: false\n");
        OsirisCliTest.Result r = OsirisCliTest.run("--config", cfg.toString(), "discover", "movies");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("box_office_musd").contains("sample rows: off").doesNotContain("Inception");
        OsirisCliTest.Result json = OsirisCliTest.run("--config", cfg.toString(), "discover", "movies", "--json");
        assertThat(json.out()).contains("\"sample_rows\" : [ ]").doesNotContain("Inception");
    }

    @Test
    void severalConnectionsWithoutSourceIsAUsageErrorListingThem() throws Exception {
        Path cfg = config("connections:\n  duckdb:\n    demo:\n      path: " + movies + "\n    other:\n      path: "
                + movies + "\n  mysql:\n    default:\n      host: 127.0.0.1\n");
        OsirisCliTest.Result r = OsirisCliTest.run("--config", cfg.toString(), "discover");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--source").contains("duckdb.demo, duckdb.other, mysql.default");
        OsirisCliTest.Result chosen = OsirisCliTest.run("--config", cfg.toString(), "discover", "--source",
                "duckdb.other");
        assertThat(chosen.exitCode()).as(chosen.err()).isZero();
    }

    @Test
    void discoveringAMissingTableFailsNamingIt() {
        OsirisCliTest.Result r = OsirisCliTest.run("discover", "nope", "--source", source);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("nope");
    }

    // ------------------------------------------------------------------ generate

    @Test
    void generateRendersATemplateWithKeyValueParameters() {
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "--source", source, "--template", "top_n",
                "--params", "table=movies", "order_by=box_office_musd", "n=3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Pipeline pipeline = Pipelines.parse(r.out());
        assertThat(pipeline.name()).isEqualTo("top_n_movies");
        assertThat(pipeline.extracts().get(0).path()).isEqualTo(movies.toString());
        assertThat(r.out()).contains("LIMIT 3");
    }

    @Test
    void generateMatchesASentenceAndSaysWhichTemplate() {
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "top 10 movies by box office", "--source", source);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("template top_n").contains("order_by=box_office_musd").contains("n=10");
        assertThat(Pipelines.parse(r.out()).loads().get(0).path()).endsWith("top_n_movies.csv");
    }

    @Test
    void anInjectedIdentifierIsRefusedWithExitCode2NamingTheParameter() {
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "--source", source, "--template", "top_n",
                "--params", "{\"table\": \"movies\", \"order_by\": \"x; DROP TABLE y\"}");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("order_by: 'x; DROP TABLE y' is not a column of movies");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void refusedSqlExitsWith2AndWritesNothing() {
        Path out = dir.resolve("p.yaml");
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "--source", source, "--sql",
                "SELECT 1; DELETE FROM movies", "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("the given SQL: refused SQL");
        assertThat(out).doesNotExist();
    }

    @Test
    void sqlBecomesAPipelineWrittenToAFile() throws Exception {
        Path out = dir.resolve("pipelines/titles.yaml");
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "--source", source, "--sql",
                "SELECT title FROM movies WHERE release_year > 2015;", "--name", "titles", "-o", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        Pipeline pipeline = Pipelines.read(out);
        assertThat(pipeline.name()).isEqualTo("titles");
        assertThat(pipeline.extracts().get(0).extraction().toString()).contains("release_year > 2015");
        assertThat(Files.list(out.getParent()).map(p -> p.getFileName().toString()).toList())
                .containsExactly("titles.yaml");
    }

    @Test
    void missingParametersWithoutATerminalAreListedWithExitCode2() {
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "top 10 please", "--source", source,
                "--skip-clarification");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("table: template top_n needs 'table'").contains("tables: actors, directors")
                .contains("order_by: template top_n needs 'order_by'");
    }

    @Test
    void defaultsFillWhatTheSentenceLeavesOut() {
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "highest grossing movies", "--source", source,
                "--skip-clarification");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("LIMIT 10");
    }

    @Test
    void dryRunChecksThePipelineAgainstTheSource() {
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "average rating per reviewer", "--source", source,
                "--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("dry run of aggregation_reviews").contains("[reviewer, avg_rating]");
    }

    @Test
    void aSentenceNoTemplateFitsIsAUsageError() {
        OsirisCliTest.Result r = OsirisCliTest.run("generate", "hello there", "--source", source);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no template fits 'hello there'");
        assertThat(OsirisCliTest.run("generate").exitCode()).isEqualTo(2);
        assertThat(OsirisCliTest.run("generate", "--sql", "SELECT 1", "--template", "top_n").exitCode())
                .isEqualTo(2);
    }

}
