package io.osiris.cli;

import static io.osiris.cli.ChatCommandTest.JSON;
import static io.osiris.cli.ChatCommandTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.llm.ToolCall;
import io.osiris.examples.MoviesDatabase;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import io.osiris.testkit.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence's counts and join check run in each server's own SQL: a join of movies and reviews
 * on MariaDB and on PostgreSQL is counted, found to repeat movies, and told to the model.
 */
class ApprovalEvidenceIT {
    private static final String NAME = "h_evid_movies";
    private static final WireFormat WIRE = WireFormat.OPENAI;

    @TempDir
    Path dir;
    ScriptedLlmServer server;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        Files.writeString(dir.resolve(".env"), "OPENAI_API_KEY=" + KEY + "\n");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void onMariaDb() throws Exception {
        String url = TestDatabases.mysqlUrl();
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME);
            s.execute("CREATE DATABASE " + NAME + " CHARACTER SET utf8mb4");
            s.execute("USE " + NAME);
            for (String sql : MoviesDatabase.statements()) {
                s.execute(sql);
            }
        }
        String jdbc = url.replaceFirst("^(jdbc:mysql://[^/?]+)/?[^?]*", "$1/" + NAME);
        checkJoinOn("mysql", "  mysql:\n    it:\n      jdbc_url: \"" + jdbc + "\"\n");
    }

    @Test
    void onPostgres() throws Exception {
        String url = TestDatabases.postgresUrl();
        try (Connection c = TestDatabases.connect(url); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + NAME + " CASCADE");
            s.execute("CREATE SCHEMA " + NAME);
            s.execute("SET search_path TO " + NAME);
            for (String sql : MoviesDatabase.statements()) {
                s.execute(sql);
            }
            // A fresh table has no statistics (reltuples -1) until it is analysed, as any real one is.
            s.execute("ANALYZE");
        }
        String jdbc = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + NAME;
        checkJoinOn("supabase", "  supabase:\n    it:\n      jdbc_url: \"" + jdbc + "\"\n      schema: " + NAME
                + "\n      sslmode: disable\n");
    }

    private void checkJoinOn(String type, String connection) throws Exception {
        Path config = dir.resolve(".osiris.yaml");
        Files.writeString(config, "version: 1\nconnections:\n" + connection + """
                llm:
                  provider: openai
                  model: model-a
                  base_url: %s
                  api_key: ${OPENAI_API_KEY}
                  max_retries: 1
                output:
                  directory: output
                """.formatted(WIRE.baseUrl(server)));
        String yaml = ApprovalEvidenceTest.PER_REVIEW.replace("source: duckdb", "source: " + type)
                .replace("connection: default", "connection: it");
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", List.of(new ToolCall("p1",
                "propose_pipeline", JSON.createObjectNode().put("pipeline_yaml", yaml).put("summary", "per review")
                        .toString())), 100, 20)));
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a",
                "One row per review is what was asked.", 120, 30)));

        OsirisCliTest.Result r = OsirisCliTest.run("--config", config.toString(), "chat", "--dir", dir.toString(),
                "--json", "Every review of movies since 2010");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode evidence = JSON.readTree(r.out()).at("/proposal/evidence");
        long reviews = evidence.at("/row_counts/0/previewed").asLong();
        assertThat(reviews).isGreaterThan(26);
        assertThat(evidence.at("/row_counts/0/estimated").asLong()).isPositive();
        assertThat(evidence.at("/findings/0/kind").asText()).isEqualTo("row_multiplication");
        assertThat(evidence.at("/findings/0/message").asText()).contains(reviews + " rows for 26 distinct movies.movie_id");
        assertThat(evidence.at("/output/total_rows").asLong()).isEqualTo(reviews);
        assertThat(WIRE.toolResults(WireFormat.json(server.request(1).body())).get(0).content())
                .contains("row_multiplication");
    }
}
