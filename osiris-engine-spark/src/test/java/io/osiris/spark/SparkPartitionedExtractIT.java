package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table extract with {@code parallelism: 2} on Spark: the connector plans the splits, Spark's
 * tasks read them and write the file's parts as they read, and the file holds every row once,
 * NULLs and an uneven key included; a query, one stream, is one task.
 */
class SparkPartitionedExtractIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "supabase"})
    void splitsBecomeSparkPartitionsAndTheFileHoldsEveryRowOnce(String type) throws Exception {
        String url = type.equals("mysql") ? TestDatabases.mysqlUrl() : TestDatabases.postgresUrl();
        String table = "sk_split_src";
        List<String> expected = new ArrayList<>();
        expected.add("id,name");
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(40))");
            StringBuilder insert = new StringBuilder("INSERT INTO " + table + " VALUES ");
            for (int i = 1; i <= 500; i++) {
                // Most keys crowd the bottom of the range, a few sit far above it.
                int id = i <= 490 ? i : 1_000_000 * i;
                String name = i % 7 == 0 ? null : "n" + i;
                insert.append(i == 1 ? "" : ", ").append("(").append(id).append(", ")
                        .append(name == null ? "NULL" : "'" + name + "'").append(")");
                expected.add(id + "," + (name == null ? "" : name));
            }
            s.execute(insert.toString());
        }
        try {
            RunReport report = run(config(type, url), """
                    # osiris-pipeline-v2
                    name: sk_split
                    version: 1.0
                    extract:
                      - id: src
                        source: %s
                        table: %s
                        parallelism: 2
                    load:
                      - id: save
                        from: src
                        to: csv
                        path: out/rows.csv
                    """.formatted(type, table));
            assertThat(report.step("src").route()).startsWith("split-in-engine-into-file: ");
            List<String> lines = Files.readAllLines(dir.resolve("out/rows.csv"));
            assertThat(lines.get(0)).isEqualTo("id,name");
            assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);

            // A query is one stream: Spark reads it as one partition, straight into the Parquet file.
            RunReport query = run(config(type, url), """
                    # osiris-pipeline-v2
                    name: sk_split_query
                    version: 1.0
                    extract:
                      - id: src
                        source: %s
                        query: "SELECT id, name FROM %s WHERE id > 10"
                    load:
                      - id: save
                        from: src
                        to: parquet
                        path: out/rows.parquet
                    """.formatted(type, table));
            assertThat(query.step("src").route()).startsWith("split-in-engine-into-file: ")
                    .endsWith("(one split)");
            assertThat(query.step("save").rows()).isEqualTo(490);
            try (Connection duck = java.sql.DriverManager.getConnection("jdbc:duckdb:");
                    Statement s = duck.createStatement();
                    java.sql.ResultSet rs = s.executeQuery("SELECT id, coalesce(name, '') FROM read_parquet('"
                            + dir.resolve("out/rows.parquet") + "')")) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "," + rs.getString(2));
                }
                assertThat(rows).containsExactlyInAnyOrderElementsOf(expected.stream().skip(1)
                        .filter(l -> Long.parseLong(l.substring(0, l.indexOf(','))) > 10).toList());
            }
        } finally {
            try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private RunReport run(OsirisConfig config, String yaml) {
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            return runner.run(Pipelines.parser().parse(yaml, "sk_split.yaml"));
        }
    }

    private OsirisConfig config(String type, String url) throws Exception {
        Path file = Files.writeString(dir.resolve(ConfigLoader.FILE_NAME), """
                version: 1
                engine:
                  type: spark
                  master: local[2]
                  conf:
                    spark.ui.enabled: false
                    spark.sql.shuffle.partitions: 2
                connections:
                  %s:
                    default:
                      jdbc_url: "%s"
                """.formatted(type, url));
        return ConfigLoader.load(file, Map.of());
    }
}
