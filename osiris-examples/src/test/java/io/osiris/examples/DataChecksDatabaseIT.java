package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.DataCheckFailedException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failing data check on a pipeline that loads into MariaDB or PostgreSQL (and CSV and Parquet
 * files beside it) leaves every target exactly as it was: the table's rows, the files' bytes, and
 * no staging table; the same pipeline on good rows loads them all. Skipped when a server does not
 * answer, failed with {@code -Dosiris.it.required=true}.
 */
class DataChecksDatabaseIT {
    private static final String SOURCE = "h_chk_source";
    private static final String TARGET = "h_chk_target";

    @TempDir
    Path dir;

    static Stream<Arguments> serversAndModes() {
        List<Arguments> all = new ArrayList<>();
        for (TestServer s : TestServer.values()) {
            for (String mode : List.of("replace", "append", "upsert")) {
                all.add(Arguments.of(s, mode));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("serversAndModes")
    void aFailingCheckLeavesTheTableAndTheFilesAsTheyWere(TestServer server, String mode) throws Exception {
        try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + SOURCE);
            st.execute("DROP TABLE IF EXISTS " + TARGET);
            st.execute("CREATE TABLE " + SOURCE + " (id INTEGER, status VARCHAR(20))");
            st.execute("INSERT INTO " + SOURCE + " VALUES (1, 'open'), (2, 'closed'), (2, 'open'), (3, 'lost')");
            st.execute("CREATE TABLE " + TARGET + " (id INTEGER PRIMARY KEY, status VARCHAR(20))");
            st.execute("INSERT INTO " + TARGET + " VALUES (7, 'before'), (8, 'before')");
            try {
                OsirisConfig config = server.config(dir);
                Files.createDirectories(dir.resolve("out"));
                Files.writeString(dir.resolve("out/rows.csv"), "id,status\n7,before\n");
                Files.write(dir.resolve("out/rows.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 1, 2, 'P', 'A',
                        'R', '1'});
                byte[] csv = Files.readAllBytes(dir.resolve("out/rows.csv"));
                byte[] parquet = Files.readAllBytes(dir.resolve("out/rows.parquet"));
                List<String> tablesBefore = tables(c);

                assertThatThrownBy(() -> run(config, pipeline(server, mode, "[open, closed]")))
                        .isInstanceOfSatisfying(DataCheckFailedException.class, e -> {
                            assertThat(e.step()).isEqualTo("src");
                            assertThat(e.getMessage()).startsWith("""
                                    2 data checks failed:
                                    extract 'src' check unique(id): 1 duplicate value, e.g. 2
                                    load 'save' check accepted_values(status): 1 value not accepted, e.g. lost;\
                                     accepted: open, closed""");
                        });

                assertThat(rows(st)).containsExactly("7 before", "8 before");
                assertThat(tables(c)).isEqualTo(tablesBefore);
                assertThat(Files.readAllBytes(dir.resolve("out/rows.csv"))).isEqualTo(csv);
                assertThat(Files.readAllBytes(dir.resolve("out/rows.parquet"))).isEqualTo(parquet);
                try (Stream<Path> files = Files.list(dir.resolve("out"))) {
                    assertThat(files).hasSize(2);
                }

                st.execute("DELETE FROM " + SOURCE + " WHERE status = 'lost' OR (id = 2 AND status = 'open')");
                RunReport report = run(config, pipeline(server, mode, "[open, closed]"));
                assertThat(report.checks()).hasSize(2).allSatisfy(r -> assertThat(r.passed()).isTrue());
                assertThat(rows(st)).containsExactlyElementsOf(mode.equals("replace") ? List.of("1 open", "2 closed")
                        : List.of("1 open", "2 closed", "7 before", "8 before"));
                assertThat(Files.readString(dir.resolve("out/rows.csv"))).isEqualTo("id,status\n1,open\n2,closed\n");
            } finally {
                st.execute("DROP TABLE IF EXISTS " + SOURCE);
                st.execute("DROP TABLE IF EXISTS " + TARGET);
            }
        }
    }

    private static String pipeline(TestServer server, String mode, String accepted) {
        return """
                # osiris-pipeline-v2
                name: h_chk_pipeline
                extract:
                  - id: src
                    source: %1$s
                    query: SELECT id, status FROM %2$s ORDER BY id, status
                    checks:
                      - unique: [id]
                load:
                  - id: csv
                    from: src
                    to: csv
                    path: out/rows.csv
                  - id: save
                    from: src
                    to: %1$s
                    table: %3$s
                    mode: %4$s
                    primary_key: [id]
                    checks:
                      - accepted_values: {status: %5$s}
                  - id: parquet
                    from: src
                    to: parquet
                    path: out/rows.parquet
                """.formatted(server.type, SOURCE, TARGET, mode, accepted);
    }

    private static List<String> rows(Statement st) throws Exception {
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT id, status FROM " + TARGET + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }

    /** The tables whose names start with this test's prefix, staging tables included. */
    private static List<String> tables(Connection c) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "h_chk%", null)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        names.sort(null);
        return names;
    }

    private RunReport run(OsirisConfig config, String yaml) {
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            return runner.run(Pipelines.parser().parse(yaml, "checks.yaml"));
        }
    }

}
