package io.osiris.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.osiris.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No sequence of tool calls writes a load target, a file or a MariaDB table, without a person's
 * approval of exactly that content: every tool with a client that cannot ask its user, a
 * declined elicitation, a replaced proposal, a forged id, a pipeline changed before or while
 * the person answers, and targets outside the project.
 */
class McpApprovalGateIT {
    private static final String TABLE = "mcp_gate_target";
    private static final String FILE = "output/mcp_gate.csv";

    @TempDir
    Path dir;
    McpProject project;
    Connection db;

    @BeforeEach
    void setUp() throws SQLException {
        try {
            db = TestDatabases.connect(TestDatabases.mysqlUrl());
        } catch (RuntimeException e) {
            TestDatabases.abortOrFail("MariaDB is not reachable: " + e.getMessage());
        }
        drop();
        project = new McpProject(dir, """
                  mysql:
                    default:
                      jdbc_url: "%s"
                """.formatted(TestDatabases.mysqlUrl()));
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (db != null) {
            drop();
            db.close();
        }
    }

    @Test
    void everyToolWithAClientThatCannotAskItsUserWritesNothing() throws Exception {
        try (McpProject.Client client = project.connect(null)) {
            client.mcp().initialize();
            assertThat(client.mcp().listTools().tools()).extracting(McpSchema.Tool::name).doesNotContain("approve");
            client.call("list_connections", Map.of());
            client.call("list_tables", Map.of("connection", "duckdb.movies"));
            client.call("describe_table", Map.of("table", "movies"));
            client.call("sample_rows", Map.of("table", "movies", "limit", 10));
            for (String sql : List.of("CREATE TABLE " + TABLE + " (id INT)", "INSERT INTO " + TABLE + " VALUES (1)",
                    "COPY movies TO '" + dir.resolve(FILE) + "'", "SELECT 1; DROP TABLE movies")) {
                CallToolResult refused = client.call("preview_query", Map.of("sql", sql));
                assertThat(refused.isError()).as(sql).isTrue();
            }
            CallToolResult tableSql = client.call("preview_query", Map.of("connection", "mysql.default",
                    "sql", "CREATE TABLE " + TABLE + " (id INT)"));
            assertThat(tableSql.isError()).isTrue();
            assertThat(client.call("validate_pipeline", Map.of("pipeline_yaml", toTable("v"))).isError()).isFalse();
            assertThat(client.call("validate_pipeline", Map.of("pipeline_yaml", toFile("v", FILE))).isError()).isFalse();

            // Each proposal replaces the one before it in the session: each is tried while it waits.
            for (String yaml : List.of(toTable("to_table"), toFile("to_file", FILE))) {
                String id = propose(client, yaml).get("proposal_id").asText();
                CallToolResult run = client.call("run_proposal", Map.of("proposal_id", id));
                assertThat(run.isError()).isTrue();
                JsonNode error = McpProject.Client.json(run).get("error");
                assertThat(error.get("approve_with").asText()).isEqualTo("osiris chat approve --session "
                        + id.substring(0, id.indexOf(':')));
                client.call("proposal_status", Map.of("proposal_id", id));
            }
            assertNothingWritten();
        }
    }

    @Test
    void aDeclinedOrCancelledElicitationWritesNothing() throws Exception {
        List<ElicitResult> answers = new CopyOnWriteArrayList<>(List.of(McpProject.decline(),
                new ElicitResult(ElicitResult.Action.CANCEL, null),
                new ElicitResult(ElicitResult.Action.ACCEPT, Map.of(ProposalGate.APPROVE_FIELD, false)),
                new ElicitResult(ElicitResult.Action.ACCEPT, Map.of())));
        try (McpProject.Client client = project.connect(request -> answers.remove(0))) {
            client.mcp().initialize();
            String id = propose(client, toTable("declined")).get("proposal_id").asText();
            for (int i = 0; i < 4; i++) {
                CallToolResult run = client.call("run_proposal", Map.of("proposal_id", id));
                assertThat(run.isError()).isTrue();
                assertThat(McpProject.Client.json(run).at("/error/message").asText()).contains("did not approve");
            }
            assertThat(answers).isEmpty();
            assertNothingWritten();
        }
    }

    @Test
    void aReplacedProposalOrAForgedIdNeverRuns() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (McpProject.Client client = project.connect(request -> {
            asked.add(request.message());
            return McpProject.accept();
        })) {
            client.mcp().initialize();
            String first = propose(client, toTable("first")).get("proposal_id").asText();
            String second = propose(client, toFile("second", "output/other.csv")).get("proposal_id").asText();
            assertThat(second).isNotEqualTo(first);
            assertThat(second.substring(0, second.indexOf(':'))).isEqualTo(first.substring(0, first.indexOf(':')));
            CallToolResult replaced = client.call("run_proposal", Map.of("proposal_id", first));
            assertThat(replaced.isError()).isTrue();
            assertThat(McpProject.Client.json(replaced).at("/error/message").asText()).contains("does not wait");
            String session = second.substring(0, second.indexOf(':'));
            String forged = session + ":" + "0".repeat(64);
            assertThat(client.call("run_proposal", Map.of("proposal_id", forged)).isError()).isTrue();
            assertThat(client.call("run_proposal", Map.of("proposal_id", "nosuchsession:" + "a".repeat(64)))
                    .isError()).isTrue();
            assertThat(client.call("run_proposal", Map.of("proposal_id", "not an id")).isError()).isTrue();
            assertThat(McpProject.Client.json(client.call("proposal_status", Map.of("proposal_id", first)))
                    .get("status").asText()).isEqualTo("not_pending");
            assertThat(asked).isEmpty();
            assertNothingWritten();
            assertThat(dir.resolve("output/other.csv")).doesNotExist();
        }
    }

    @Test
    void aProposalChangedBeforeOrWhileThePersonAnswersIsRefused() throws Exception {
        AtomicReference<Runnable> whileAsking = new AtomicReference<>(() -> { });
        List<String> asked = new CopyOnWriteArrayList<>();
        try (McpProject.Client client = project.connect(request -> {
            asked.add(request.message());
            whileAsking.get().run();
            return McpProject.accept();
        })) {
            client.mcp().initialize();
            JsonNode proposal = propose(client, toFile("edited", FILE));
            Path saved = dir.resolve(proposal.get("file").asText());
            String yaml = Files.readString(saved, StandardCharsets.UTF_8);
            String edited = yaml.replace("release_year = 2019", "release_year > 0");
            String id = proposal.get("proposal_id").asText();

            // Edited before run_proposal: refused before anyone is asked.
            Files.writeString(saved, edited, StandardCharsets.UTF_8);
            CallToolResult before = client.call("run_proposal", Map.of("proposal_id", id));
            assertThat(before.isError()).isTrue();
            assertThat(McpProject.Client.json(before).at("/error/problems/0/message").asText())
                    .contains("changed since it was proposed");
            assertThat(asked).isEmpty();
            assertThat(McpProject.Client.json(client.call("proposal_status", Map.of("proposal_id", id)))
                    .get("status").asText()).isEqualTo("changed");

            // Edited while the person reads it and accepts: refused after the answer.
            Files.writeString(saved, yaml, StandardCharsets.UTF_8);
            whileAsking.set(() -> write(saved, edited));
            CallToolResult during = client.call("run_proposal", Map.of("proposal_id", id));
            assertThat(during.isError()).isTrue();
            assertThat(asked).hasSize(1);
            assertThat(McpProject.Client.json(during).toString()).contains("changed since it was proposed");
            assertNothingWritten();
        }
    }

    @Test
    void targetsOutsideTheProjectAreNeverWritten() throws Exception {
        Path outside = Files.createTempDirectory("mcp_outside");
        Path target = outside.resolve("escape.csv");
        try (McpProject.Client client = project.connect(request -> McpProject.accept())) {
            client.mcp().initialize();
            for (String path : List.of(target.toString(), "../" + dir.relativize(outside.resolve("escape.csv"))
                    .toString().replace('\\', '/'))) {
                CallToolResult proposed = client.call("propose_pipeline", Map.of("pipeline_yaml",
                        toFile("outside", path), "summary", "Out of the project."));
                assertThat(proposed.isError()).as(path).isTrue();
                assertThat(McpProject.Client.json(proposed).at("/error/problems").toString()).contains(".path");
                assertThat(target).as(path).doesNotExist();
            }
            CallToolResult read = null;
            try {
                client.mcp().readResource(new McpSchema.ReadResourceRequest("osiris://pipelines/../.osiris.yaml"));
            } catch (RuntimeException e) {
                read = CallToolResult.builder().isError(true).addTextContent(String.valueOf(e.getMessage())).build();
            }
            assertThat(read).as("reading a path the server did not list").isNotNull();
        } finally {
            Files.deleteIfExists(target);
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void aSecretOfTheConfigNeverReachesAResult() throws Exception {
        String secret = "mcp-S3cret-pw";
        String url = TestDatabases.mysqlUrl().replaceAll("password=[^&]*", "password=" + secret);
        McpProject secretive = new McpProject(dir.resolve("secretive"), """
                  mysql:
                    wrong:
                      jdbc_url: "%s"
                """.formatted(url.contains(secret) ? url : url + (url.contains("?") ? "&" : "?") + "password=" + secret));
        List<String> texts = new CopyOnWriteArrayList<>();
        try (McpProject.Client client = secretive.connect(request -> McpProject.accept())) {
            client.mcp().initialize();
            texts.add(McpProject.Client.json(client.call("list_connections", Map.of())).toString());
            // Whether this server checks the password or not, neither the list nor its error may show it.
            texts.add(McpProject.Client.json(client.call("list_tables", Map.of("connection", "mysql.wrong"))).toString());
            texts.add(McpProject.Client.json(client.call("preview_query", Map.of("connection", "wrong",
                    "sql", "SELECT '" + secret + "' AS s"))).toString());
            texts.add(McpProject.Client.json(client.call("validate_pipeline", Map.of("pipeline_yaml",
                    toTable("secret").replace("connection: default", "connection: wrong")))).toString());
            client.mcp().listResources().resources().forEach(r -> texts.add(r.uri() + " "
                    + client.mcp().readResource(new McpSchema.ReadResourceRequest(r.uri())).contents()));
        }
        assertThat(texts).hasSizeGreaterThan(4).allSatisfy(text -> assertThat(text).doesNotContain(secret));
    }

    private static JsonNode propose(McpProject.Client client, String yaml) {
        CallToolResult result = client.call("propose_pipeline", Map.of("pipeline_yaml", yaml, "summary", "Test."));
        assertThat(result.isError()).as(result.toString()).isFalse();
        return McpProject.Client.json(result);
    }

    private static String toFile(String name, String path) {
        return McpStdioTest.PIPELINE.replace("mcp_movies_2019", "mcp_" + name)
                .replace("path: output/mcp_" + name + ".csv", "path: \"" + path + "\"");
    }

    private static String toTable(String name) {
        return McpStdioTest.PIPELINE.replace("name: mcp_movies_2019", "name: mcp_" + name).replace("""
                    to: csv
                    path: output/mcp_movies_2019.csv
                """, """
                    to: mysql
                    connection: default
                    table: %s
                    mode: replace
                """.formatted(TABLE));
    }

    private void assertNothingWritten() throws SQLException {
        assertThat(dir.resolve(FILE)).doesNotExist();
        try (ResultSet rs = db.getMetaData().getTables(null, null, TABLE, null)) {
            assertThat(rs.next()).as("table " + TABLE + " exists").isFalse();
        }
    }

    private void drop() throws SQLException {
        try (Statement st = db.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
