package io.osiris.cli;

import static io.osiris.cli.ChatCommandTest.JSON;
import static io.osiris.cli.ChatCommandTest.KEY;
import static io.osiris.cli.ChatCommandTest.SESSION;
import static io.osiris.cli.ChatCommandTest.TOP_RATED_YAML;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ToolCall;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osiris chat approve} remembers what it ran: the next similar question in a new session
 * carries the approved pipeline as past work. Real openai-java against a scripted server.
 */
class ApprovedWorkCliTest {
    static final WireFormat WIRE = WireFormat.OPENAI;

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        config = ScriptedProject.write(dir, server, WIRE, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OsirisCliTest.Result chat(String... args) {
        return ScriptedProject.chat(config, dir, args);
    }

    private void text(String text) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", text, 120, 30)));
    }

    @Test
    void anApprovalByCommandIsOfferedToTheNextSimilarQuestionAndNoSecretIsKept() throws Exception {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", List.of(new ToolCall("p",
                "propose_pipeline", JSON.createObjectNode().put("pipeline_yaml", TOP_RATED_YAML)
                        .put("summary", "top movies").toString())), 100, 20)));
        text("Proposed.");
        OsirisCliTest.Result proposed = chat("Export the movies rated above 8.0 to CSV");
        Matcher session = SESSION.matcher(proposed.err());
        assertThat(session.find()).as(proposed.err()).isTrue();

        OsirisCliTest.Result approved = chat("approve", "--session", session.group(1));
        assertThat(approved.exitCode()).as(approved.err()).isZero();

        text("Like the pipeline you approved before.");
        OsirisCliTest.Result similar = chat("Export movies rated above 7.5 to CSV");
        assertThat(similar.exitCode()).as(similar.err()).isZero();
        String body = server.request(2).body();
        assertThat(WIRE.system(WireFormat.json(body))).contains("## Past approved work on duckdb.default",
                "Question (as the person wrote it): \"Export the movies rated above 8.0 to CSV\"",
                "name: top_rated_movies");

        text("Which years?");
        chat("How many directors were born in each decade?");
        assertThat(server.request(3).body()).doesNotContain("Past approved work");

        try (Stream<Path> files = Files.list(dir.resolve(".osiris"))) {
            assertThat(files.filter(Files::isRegularFile).toList()).isNotEmpty().allSatisfy(f -> assertThat(
                    new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).doesNotContain(KEY));
        }
    }
}
