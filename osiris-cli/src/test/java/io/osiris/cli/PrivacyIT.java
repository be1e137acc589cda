package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import io.osiris.testkit.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Personal data and secrets against the real servers: a {@code people} table with email, SSN,
 * password and token columns (and an email hidden in a column named {@code contact}) on MariaDB and
 * PostgreSQL, explored through {@code osiris chat} by the real openai-java client talking to a
 * scripted server. Asserts on the exact request bodies the model receives and on the bytes of
 * {@code .osiris/state.db}.
 */
class PrivacyIT {
    static final String KEY = "sk-fake-PRIVACY-KEY-31337";
    static final String NAME = "t18pii_people_" + Long.toHexString(System.nanoTime());
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every raw sensitive value of the table: none may reach the model or the state store under mask. */
    static final List<String> RAW = List.of("alice.pii@example.com", "123-45-6789", "Hunter2-Secret-Pw",
            "tok_9f8e7d6c5b4a3210", "carol.hidden@example.org", "4111 1111 1111 1111");
    static final WireFormat WIRE = WireFormat.OPENAI;

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    String mysqlUrl;
    String postgresUrl;

    @BeforeEach
    void seed() throws Exception {
        server = ScriptedLlmServer.start();
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
    }

    @AfterEach
    void drop() throws Exception {
        server.close();
        if (mysqlUrl != null) {
            try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + NAME);
            }
        }
        if (postgresUrl != null) {
            try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + NAME + " CASCADE");
            }
        }
    }

    private static void people(Statement s) throws Exception {
        s.execute("CREATE TABLE people (id INT PRIMARY KEY, full_name VARCHAR(50), email VARCHAR(80), ssn VARCHAR(20),"
                + " password VARCHAR(40), api_token VARCHAR(40), contact VARCHAR(80), card VARCHAR(30),"
                + " age_text VARCHAR(20), token_count INT)");
        s.execute("INSERT INTO people VALUES (1, 'Alice Example', 'alice.pii@example.com', '123-45-6789',"
                + " 'Hunter2-Secret-Pw', 'tok_9f8e7d6c5b4a3210', 'write to carol.hidden@example.org',"
                + " '4111 1111 1111 1111', 'Zyxwvut', 42)");
    }

    private String source(String type) throws Exception {
        if (type.equals("mysql")) {
            try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + NAME);
                s.execute("CREATE DATABASE " + NAME);
                s.execute("USE " + NAME);
                mysqlUrl = TestDatabases.mysqlUrl();
                people(s);
            }
            String url = mysqlUrl.replaceFirst("^(jdbc:mysql://[^/?]+)/?[^?]*", "$1/" + NAME);
            return "  mysql:\n    it:\n      jdbc_url: \"" + url + "\"\n";
        }
        try (Connection c = TestDatabases.connect(TestDatabases.postgresUrl()); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + NAME + " CASCADE");
            s.execute("CREATE SCHEMA " + NAME);
            s.execute("SET search_path TO " + NAME);
            postgresUrl = TestDatabases.postgresUrl();
            people(s);
        }
        String url = postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + NAME;
        return "  supabase:\n    it:\n      jdbc_url: \"" + url + "\"\n      schema: " + NAME
                + "\n      sslmode: disable\n";
    }

    private Path config(String connection, String pii) throws Exception {
        Path file = dir.resolve(".osiris.yaml");
        Files.writeString(file, "version: 1\nconnections:\n" + connection + """
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: 1
                discovery:
                  sample_data: true
                %soutput:
                  directory: output
                """.formatted(WIRE.baseUrl(server), pii.isEmpty() ? "" : "  pii: " + pii + "\n"));
        return file;
    }

    private OsirisCliTest.Result explore(Path config) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", List.of(
                new ToolCall("d", "describe_table", "{\"table\":\"people\"}"),
                new ToolCall("s", "sample_rows", "{\"table\":\"people\",\"limit\":10}"),
                new ToolCall("q", "preview_query", JSON.createObjectNode().put("sql",
                        "SELECT id, email AS e, contact, upper(password) AS p, token_count FROM people").toString())),
                100, 20)));
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", "I looked at people.", 120, 30)));
        return OsirisCliTest.run("--config", config.toString(), "chat", "--dir", dir.toString(),
                "What is in the people table?");
    }

    private JsonNode result(String callId) {
        return WIRE.toolResults(WireFormat.json(server.request(1).body())).stream()
                .filter(r -> r.toolCallId().equals(callId)).findFirst().orElseThrow().json();
    }

    private String stateBytes() throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir.resolve(".osiris"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "supabase"})
    void sensitiveSamplesReachTheModelAndTheStateStoreMaskedByDefault(String type) throws Exception {
        Path config = config(source(type), "");

        OsirisCliTest.Result r = explore(config);

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode described = result("d").path("sample_rows").get(0);
        assertThat(described.path("full_name").asText()).isEqualTo("Alice Example");
        assertThat(described.path("email").asText()).isEqualTo("<email>");
        assertThat(described.path("ssn").asText()).isEqualTo("<ssn>");
        assertThat(described.path("password").asText()).isEqualTo("<masked>");
        assertThat(described.path("api_token").asText()).isEqualTo("<masked>");
        assertThat(described.path("contact").asText()).isEqualTo("write to <email>");
        assertThat(described.path("card").asText()).isEqualTo("<card>");
        assertThat(described.path("token_count").asInt()).isEqualTo(42);
        assertThat(result("s").path("rows").get(0)).isEqualTo(described);
        JsonNode previewed = result("q").path("rows").get(0);
        assertThat(previewed.path("e").asText()).isEqualTo("<email>");
        assertThat(previewed.path("contact").asText()).isEqualTo("write to <email>");
        assertThat(previewed.path("p").asText()).as("an alias does not unmask a password").isEqualTo("<masked>");
        assertThat(previewed.path("token_count").asInt()).isEqualTo(42);
        List<String> bodies = new ArrayList<>();
        server.requests().forEach(q -> bodies.add(q.body()));
        for (String raw : RAW) {
            assertThat(String.join("\n", bodies)).doesNotContain(raw).doesNotContain(raw.toUpperCase());
            assertThat(stateBytes()).as("state.db holds no raw " + raw).doesNotContain(raw);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "supabase"})
    void piiAllowSendsTheValuesAsTheyAre(String type) throws Exception {
        Path config = config(source(type), "allow");

        OsirisCliTest.Result r = explore(config);

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode described = result("d").path("sample_rows").get(0);
        assertThat(described.path("email").asText()).isEqualTo("alice.pii@example.com");
        assertThat(described.path("password").asText()).isEqualTo("Hunter2-Secret-Pw");
        assertThat(result("q").path("rows").get(0).path("contact").asText())
                .isEqualTo("write to carol.hidden@example.org");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "supabase"})
    void piiDropSendsNoSensitiveValue(String type) throws Exception {
        Path config = config(source(type), "drop");

        OsirisCliTest.Result r = explore(config);

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode described = result("d").path("sample_rows").get(0);
        assertThat(described.path("email").asText()).isEqualTo("<dropped>");
        assertThat(described.path("contact").asText()).isEqualTo("<dropped>");
        assertThat(described.path("full_name").asText()).isEqualTo("Alice Example");
        for (String raw : RAW) {
            server.requests().forEach(q -> assertThat(q.body()).doesNotContain(raw));
        }
    }

    @org.junit.jupiter.api.Test
    void aBadCastOnAValueReachesTheModelWithoutTheValue() throws Exception {
        Path config = config(source("supabase"), "");
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", List.of(
                new ToolCall("q", "preview_query", JSON.createObjectNode().put("sql",
                        "SELECT CAST(age_text AS integer) AS age FROM people").toString()),
                new ToolCall("k", "preview_query", JSON.createObjectNode().put("sql",
                        "SELECT CAST(email AS integer) FROM people").toString()),
                new ToolCall("j", "preview_query", JSON.createObjectNode().put("sql",
                        "SELECT age_text::json AS j FROM people").toString())), 100, 20)));
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", "The cast failed.", 120, 30)));

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "chat", "--dir", dir.toString(),
                "How old are people?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        String error = result("q").path("error").asText();
        assertThat(error).contains("invalid input syntax for type integer", "<value>").doesNotContain("Zyxwvut");
        assertThat(result("k").path("error").asText()).contains("<value>").doesNotContain("alice.pii");
        assertThat(result("j").path("error").asText()).contains("invalid input syntax for type json")
                .doesNotContain("Zyxwvut");
        server.requests().forEach(q -> assertThat(q.body()).doesNotContain("Zyxwvut", "alice.pii@example.com"));
        // The schema index keeps short text values by design (sample data is on), but never a sensitive
        // column's; the conversation the session keeps holds neither value the errors quoted.
        assertThat(stateBytes()).doesNotContain("alice.pii@example.com");
        assertThat(sessionsText()).doesNotContain("Zyxwvut").doesNotContain("alice.pii@example.com");
    }

    /** Everything the sessions of the project keep: their namespaces of the state file, as text. */
    private String sessionsText() {
        StringBuilder all = new StringBuilder();
        try (io.osiris.core.state.StateDatabase state = io.osiris.core.state.StateDatabase.open(
                dir.resolve(".osiris").resolve("state.db"))) {
            for (String namespace : state.namespaces()) {
                if (namespace.startsWith("session")) {
                    var store = state.forNamespace(namespace);
                    store.keys().forEach(k -> all.append(store.get(k).map(String::valueOf).orElse("")));
                }
            }
        }
        assertThat(all).as("the sessions kept something").isNotEmpty();
        return all.toString();
    }
}
