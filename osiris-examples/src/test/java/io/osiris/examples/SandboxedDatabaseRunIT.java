package io.osiris.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.osiris.api.OsirisException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.runner.RunReport;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sandboxed engine still takes every route a server's rows travel (the source's CSV copy
 * through the engine's pipe, straight into a load's file or into a staged table, then a
 * transform and an export), while a transform that reads a file is refused before the source
 * is queried. Skipped when a server does not answer, failed with {@code -Dosiris.it.required=true}.
 */
class SandboxedDatabaseRunIT {
    private static final String TABLE = "t18box_sandbox_rows";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestServer.class)
    void aServersRowsReachTheirFilesDirectlyAndThroughATransform(TestServer server) throws Exception {
        try (Connection c = TestDatabases.connect(server.url()); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (id INTEGER PRIMARY KEY, title VARCHAR(40))");
            st.execute("INSERT INTO " + TABLE + " VALUES (1, 'Alien'), (2, 'Heat, the \"movie\"'), (3, NULL)");
            try {
                OsirisConfig config = server.config(dir);
                RunReport direct = run(config, pipeline(server, "", "src", "direct"));
                RunReport staged = run(config, pipeline(server, """
                        transform:
                          - id: same
                            sql: SELECT * FROM src ORDER BY id
                        """, "same", "staged"));
                assertThat(direct.step("src").rows()).isEqualTo(3);
                // Written while extracting, through the engine's pipe into the load's declared file.
                assertThat(direct.step("save").seconds()).isZero();
                assertThat(staged.step("same").rows()).isEqualTo(3);
                String expected = "id,title\n1,Alien\n2,\"Heat, the \"\"movie\"\"\"\n3,\n";
                assertThat(Files.readString(dir.resolve("out/direct.csv"))).isEqualTo(expected);
                assertThat(Files.readString(dir.resolve("out/staged.csv"))).isEqualTo(expected);

                Files.writeString(dir.resolve(".env"), "PASSWORD=t18box_secret_marker\n");
                Throwable refused = catchThrowable(() -> run(config, pipeline(server, """
                        transform:
                          - id: same
                            sql: SELECT * FROM src, read_text('.env')
                        """, "same", "stolen")));
                assertThat(refused).isInstanceOf(OsirisException.class).hasMessageContaining("read_text()")
                        .hasMessageNotContaining("t18box_secret_marker");
                assertThat(dir.resolve("out/stolen.csv")).doesNotExist();
            } finally {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
            }
        }
    }

    private static String pipeline(TestServer server, String transform, String from, String name) {
        return """
                # osiris-pipeline-v2
                name: %1$s
                extract:
                  - id: src
                    source: %2$s
                    query: SELECT id, title FROM %3$s ORDER BY id
                %4$sload:
                  - id: save
                    from: %5$s
                    to: csv
                    path: out/%1$s.csv
                """.formatted(name, server.type, TABLE, transform, from);
    }

    private RunReport run(OsirisConfig config, String yaml) {
        Pipeline pipeline = Pipelines.parser().parse(yaml, "sandbox.yaml");
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir)
                .tempDirectory(dir.resolve("tmp")).build()) {
            return runner.run(pipeline);
        }
    }

}
