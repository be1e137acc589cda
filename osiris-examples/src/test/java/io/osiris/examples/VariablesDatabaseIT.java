package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Variables bound into a MySQL and a PostgreSQL query and filter: a value that matches a row
 * with a quote and a backslash in it matches exactly that row (the dialect's escaping is right),
 * and hostile values stay literals or are refused before the server is queried.
 */
class VariablesDatabaseIT {
    private static final String TABLE = "h_vars_movies";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void valuesAreBoundAsLiteralsOfTheServersDialect(TestServer server) throws Exception {
        try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (id INTEGER PRIMARY KEY, title VARCHAR(40), year INTEGER)");
            st.execute("INSERT INTO " + TABLE + " VALUES (1, 'Alien', 1979), (2, 'Heat', 1995), (3, ?, 2001)"
                    .replace("?", server == TestServer.MYSQL ? "'it''s \\\\ back'" : "'it''s \\ back'"));
            try {
                OsirisConfig config = server.config(dir);
                Pipeline pipeline = Pipelines.parser().parse(pipeline(server), "vars.yaml");

                run(config, pipeline, Map.of("min_year", "1990", "title", "none", "name", "by_year"));
                assertThat(lines("by_year")).containsExactly("id", "2", "3");
                assertThat(lines("by_year_table")).containsExactly("id");

                run(config, pipeline, Map.of("min_year", "3000", "title", "it's \\ back", "name", "quoted"));
                assertThat(lines("quoted")).containsExactly("id", "3");
                assertThat(lines("quoted_table")).containsExactly("id", "3");

                for (String hostile : new String[] {"x' OR '1'='1", "x\\' OR 1=1 -- ", "x'; DROP TABLE " + TABLE
                        + "; --"}) {
                    RunReport report = run(config, pipeline, Map.of("min_year", "3000", "title", hostile,
                            "name", "hostile"));
                    assertThat(lines("hostile")).as(hostile).containsExactly("id");
                    assertThat(lines("hostile_table")).as(hostile).containsExactly("id");
                    assertThat(report.variables()).containsEntry("title", hostile);
                }
                assertThatThrownBy(() -> run(config, pipeline, Map.of("min_year", "1; DROP TABLE " + TABLE)))
                        .isInstanceOf(ValidationException.class).hasMessageContaining("is not a whole number");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(3);
                }
            } finally {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    private static String pipeline(TestServer server) {
        return """
                # osiris-pipeline-v2
                name: h_vars
                vars:
                  min_year: 2000
                  title: Alien
                  name: out
                extract:
                  - id: by_query
                    source: %1$s
                    query: SELECT id FROM %2$s WHERE year >= ${min_year} OR title = ${title} ORDER BY id
                  - id: by_table
                    source: %1$s
                    table: %2$s
                    columns: [id]
                    where: title = ${title}
                load:
                  - id: save
                    from: by_query
                    to: csv
                    path: out/${name}.csv
                  - id: save_table
                    from: by_table
                    to: csv
                    path: out/${name}_table.csv
                """.formatted(server.type, TABLE);
    }

    private java.util.List<String> lines(String name) throws Exception {
        return Files.readAllLines(dir.resolve("out/" + name + ".csv"));
    }

    private RunReport run(OsirisConfig config, Pipeline pipeline, Map<String, String> values) {
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            return runner.run(pipeline, values);
        }
    }

}
