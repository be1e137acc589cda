package io.osiris.core.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.SqlDialect;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.duckdb.DuckDbConnectorProvider;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables loaded without constraints (a copy, MyISAM) still join: simple_join falls back to the
 * one-column primary key the other table names a column after.
 */
class JoinWithoutForeignKeysTest {
    @TempDir
    Path dir;

    @Test
    void simpleJoinUsesTheSharedKeyColumnWhenNoForeignKeyIsDeclared() throws Exception {
        Path file = dir.resolve("shop.duckdb");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name VARCHAR)");
            s.execute("CREATE TABLE orders (order_id INTEGER PRIMARY KEY, customer_id INTEGER, total INTEGER)");
            s.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Linus')");
            s.execute("INSERT INTO orders VALUES (10, 1, 5), (11, 2, 7), (12, 1, 9)");
        }
        try (Connector connector = new DuckDbConnectorProvider().open(new ConnectorConfig("duckdb", "path",
                Map.of("path", file.toString())))) {
            DiscoveryService discovery = DiscoveryService.builder(connector.discovery(), "duckdb:" + file).build();
            TemplateEngine engine = TemplateEngine.builder(TemplateSource.file("duckdb", file.toString(),
                    SqlDialect.DUCKDB), discovery).outputDirectory(dir.resolve("output").toString()).build();
            String yaml = engine.apply(engine.template("simple_join"), Map.of("table", "orders",
                    "join_table", "customers", "columns", "order_id,name,total"));
            try (PipelineRunner runner = PipelineRunner.builder().workingDirectory(dir).build()) {
                runner.run(Pipelines.parse(yaml));
            }
        }
        try (var files = Files.list(dir.resolve("output"))) {
            Path csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow();
            assertThat(Files.readAllLines(csv)).containsExactly("order_id,name,total", "10,Ada,5", "11,Linus,7",
                    "12,Ada,9");
        }
    }
}
