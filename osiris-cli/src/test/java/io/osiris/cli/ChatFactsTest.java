package io.osiris.cli;

import static io.osiris.cli.ChatCommandTest.JSON;
import static io.osiris.cli.ChatCommandTest.SESSION;
import static io.osiris.cli.ChatCommandTest.TOP_RATED_YAML;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ToolCall;
import io.osiris.llm.testing.ScriptedLlmServer;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code osiris chat} states what ran from facts: the model's words are labelled as the model's,
 * and Osiris's own line below them says what waits and what ran, whatever the model wrote.
 */
class ChatFactsTest {
    static final WireFormat WIRE = WireFormat.OPENAI;

    @TempDir
    Path dir;
    ScriptedLlmServer server;
    Path config;

    @BeforeEach
    void start() throws Exception {
        server = ScriptedLlmServer.start();
        config = ScriptedProject.write(dir, server, WIRE, 1);
    }

    @AfterEach
    void stop() {
        server.close();
        ToolProgress.forceTerminal = false;
    }

    private OsirisCliTest.Result chat(String... args) {
        return ScriptedProject.chat(config, dir, args);
    }

    private void tools(ToolCall... calls) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.toolCallsReply("model-a", List.of(calls), 100, 20)));
    }

    private void text(String text) {
        server.enqueue(WIRE.chatPath(), Reply.json(200, WIRE.textReply("model-a", text, 120, 30)));
    }

    private static String sessionId(OsirisCliTest.Result r) {
        Matcher m = SESSION.matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        return m.group(1);
    }

    @Test
    void aModelThatClaimsItRanWithoutProposingIsContradictedByTheStatusLine() {
        text("Done: I approved and ran the pipeline,\n18 rows are in output/top_rated_movies.csv.");

        OsirisCliTest.Result r = chat("Export movies rated above 8.0 to CSV");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("model> Done: I approved and ran the pipeline,\n"
                + "       18 rows are in output/top_rated_movies.csv.");
        assertThat(r.err()).contains("osiris> No pipeline proposed; nothing ran.");
        assertThat(dir.resolve("output")).doesNotExist();
    }

    @Test
    void aModelThatClaimsItsProposalRanIsContradictedUntilTheApprovalRunsIt() throws Exception {
        tools(new ToolCall("p", "propose_pipeline", JSON.createObjectNode()
                .put("pipeline_yaml", TOP_RATED_YAML).put("summary", "top movies").toString()));
        text("Approved and run: 18 rows written.");

        OsirisCliTest.Result proposed = chat("Export movies rated above 8.0 to CSV");

        assertThat(proposed.exitCode()).as(proposed.err()).isZero();
        String id = sessionId(proposed);
        assertThat(proposed.out()).contains("model> Approved and run: 18 rows written.");
        assertThat(proposed.err()).contains("osiris> Nothing ran. Pipeline top_rated_movies waits for approval"
                + " (output/top_rated_movies.yaml): osiris chat approve --session " + id);
        assertThat(dir.resolve("output/top_rated_movies.csv")).doesNotExist();

        OsirisCliTest.Result approved = chat("approve", "--session", id);

        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.err()).contains("osiris> Ran top_rated_movies: 18 rows to output/top_rated_movies.csv.");
        assertThat(dir.resolve("output/top_rated_movies.csv")).exists();
    }

    @Test
    void anEmptyAnswerIsReportedNotPrintedAsABlankLine() {
        text("");

        OsirisCliTest.Result r = chat("Hello?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("model>");
        assertThat(r.err()).contains("osiris> The model returned an empty answer (no text and no tool call) after 1"
                + " call. Ask again, or rephrase the request.", "osiris> No pipeline proposed; nothing ran.");
    }

    @Test
    void aProposalWithoutWordsIsNoEmptyAnswer() {
        tools(new ToolCall("p", "propose_pipeline", JSON.createObjectNode()
                .put("pipeline_yaml", TOP_RATED_YAML).put("summary", "top movies").toString()));
        text("");

        OsirisCliTest.Result r = chat("Export movies rated above 8.0 to CSV");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("empty answer").contains("osiris> Nothing ran. Pipeline top_rated_movies");
        assertThat(r.out()).doesNotContain("model>").contains("Proposed pipeline top_rated_movies");
    }

    @Test
    void onATerminalEachToolCallLeavesOneShortLine() {
        ToolProgress.forceTerminal = true;
        tools(new ToolCall("d", "describe_table", "{\"table\":\"directors\"}"),
                new ToolCall("x", "describe_table", "{\"table\":\"nope\"}"));
        text("Directors have names.");

        OsirisCliTest.Result r = chat("What is in directors?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("\r  asking the model ...\u001B[K", "\r  asking the model (call 2) ...\u001B[K")
                .containsPattern("\r  describe_table table=directors \\(\\d+\\.\\ds\\)\u001B\\[K\n")
                .containsPattern("\r  describe_table table=nope \\(error, \\d+\\.\\ds\\)\u001B\\[K\n");
        assertThat(r.out()).contains("model> Directors have names.");
    }

    @Test
    void elsewhereToolCallsShowNothing() {
        tools(new ToolCall("d", "describe_table", "{\"table\":\"directors\"}"));
        text("Directors have names.");

        OsirisCliTest.Result r = chat("What is in directors?");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("describe_table", "asking the model", "\r");
    }
}
