package io.osiris.llm.agent;

import static io.osiris.llm.agent.ChatAgentConversationTest.TOP_RATED_YAML;
import static io.osiris.llm.agent.ChatAgentConversationTest.call;
import static io.osiris.llm.agent.ChatAgentConversationTest.propose;
import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.state.IStateStore;
import io.osiris.llm.testing.WireFormat;
import io.osiris.core.state.StateDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory of approved work: approved pipelines come back as examples for similar questions, and only then. */
class ApprovedWorkTest {
    static final String QUESTION = "Export the movies rated above 8.0 to CSV";

    @TempDir
    Path dir;

    private ChatAgent agent(AgentHarness h) {
        return h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT)
                .approvedWork(h.state.forNamespace(ApprovedWork.NAMESPACE)).build();
    }

    /** One conversation that proposes the top-rated pipeline, approved: requests 0 and 1. */
    private void approveTopRated(AgentHarness h, String question) {
        ChatAgent agent = agent(h);
        h.replyTools(call("p", "propose_pipeline", propose(TOP_RATED_YAML, "top movies")));
        h.replyText("Proposed.");
        agent.send(question);
        agent.approve();
    }

    @Test
    void anApprovedPipelineIsOfferedToASimilarQuestionAsPastWork() throws Exception {
        try (AgentHarness h = new AgentHarness(dir, WireFormat.OPENAI)) {
            approveTopRated(h, QUESTION);
            assertThat(dir.resolve("output/top_rated_movies.csv")).exists();
            String firstSystem = h.wire.system(h.sent(0));
            assertThat(firstSystem).doesNotContain("Past approved work");

            h.replyText("Here is a pipeline like the one you approved.");
            agent(h).send("Export movies rated above 7.5 to a CSV file");

            String body = h.server.request(2).body();
            String system = h.wire.system(WireFormat.json(body));
            assertThat(system).endsWith("```\n").contains("## Past approved work on duckdb.default",
                    "examples of what worked, not instructions",
                    "Example 1. Question (as the person wrote it): \"" + QUESTION + "\"",
                    "name: top_rated_movies", "HAVING AVG(r.rating) > 8.0");
            assertThat(system).doesNotContain("Example 2.");
            // The bytes on the wire carry the example inside the system prompt.
            assertThat(body).contains("Past approved work on duckdb.default", "top_rated_movies");
        }
    }

    @Test
    void anUnrelatedQuestionGetsNoExample() throws Exception {
        try (AgentHarness h = new AgentHarness(dir, WireFormat.ANTHROPIC)) {
            approveTopRated(h, QUESTION);

            h.replyText("Which decade?");
            agent(h).send("Which directors were born after 1970?");

            String body = h.server.request(2).body();
            assertThat(body).doesNotContain("Past approved work", "HAVING AVG(r.rating)");
        }
    }

    @Test
    void secretsAreNeverStoredAndAProposalNeverApprovedIsNotKept() throws Exception {
        try (AgentHarness h = new AgentHarness(dir, WireFormat.OPENAI)) {
            ChatAgent pendingOnly = agent(h);
            h.replyTools(call("p", "propose_pipeline", propose(TOP_RATED_YAML, "top movies")));
            h.replyText("Proposed.");
            pendingOnly.send("Export the best movies to CSV");
            IStateStore approved = h.state.forNamespace(ApprovedWork.NAMESPACE);
            assertThat(approved.keys()).isEmpty();

            approveTopRated(h, QUESTION + " with the key " + AgentHarness.KEY);

            assertThat(approved.keys()).containsExactly("duckdb.default");
            String stored = approved.get("duckdb.default").orElseThrow().toString();
            assertThat(stored).contains("Export the movies rated above 8.0 to CSV with the key ****")
                    .doesNotContain(AgentHarness.KEY);
            h.state.close();
            try (Stream<Path> files = Files.list(dir.resolve(".osiris"))) {
                assertThat(files.toList()).isNotEmpty().allSatisfy(f -> assertThat(new String(Files.readAllBytes(f),
                        StandardCharsets.ISO_8859_1)).doesNotContain(AgentHarness.KEY));
            }
        }
    }

    @Test
    void theMostSimilarComeFirstAtMostTwoAndTheKeptListIsBounded() {
        try (StateDatabase db = StateDatabase.open(dir.resolve("state.db"))) {
            bounded(new ApprovedWork(db.forNamespace(ApprovedWork.NAMESPACE), List.of()));
        }
    }

    private static void bounded(ApprovedWork work) {
        work.record("duckdb.default", "Movies rated above 8 as CSV", "name: a");
        work.record("duckdb.default", "Movies rated above 8 by year as CSV", "name: b");
        work.record("duckdb.default", "Movies rated above 8 by year and genre as CSV", "name: c");
        work.record("mysql.default", "Movies rated above 8 as CSV", "name: other_connection");

        assertThat(work.similar("duckdb.default", "movies rated above 8 by year, as CSV"))
                .extracting(ApprovedWork.Example::yaml).containsExactly("name: b", "name: c");
        assertThat(work.promptBlock("duckdb.default", "movies rated above 8 by year, as CSV"))
                .contains("Example 1. Question (as the person wrote it): \"Movies rated above 8 by year as CSV\"")
                .contains("Example 2.").doesNotContain("Example 3.");
        assertThat(work.promptBlock("duckdb.default", ApprovedWork.REJECTION + "p: movies rated above 8 by year, as CSV"))
                .isEmpty();
        // The same question approved again replaces the older approval.
        work.record("duckdb.default", "movies RATED above 8 as csv", "name: a2");
        assertThat(work.examples("duckdb.default")).extracting(ApprovedWork.Example::yaml)
                .containsExactly("name: a2", "name: c", "name: b");

        IntStream.range(0, ApprovedWork.MAX_KEPT + 10).forEach(i ->
                work.record("duckdb.default", "question number " + i + " word" + i, "name: p" + i));
        assertThat(work.examples("duckdb.default")).hasSize(ApprovedWork.MAX_KEPT);
        assertThat(work.examples("duckdb.default").get(0).yaml()).isEqualTo("name: p" + (ApprovedWork.MAX_KEPT + 9));
        // Two long similar pipelines: only the first fits the block's bound.
        work.record("cap.one", "long pipeline one about movies ratings", "name: l1\n#" + "x".repeat(3_000));
        work.record("cap.one", "long pipeline two about movies ratings", "name: l2\n#" + "x".repeat(3_000));
        assertThat(work.similar("cap.one", "long pipeline about movies ratings")).hasSize(2);
        assertThat(work.promptBlock("cap.one", "long pipeline about movies ratings"))
                .hasSizeLessThanOrEqualTo(ApprovedWork.MAX_BLOCK_CHARS).contains("Example 1.").doesNotContain("Example 2.");
        work.record("duckdb.default", "a long one", "x".repeat(ApprovedWork.MAX_YAML_CHARS + 1));
        assertThat(work.examples("duckdb.default").get(0).question()).isNotEqualTo("a long one");
    }
}
