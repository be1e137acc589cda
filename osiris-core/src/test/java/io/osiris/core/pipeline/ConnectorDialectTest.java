package io.osiris.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.Problem;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.SqlDialect;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.connector.ExampleConnectorProvider;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dialect that checks a source's SQL is the one its connector declares, for ours and for plugins. */
class ConnectorDialectTest {
    /**
     * A quote escaped by a backslash: MySQL reads one string ({@code it's}); a server with
     * standard strings (DuckDB, PostgreSQL, the ANSI rules) reads a string that ends early.
     */
    static final String MYSQL_ONLY = "SELECT 'it\\'s' AS s FROM movies";

    static String pipeline(String source, String query) {
        return """
                # osiris-pipeline-v2
                name: probe
                extract:
                  - id: rows
                    source: %s
                    query: "%s"
                load:
                  - id: save
                    to: csv
                    path: out.csv
                """.formatted(source, query.replace("\\", "\\\\"));
    }

    @Test
    void aPluginThatDeclaresMySqlHasItsExtractionCheckedByMySqlRules() {
        PipelineParser parser = Pipelines.parser();

        assertThat(parser.problems(pipeline(MySqlDialectProbeProvider.TYPE, MYSQL_ONLY), "p.yaml")).isEmpty();
        assertThat(parser.problems(pipeline("example", MYSQL_ONLY), "p.yaml")).singleElement()
                .extracting(Problem::path, Problem::message)
                .satisfies(pm -> {
                    assertThat(pm.get(0)).isEqualTo("extract[0].query");
                    assertThat(pm.get(1).toString()).startsWith("refused SQL: ");
                });
    }

    @Test
    void eachTypeIsCheckedInTheDialectItsProviderDeclaresElseAnsi() {
        PipelineParser parser = Pipelines.parser();

        assertThat(parser.dialect(MySqlDialectProbeProvider.TYPE)).isEqualTo(SqlDialect.MYSQL);
        assertThat(parser.dialect("duckdb")).isEqualTo(SqlDialect.DUCKDB);
        assertThat(parser.dialect("example")).as("declares nothing").isEqualTo(SqlDialect.ANSI);
        assertThat(parser.dialect("oracle")).as("unknown").isEqualTo(SqlDialect.ANSI);
    }

    @Test
    void aParserGivenOnlyTypesTakesTheDialectsOfTheClassPathProviders() {
        PipelineParser parser = new PipelineParser(Set.of(MySqlDialectProbeProvider.TYPE, "example", "mysql"));

        assertThat(parser.dialect(MySqlDialectProbeProvider.TYPE)).isEqualTo(SqlDialect.MYSQL);
        assertThat(parser.dialect("duckdb")).isEqualTo(SqlDialect.DUCKDB);
        assertThat(parser.dialect("mysql")).as("no mysql provider on this class path").isEqualTo(SqlDialect.ANSI);
        assertThat(parser.problems(pipeline(MySqlDialectProbeProvider.TYPE, MYSQL_ONLY), "")).isEmpty();
        assertThat(parser.problems(pipeline("mysql", MYSQL_ONLY), "")).isNotEmpty();
    }

    @Test
    void aParserOfARegistryKnowsItsProvidersDialectsAfterTheRegistryCloses() {
        PipelineParser parser;
        try (ConnectorRegistry registry = ConnectorRegistry.of(List.of(new MySqlDialectProbeProvider(),
                new ExampleConnectorProvider()))) {
            parser = PipelineParser.of(registry);
        }

        assertThat(parser.connectorTypes()).contains(MySqlDialectProbeProvider.TYPE, "example", "duckdb");
        assertThat(parser.problems(pipeline(MySqlDialectProbeProvider.TYPE, MYSQL_ONLY), "")).isEmpty();
        assertThat(parser.problems(pipeline("example", MYSQL_ONLY), "")).isNotEmpty();
    }

    @Test
    void aCallerBoundToAnOpenedSourceMayNameItsDialect() {
        PipelineParser parser = new PipelineParser(Set.of("example")).withDialect("example", SqlDialect.MYSQL);

        assertThat(parser.dialect("example")).isEqualTo(SqlDialect.MYSQL);
        assertThat(parser.problems(pipeline("example", MYSQL_ONLY), "")).isEmpty();
        assertThat(parser.problems(pipeline("duckdb", MYSQL_ONLY), "")).isNotEmpty();
    }

    @Test
    void anUnknownSourceTypeIsReportedAndItsSqlCheckedByTheStrictestRules() {
        List<Problem> problems = Pipelines.parser().problems(pipeline("oracle", MYSQL_ONLY), "");

        assertThat(problems).extracting(Problem::path).containsExactly("extract[0].source", "extract[0].query");
    }

    @Test
    void theBuiltInDuckDbProviderDeclaresTheDialectItsConnectorsSpeak(@TempDir Path dir) {
        DuckDbConnectorProvider provider = new DuckDbConnectorProvider();
        try (Connector connector = provider.open(new ConnectorConfig("duckdb", "probe",
                Map.of("path", dir.resolve("probe.duckdb").toString())))) {
            assertThat(connector.dialect()).isEqualTo(provider.dialect()).isEqualTo(SqlDialect.DUCKDB);
        }
    }
}
