package io.osiris.llm.agent;

import static io.osiris.llm.agent.ChatAgentConversationTest.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.osiris.api.ExecutionFailedException;
import io.osiris.llm.testing.ScriptedLlmServer.Reply;
import io.osiris.llm.testing.WireFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A provider that refuses a prompt as too long (OpenAI's {@code context_length_exceeded},
 * Anthropic's "prompt is too long") makes the agent compact and try once more; a session never
 * ends up where every later turn fails.
 */
class ContextOverflowTest {
    @TempDir
    Path dir;

    private static String overflow(WireFormat wire) {
        return wire == WireFormat.OPENAI
                ? "This model's maximum context length is 4096 tokens. However, your messages resulted in 9120 tokens."
                        + " Please reduce the length of the messages. (context_length_exceeded)"
                : "prompt is too long: 9120 tokens > 4096 maximum";
    }

    private static int bytes(AgentHarness h, int request) {
        return h.server.request(request).body().getBytes(StandardCharsets.UTF_8).length;
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void anOverflowCompactsTheConversationAndTriesOnceMore(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.replyTools(call("r", "sample_rows", "{\"table\":\"reviews\",\"limit\":1000}"));
            h.replyText("There are many reviews.");
            agent.send("Show me the reviews");

            h.server.enqueue(wire.chatPath(), Reply.json(400, wire.errorReply(overflow(wire))));
            h.replyText("About 144.");
            TurnResult turn = agent.send("How many are there?");

            assertThat(turn.text()).isEqualTo("About 144.");
            assertThat(h.server.requests()).hasSize(4);
            assertThat(bytes(h, 3)).isLessThan(bytes(h, 2)).isLessThanOrEqualTo(4000 * TokenBudget.BYTES_PER_TOKEN);
            assertThat(h.server.request(3).body()).contains("compacted");
            assertThat(wire.userTexts(h.sent(3))).endsWith("How many are there?");
            // The session keeps the full conversation: compaction shapes only what is sent.
            assertThat(agent.session().messages()).hasSize(6);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void anOverflowThatPersistsFailsTheTurnClearlyAndTheNextTurnWorks(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.server.enqueue(wire.chatPath(), Reply.json(400, wire.errorReply(overflow(wire))));
            h.server.enqueue(wire.chatPath(), Reply.json(400, wire.errorReply(overflow(wire))));

            assertThatThrownBy(() -> agent.send("Show me the reviews")).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("limits.prompt_budget_tokens").hasMessageContaining("too long");
            assertThat(agent.session().messages()).isEmpty();

            h.replyText("Here they are.");
            assertThat(agent.send("Show me the reviews").text()).isEqualTo("Here they are.");
            assertThat(agent.session().messages()).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void anotherRefusedRequestIsNotRetried(WireFormat wire) throws Exception {
        try (AgentHarness h = new AgentHarness(dir, wire)) {
            ChatAgent agent = h.agent(AgentSession.create(h.state), AgentOptions.DEFAULT).build();
            h.server.enqueue(wire.chatPath(), Reply.json(400, wire.errorReply("Invalid value for 'tools'")));
            assertThatThrownBy(() -> agent.send("Hello")).isInstanceOf(ExecutionFailedException.class)
                    .hasMessageContaining("Invalid value for 'tools'");
            assertThat(h.server.requests()).hasSize(1);
        }
    }
}
