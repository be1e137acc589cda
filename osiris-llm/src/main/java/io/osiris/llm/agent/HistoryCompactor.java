package io.osiris.llm.agent;

import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fits a conversation into a byte budget ({@link TokenBudget}) for one request, cheapest loss
 * first: earlier turns' tool results become short stubs, then the oldest turns become a
 * one-line note of what was asked and answered (and are dropped, oldest first, if even that is
 * too much), then this turn's earlier tool results become stubs, and last the latest tool
 * results are cut to fair shares. A tool call and its result are never separated: a stub still
 * answers its call, and a summarised turn loses both. The session keeps the full conversation;
 * only what is sent is compacted, so compaction can never corrupt a session.
 */
final class HistoryCompactor {
    /** The fewest characters a cut tool result keeps. */
    static final int MIN_RESULT_CHARS = 200;
    static final int NOTE_CHARS = 240;
    static final String STUB_MARK = "\"compacted\":true";

    private HistoryCompactor() {
    }

    /**
     * The messages to send: {@code history} then {@code turn}, compacted until they take at most
     * {@code room} bytes, or as close as the rules allow (the person's message is never cut).
     */
    static List<ChatMessage> fit(List<ChatMessage> history, List<ChatMessage> turn, long room) {
        List<List<ChatMessage>> turns = split(history);
        List<ChatMessage> current = new ArrayList<>(turn);
        if (size(turns, current) <= room) {
            return join(turns, current);
        }
        for (int i = 0; i < turns.size(); i++) {
            turns.set(i, stubbed(turns.get(i)));
            if (size(turns, current) <= room) {
                return join(turns, current);
            }
        }
        for (int i = 0; i < turns.size(); i++) {
            turns.set(i, summarised(turns.get(i)));
            if (size(turns, current) <= room) {
                return join(turns, current);
            }
        }
        while (!turns.isEmpty()) {
            turns.remove(0);
            if (size(turns, current) <= room) {
                return join(turns, current);
            }
        }
        // This turn: every round of tool results but the latest becomes stubs, oldest first.
        int last = lastAssistant(current);
        for (int i = 0; i < last; i++) {
            if (current.get(i) instanceof ChatMessage.ToolResult r) {
                current.set(i, stub(r));
                if (size(turns, current) <= room) {
                    return join(turns, current);
                }
            }
        }
        return join(turns, cutLatest(current, last, room));
    }

    /**
     * The latest tool results cut to fair shares of what is left: the smallest results are kept
     * whole, and the room they leave is shared equally among the larger ones.
     */
    private static List<ChatMessage> cutLatest(List<ChatMessage> current, int last, long room) {
        List<Integer> results = new ArrayList<>();
        long fixed = 0;
        for (int i = 0; i < current.size(); i++) {
            if (i > last && current.get(i) instanceof ChatMessage.ToolResult r) {
                results.add(i);
                fixed += TokenBudget.size(new ChatMessage.ToolResult(r.toolCallId(), r.toolName(), "", r.isError()));
            } else {
                fixed += TokenBudget.size(current.get(i));
            }
        }
        if (results.isEmpty()) {
            return current;
        }
        List<ChatMessage> out = new ArrayList<>(current);
        results.sort(java.util.Comparator.comparingLong(i -> TokenBudget.size(
                ((ChatMessage.ToolResult) current.get(i)).content())));
        long left = room - fixed;
        int count = results.size();
        for (int i : results) {
            ChatMessage.ToolResult r = (ChatMessage.ToolResult) out.get(i);
            long size = TokenBudget.size(r.content());
            long share = Math.max(0, left / count);
            count--;
            if (size <= share) {
                left -= size;
                continue;
            }
            // Escapes make a character take more than a byte: cut in characters at the content's own ratio.
            double bytesPerChar = Math.max(1.0, (double) size / Math.max(1, r.content().length()));
            int chars = (int) Math.max(MIN_RESULT_CHARS, share / bytesPerChar - 2);
            String cut = cut(r.content(), chars);
            out.set(i, new ChatMessage.ToolResult(r.toolCallId(), r.toolName(), cut, r.isError()));
            left -= TokenBudget.size(cut);
        }
        return out;
    }

    static String cut(String content, int chars) {
        String note = "…(cut to fit the prompt budget: " + content.length()
                + " characters in all; ask for less, e.g. one table or fewer rows, to see the rest)";
        int keep = Math.max(0, chars - note.length());
        if (keep > 0 && Character.isHighSurrogate(content.charAt(keep - 1))) {
            keep--;
        }
        return content.substring(0, keep) + note;
    }

    private static ChatMessage.ToolResult stub(ChatMessage.ToolResult r) {
        if (r.content().contains(STUB_MARK)) {
            return r;
        }
        return new ChatMessage.ToolResult(r.toolCallId(), r.toolName(), "{" + STUB_MARK + ",\"note\":\"This "
                + r.toolName() + " result was removed to keep the prompt within its budget; call the tool again"
                + " if you still need it.\"}", r.isError());
    }

    private static List<ChatMessage> stubbed(List<ChatMessage> turn) {
        return turn.stream().map(m -> m instanceof ChatMessage.ToolResult r ? stub(r) : m).toList();
    }

    /** A turn as two lines: what the person asked, and what came of it. */
    private static List<ChatMessage> summarised(List<ChatMessage> turn) {
        if (turn.size() == 2 && turn.get(0) instanceof ChatMessage.User u && u.text().startsWith("[Earlier request")) {
            return turn;
        }
        String asked = turn.get(0) instanceof ChatMessage.User u ? u.text() : "";
        Map<String, Integer> tools = new LinkedHashMap<>();
        String answer = "";
        for (ChatMessage m : turn) {
            if (m instanceof ChatMessage.Assistant a) {
                for (ToolCall c : a.toolCalls()) {
                    tools.merge(c.name(), 1, Integer::sum);
                }
                if (!a.text().isBlank()) {
                    answer = a.text();
                }
            }
        }
        String used = tools.isEmpty() ? "" : " (tools used: " + tools.entrySet().stream()
                .map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : ""))
                .collect(Collectors.joining(", ")) + ")";
        return List.of(new ChatMessage.User("[Earlier request, compacted] " + line(asked)),
                new ChatMessage.Assistant("[Earlier answer, compacted" + used + "] " + line(answer), List.of()));
    }

    private static String line(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= NOTE_CHARS ? flat : flat.substring(0, NOTE_CHARS) + "…";
    }

    /** Turns: each starts at a person's message. */
    private static List<List<ChatMessage>> split(List<ChatMessage> history) {
        List<List<ChatMessage>> turns = new ArrayList<>();
        for (ChatMessage m : history) {
            if (m instanceof ChatMessage.User || turns.isEmpty()) {
                turns.add(new ArrayList<>());
            }
            turns.get(turns.size() - 1).add(m);
        }
        return turns;
    }

    private static int lastAssistant(List<ChatMessage> turn) {
        for (int i = turn.size() - 1; i >= 0; i--) {
            if (turn.get(i) instanceof ChatMessage.Assistant) {
                return i;
            }
        }
        return -1;
    }

    private static long size(List<List<ChatMessage>> turns, List<ChatMessage> current) {
        return turns.stream().mapToLong(TokenBudget::size).sum() + TokenBudget.size(current);
    }

    private static List<ChatMessage> join(List<List<ChatMessage>> turns, List<ChatMessage> current) {
        List<ChatMessage> out = new ArrayList<>();
        turns.forEach(out::addAll);
        out.addAll(current);
        return List.copyOf(out);
    }
}
