package io.osiris.examples;

import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.ConfigLoader;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.testkit.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The MySQL and Supabase examples against the real servers, in a database of their own
 * ({@value #DATABASE}): each write mode does what its comments say. Skipped when a server does
 * not answer, failed instead with {@code -Dosiris.it.required=true}.
 */
class ExampleDatabasePipelinesIT {
    static final String DATABASE = "osiris_examples_it";

    /** A target server: its connector type, test URL, and how it creates a database. */
    enum Server {
        MYSQL("mysql", TestDatabases::mysqlUrl),
        SUPABASE("supabase", TestDatabases::postgresUrl);

        final String type;
        final Supplier<String> url;

        Server(String type, Supplier<String> url) {
            this.type = type;
            this.url = url;
        }

        /** The test URL pointed at {@value #DATABASE} instead of its own database. */
        String itUrl() {
            String full = url.get();
            int query = full.indexOf('?');
            String base = query < 0 ? full : full.substring(0, query);
            return base.substring(0, base.lastIndexOf('/') + 1) + DATABASE + (query < 0 ? "" : full.substring(query));
        }

        void createDatabase() throws SQLException {
            try (Connection c = TestDatabases.connect(url.get()); Statement st = c.createStatement()) {
                if (this == MYSQL) {
                    st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
                    return;
                }
                // PostgreSQL has no CREATE DATABASE IF NOT EXISTS.
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                    if (rs.next()) {
                        return;
                    }
                }
                st.execute("CREATE DATABASE " + DATABASE);
            }
        }
    }

    @TempDir
    Path dir;

    @BeforeEach
    void createTheDemoDatabase() {
        MoviesDatabase.createDuckDb(dir.resolve(ExamplePipelines.DEMO_DATABASE));
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void appendAddsEveryRunsRows(Server server) throws Exception {
        String table = prepare(server, "movie_ratings_append");
        WriteModes.appendAddsEveryRunsRows(runner(server, "append"), () -> connect(server), table);
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void replaceLeavesExactlyTheNewRows(Server server) throws Exception {
        String table = prepare(server, "movie_ratings_replace");
        WriteModes.replaceLeavesExactlyTheNewRows(runner(server, "replace"), () -> connect(server), table);
    }

    @ParameterizedTest
    @EnumSource(Server.class)
    void upsertUpdatesByPrimaryKey(Server server) throws Exception {
        String table = prepare(server, "movie_ratings_upsert");
        WriteModes.upsertUpdatesByKey(runner(server, "upsert"), () -> connect(server), table);
    }

    /**
     * An extract whose rows go to one file and nowhere else is written straight into it (through
     * the source's CSV copy where it has one); with a transform in between the rows are staged
     * first. Both ways give the same bytes, for every table of the demo database.
     */
    @ParameterizedTest
    @EnumSource(Server.class)
    void aTableWrittenStraightToAFileGivesTheBytesOfTheStagedWay(Server server) throws Exception {
        for (String table : java.util.List.of("directors", "movies", "reviews")) {
            String copy = prepare(server, "osiris_it_" + table);
            var copied = run(server, """
                    # osiris-pipeline-v2
                    name: copy_%1$s
                    version: 1.0
                    extract:
                      - id: src
                        source: duckdb
                        path: %2$s
                        table: %1$s
                    load:
                      - id: up
                        from: src
                        to: %3$s
                        connection: default
                        table: %4$s
                        mode: replace
                    """.formatted(table, ExamplePipelines.DEMO_DATABASE, server.type, copy));
            // Read from the file while the server took the rows: no staged table, no time of its own.
            org.assertj.core.api.Assertions.assertThat(copied.steps().get(1).seconds()).as(table).isZero();
            try (Connection c = connect(server); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM " + copy)) {
                rs.next();
                org.assertj.core.api.Assertions.assertThat(rs.getLong(1)).as(table)
                        .isEqualTo(copied.steps().get(0).rows()).isPositive();
            }
            for (String format : java.util.List.of("csv", "json", "parquet")) {
                String select = "SELECT * FROM " + copy + " ORDER BY 1";
                var direct = run(server, extractTo(server, select, format, false));
                run(server, extractTo(server, select, format, true));
                // Written while extracting: the load step took no time of its own.
                org.assertj.core.api.Assertions.assertThat(direct.steps().get(1).seconds()).as("%s direct", table)
                        .isZero();
                org.assertj.core.api.Assertions.assertThat(dir.resolve("out/direct." + format))
                        .as("%s as %s", table, format).hasSameBinaryContentAs(dir.resolve("out/staged." + format));
            }
        }
    }

    /** A pipeline writing a query's rows to {@code out/direct.FORMAT}, or through a transform to {@code out/staged.FORMAT}. */
    private static String extractTo(Server server, String select, String format, boolean staged) {
        String transform = staged ? """
                transform:
                  - id: same
                    engine: duckdb
                    sql: SELECT * FROM src
                """ : "";
        return """
                # osiris-pipeline-v2
                name: %1$s
                version: 1.0
                extract:
                  - id: src
                    source: %2$s
                    connection: default
                    query: %3$s
                %4$sload:
                  - id: save
                    from: %5$s
                    to: %6$s
                    path: out/%1$s.%6$s
                """.formatted(staged ? "staged" : "direct", server.type, select, transform, staged ? "same" : "src",
                format);
    }

    private io.osiris.core.runner.RunReport run(Server server, String yaml) throws IOException {
        writeConfig(server);
        OsirisConfig config = ConfigLoader.load(dir.resolve(ConfigLoader.FILE_NAME), Map.of());
        Pipeline pipeline = Pipelines.parser().parse(yaml, "test.yaml");
        try (PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir).build()) {
            return runner.run(pipeline);
        }
    }

    /** Creates the database when missing and drops what an earlier run left in the table. */
    private static String prepare(Server server, String table) throws SQLException {
        server.createDatabase();
        try (Connection c = connect(server); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
        }
        return table;
    }

    private static Connection connect(Server server) throws SQLException {
        return DriverManager.getConnection(server.itUrl());
    }

    /** Runs the example for this server and mode, with connections from a .osiris.yaml in the temp dir. */
    private Runnable runner(Server server, String mode) throws IOException {
        Path configFile = writeConfig(server);
        OsirisConfig config = ConfigLoader.load(configFile, Map.of());
        String name = "movie_ratings_" + server.type + "_" + mode;
        Pipeline pipeline = Pipelines.parser().parse(ExamplePipelines.yaml(name), name + ".yaml");
        PipelineRunner runner = PipelineRunner.builder().config(config).workingDirectory(dir).build();
        return () -> runner.run(pipeline);
    }

    private Path writeConfig(Server server) throws IOException {
        Path configFile = dir.resolve(ConfigLoader.FILE_NAME);
        Files.writeString(configFile, """
                version: 1
                connections:
                  %s:
                    default:
                      jdbc_url: "%s"
                """.formatted(server.type, server.itUrl()), StandardCharsets.UTF_8);
        return configFile;
    }
}
