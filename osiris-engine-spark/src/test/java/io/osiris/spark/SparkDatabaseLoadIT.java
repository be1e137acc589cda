package io.osiris.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.OsirisException;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Database loads on Spark go through Osiris's loaders, all or nothing: a value the target refuses
 * in the second of two Spark partitions leaves the target exactly as it was, on MariaDB and
 * PostgreSQL, appending or replacing; the same load without that value writes every row.
 */
class SparkDatabaseLoadIT {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"mysql,append", "mysql,replace", "supabase,append", "supabase,replace"})
    void aRowTheTargetRefusesInTheSecondPartitionLeavesTheTargetAsItWas(String type, String mode) throws Exception {
        String url = type.equals("mysql") ? TestDatabases.mysqlUrl() : TestDatabases.postgresUrl();
        String source = "sk_src_" + mode;
        String target = "sk_target_" + mode;
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + source);
            s.execute("DROP TABLE IF EXISTS " + target);
            s.execute("CREATE TABLE " + source + " (id INT PRIMARY KEY, name VARCHAR(40))");
            s.execute("CREATE TABLE " + target + " (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL)");
            for (int id = 1; id <= 10; id++) {
                // The one NULL sorts into the second of the two partitions the ORDER BY ranges into.
                s.execute("INSERT INTO " + source + " VALUES (" + id + ", " + (id == 9 ? "NULL" : "'n" + id + "'") + ")");
            }
            s.execute("INSERT INTO " + target + " VALUES (100, 'kept'), (101, 'also kept')");

            OsirisConfig config = config(type, url);
            String yaml = pipeline(type, source, target, mode);
            // The database itself refused row 9: the rows before it had been streamed into the load.
            assertThatThrownBy(() -> run(config, yaml)).isInstanceOf(OsirisException.class)
                    .hasStackTraceContaining(target).satisfies(e -> assertThat(trace(e)).containsPattern(
                            "(?i)not.null"));
            assertThat(rows(s, target)).containsExactly("100|kept", "101|also kept");

            s.execute("UPDATE " + source + " SET name = 'n9' WHERE id = 9");
            RunReport report = run(config, yaml);
            assertThat(report.step("save").rows()).isEqualTo(10);
            List<String> expected = new ArrayList<>();
            for (int id = 1; id <= 10; id++) {
                expected.add(id + "|n" + id);
            }
            if (mode.equals("append")) {
                expected.add("100|kept");
                expected.add("101|also kept");
            }
            assertThat(rows(s, target)).containsExactlyInAnyOrderElementsOf(expected);
            s.execute("DROP TABLE " + source);
            s.execute("DROP TABLE " + target);
        }
    }

    private RunReport run(OsirisConfig config, String yaml) {
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            return runner.run(Pipelines.parser().parse(yaml, "sk.yaml"));
        }
    }

    /** A config file choosing Spark, as a user writes it. */
    private OsirisConfig config(String type, String url) throws Exception {
        Path file = Files.writeString(dir.resolve(ConfigLoader.FILE_NAME), """
                version: 1
                engine:
                  type: spark
                  master: local[2]
                  app_name: osiris-tests
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

    private static String pipeline(String type, String source, String target, String mode) {
        return """
                # osiris-pipeline-v2
                name: sk_all_or_nothing
                version: 1.0
                extract:
                  - id: src
                    source: %s
                    query: SELECT id, name FROM %s
                transform:
                  - id: ordered
                    sql: SELECT id, name FROM src ORDER BY id
                load:
                  - id: save
                    from: ordered
                    to: %s
                    table: %s
                    mode: %s
                """.formatted(type, source, type, target, mode);
    }

    private static String trace(Throwable e) {
        java.io.StringWriter text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static List<String> rows(Statement s, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT id, name FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2));
            }
        }
        return rows;
    }
}
