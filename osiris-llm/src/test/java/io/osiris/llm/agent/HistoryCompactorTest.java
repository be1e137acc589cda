package io.osiris.llm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Compaction of the conversation sent to the model, cheapest loss first, never splitting a call from its result. */
class HistoryCompactorTest {
    private static final String BIG = "x".repeat(6_000);

    /** A turn: the person's message, {@code rounds} rounds of {@code calls} tool calls with big results, an answer. */
    private static List<ChatMessage> turn(String ask, int rounds, int calls, String answer) {
        List<ChatMessage> turn = new ArrayList<>();
        turn.add(new ChatMessage.User(ask));
        for (int r = 0; r < rounds; r++) {
            List<ToolCall> round = new ArrayList<>();
            for (int c = 0; c < calls; c++) {
                round.add(new ToolCall(ask.hashCode() + "-" + r + "-" + c, "describe_table", "{\"table\":\"t" + c + "\"}"));
            }
            turn.add(new ChatMessage.Assistant("", round));
            round.forEach(c -> turn.add(new ChatMessage.ToolResult(c.id(), c.name(), "{\"rows\":\"" + BIG + "\"}",
                    false)));
        }
        if (answer != null) {
            turn.add(new ChatMessage.Assistant(answer, List.of()));
        }
        return turn;
    }

    private static List<ChatMessage> history() {
        List<ChatMessage> history = new ArrayList<>();
        history.addAll(turn("Export the movies of 2014", 2, 2, "Proposed pipeline movies_2014."));
        history.addAll(turn("Now only dramas", 1, 2, "Proposed pipeline dramas_2014."));
        return history;
    }

    /** Every tool call is answered right after its assistant message, and every result answers a call. */
    private static void assertPaired(List<ChatMessage> messages) {
        Set<String> open = new HashSet<>();
        for (ChatMessage m : messages) {
            if (m instanceof ChatMessage.Assistant a) {
                assertThat(open).as("calls left unanswered before the next assistant message").isEmpty();
                a.toolCalls().forEach(c -> open.add(c.id()));
            } else if (m instanceof ChatMessage.ToolResult r) {
                assertThat(open.remove(r.toolCallId())).as("result %s answers a call", r.toolCallId()).isTrue();
            } else {
                assertThat(open).as("calls left unanswered before a person's message").isEmpty();
            }
        }
    }

    @Test
    void aConversationThatFitsIsSentAsItIs() {
        List<ChatMessage> now = List.of(new ChatMessage.User("And 2015?"));
        assertThat(HistoryCompactor.fit(history(), now, 1_000_000)).containsExactlyElementsOf(
                concat(history(), now));
    }

    @Test
    void earlierToolResultsBecomeStubsFirstAndTheWordsStay() {
        List<ChatMessage> now = List.of(new ChatMessage.User("And 2015?"));
        long room = TokenBudget.size(history()) / 2;
        List<ChatMessage> sent = HistoryCompactor.fit(history(), now, room);
        assertThat(TokenBudget.size(sent)).isLessThanOrEqualTo(room);
        assertThat(sent).hasSameSizeAs(concat(history(), now));
        assertThat(sent.get(0)).isEqualTo(new ChatMessage.User("Export the movies of 2014"));
        assertThat(sent).filteredOn(m -> m instanceof ChatMessage.ToolResult r && r.content().contains("compacted"))
                .isNotEmpty();
        assertThat(sent).contains(new ChatMessage.Assistant("Proposed pipeline dramas_2014.", List.of()));
        assertPaired(sent);
    }

    @Test
    void theOldestTurnsBecomeOneLineNotesWhenStubsAreNotEnough() {
        List<ChatMessage> now = List.of(new ChatMessage.User("And 2015?"));
        List<ChatMessage> sent = HistoryCompactor.fit(history(), now, 2_000);
        assertThat(TokenBudget.size(sent)).isLessThanOrEqualTo(2_000);
        assertThat(sent.get(0)).isEqualTo(new ChatMessage.User("[Earlier request, compacted] Export the movies of 2014"));
        assertThat(((ChatMessage.Assistant) sent.get(1)).text())
                .isEqualTo("[Earlier answer, compacted (tools used: describe_table x4)] Proposed pipeline movies_2014.");
        assertThat(sent.get(sent.size() - 1)).isEqualTo(new ChatMessage.User("And 2015?"));
        assertPaired(sent);
    }

    @Test
    void thisTurnsLatestResultsAreCutToEqualSharesAndAllAnswerTheirCalls() {
        List<ChatMessage> now = turn("Describe twenty tables", 2, 20, null);
        long room = 30_000;
        List<ChatMessage> sent = HistoryCompactor.fit(history(), now, room);
        assertThat(TokenBudget.size(sent)).isLessThanOrEqualTo(room);
        List<ChatMessage.ToolResult> latest = sent.subList(sent.size() - 20, sent.size()).stream()
                .map(ChatMessage.ToolResult.class::cast).toList();
        assertThat(latest).allSatisfy(r -> assertThat(r.content()).contains("cut to fit the prompt budget"));
        var lengths = latest.stream().mapToInt(r -> r.content().length()).summaryStatistics();
        assertThat(lengths.getMax() - lengths.getMin()).as("equal shares").isLessThanOrEqualTo(30);
        assertPaired(sent);
    }

    @Test
    void smallResultsStayWholeWhileLargeOnesShareWhatIsLeft() {
        List<ChatMessage> now = new ArrayList<>(turn("Look around", 1, 3, null));
        now.set(2, new ChatMessage.ToolResult(((ChatMessage.ToolResult) now.get(2)).toolCallId(), "find_values",
                "{\"matches\":[{\"table\":\"people\",\"column\":\"name\"}]}", false));
        List<ChatMessage> sent = HistoryCompactor.fit(List.of(), now, 8_000);
        assertThat(TokenBudget.size(sent)).isLessThanOrEqualTo(8_000);
        assertThat(sent.get(2)).isEqualTo(now.get(2));
        assertThat(((ChatMessage.ToolResult) sent.get(3)).content()).contains("cut to fit the prompt budget");
        assertPaired(sent);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 500, 5_000, 20_000, 60_000, 150_000, 400_000})
    void aToolCallIsNeverSeparatedFromItsResultWhateverTheRoom(long room) {
        List<ChatMessage> sent = HistoryCompactor.fit(history(), turn("More", 2, 3, null), room);
        assertPaired(sent);
        assertThat(sent).contains(new ChatMessage.User("More"));
    }

    private static List<ChatMessage> concat(List<ChatMessage> a, List<ChatMessage> b) {
        List<ChatMessage> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
