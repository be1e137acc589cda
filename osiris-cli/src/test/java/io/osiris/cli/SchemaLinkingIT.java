package io.osiris.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WideSchema;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema linking against real MariaDB: a generated 300-table, 20-column database explored through
 * {@code osiris chat} with the real openai-java client talking to a scripted server, the prompt
 * budget and agent limits read from {@code .osiris.yaml}. Asserts on the bytes the server received.
 */
class SchemaLinkingIT {
    static final String KEY = "sk-fake-LINKING-KEY-4711";
    static final String NAME = "h_link_wide_" + Long.toHexString(System.nanoTime());
    static final WireFormat WIRE = WireFormat.OPENAI;
    static final String QUESTION = "List the award nominations of Ava DuVernay with the year";

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    boolean created;

    @BeforeEach
    void seed() throws Exception {
        server = ScriptedLlmServer.start();
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
    }

    @AfterEach
    void drop() throws Exception {
        server.close();
        if (created) {
            try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + NAME);
            }
        }
    }

    private Path config(int budget) throws Exception {
        try (Connection c = TestDatabases.connect(TestDatabases.mysqlUrl()); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME);
            s.execute("CREATE DATABASE " + NAME);
            created = true;
            s.execute("USE " + NAME);
            for (String sql : WideSchema.statements()) {
                s.execute(sql);
            }
        }
        String url = TestDatabases.mysqlUrl().replaceFirst("^(jdbc:mysql://[^/?]+)/?[^?]*", "$1/" + NAME);
        Path file = dir.resolve(".osiris.yaml");
        Files.writeString(file, """
                version: 1
                connections:
                  mysql:
                    it:
                      jdbc_url: "%s"
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: 0
                limits:
                  prompt_budget_tokens: %d
                  max_tool_rounds: 4
                  max_result_chars: 6000
                output:
                  directory: output
                """.formatted(url, WIRE.baseUrl(server), budget));
        return file;
    }

    private int bytes(int request) {
        return server.request(request).body().getBytes(StandardCharsets.UTF_8).length;
    }

    private JsonNode sent(int request) {
        return WireFormat.json(server.request(request).body());
    }

    @Test
    void onThreeHundredTablesEveryRequestFitsTheBudgetAndTheQuestionsTablesComeFirst() throws Exception {
        Path config = config(8000);
        List<ToolCall> describes = new ArrayList<>();
        List<String> names = WideSchema.tableNames();
        for (int i = 0; i < 20; i++) {
            describes.add(new ToolCall("d" + i, "describe_table", "{\"table\":\"" + names.get(5 + i * 14) + "\"}"));
        }
        describes.add(new ToolCall("v", "find_values", "{\"value\":\"Ava DuVernay\"}"));
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", describes, 100, 20)));
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", "A Golden Globe in 2015.", 120, 30)));

        long started = System.nanoTime();
        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "chat", "--dir", dir.toString(),
                QUESTION);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.exitCode()).as(r.err()).isZero();
        System.out.printf("MariaDB 300 tables: first request %d bytes, after 21 tool results %d bytes, turn %d ms%n",
                bytes(0), bytes(1), millis);
        assertThat(bytes(0)).isLessThanOrEqualTo(8000 * 4);
        assertThat(bytes(1)).isLessThanOrEqualTo(8000 * 4);
        String system = WIRE.system(sent(0));
        List<String> lines = system.lines().filter(l -> l.startsWith("- \"")).toList();
        assertThat(system).contains("300 in all; the ");
        assertThat(lines.get(0)).startsWith("- \"" + WideSchema.NOMINATIONS + "\"");
        assertThat(lines.get(1)).startsWith("- \"" + WideSchema.PEOPLE + "\"").contains("\"Ava DuVernay\"");
        List<WireFormat.SentToolResult> results = WIRE.toolResults(sent(1));
        assertThat(results).hasSize(21);
        JsonNode found = results.stream().filter(x -> x.toolCallId().equals("v")).findFirst().orElseThrow().json();
        assertThat(found.path("matches").get(0).path("table").asText()).isEqualTo(WideSchema.PEOPLE);
        assertThat(found.path("matches").get(0).path("column").asText()).isEqualTo("name");
        // The value index never held an email, and the model never saw one.
        assertThat(stateBytes()).contains(WideSchema.PERSON).doesNotContain(WideSchema.EMAIL_DOMAIN);
        server.requests().forEach(q -> assertThat(q.body()).doesNotContain(WideSchema.EMAIL_DOMAIN));
    }

    @Test
    void aSmallerBudgetFromTheConfigIsHonoured() throws Exception {
        Path config = config(3000);
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", "Noted.", 120, 30)));
        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "chat", "--dir", dir.toString(),
                QUESTION);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(bytes(0)).isLessThanOrEqualTo(3000 * 4);
        assertThat(WIRE.system(sent(0))).contains("- \"" + WideSchema.NOMINATIONS + "\"");
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
}
