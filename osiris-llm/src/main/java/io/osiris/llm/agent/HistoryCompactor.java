package io.osiris.llm.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The fewest characters a cut tool result keeps. */
    static final int MIN_RESULT_CHARS = 200;
    static final int NOTE_CHARS = 240;
    /** A result this short is kept whole while short results take at most half of the room left. */
    static final int SHORT_RESULT_BYTES = 1_500;
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
     * whole (short ones even above their share), and the room they leave is shared equally among
     * the larger ones.
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
            // A short result (a find_values answer, an error) is worth more whole than cut: it keeps its
            // place while the short ones together take at most half of what is left.
            if (size <= share || (size <= SHORT_RESULT_BYTES && size <= left / 2)) {
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

    /**
     * The start of a result within {@code chars} characters, still one JSON object framed as
     * untrusted data: the kept start travels as a string, so a cut never leaves broken JSON.
     */
    static String cut(String content, int chars) {
        String note = ToolJson.FRAME_NOTE + " It was cut to fit the prompt budget: " + content.length()
                + " characters in all; ask for less, e.g. one table or fewer rows, to see the rest.";
        int keep = Math.max(0, Math.min(content.length(), chars - note.length() - 60));
        while (true) {
            if (keep > 0 && Character.isHighSurrogate(content.charAt(keep - 1))) {
                keep--;
            }
            ObjectNode cut = JSON.createObjectNode();
            cut.put("untrusted_data", content.substring(0, keep));
            cut.put("truncated", true);
            cut.put("note", note);
            String text = cut.toString();
            // Escaping the kept start makes it longer: shrink until the whole fits.
            if (text.length() <= chars || keep == 0) {
                return text;
            }
            keep = Math.max(0, Math.min(keep - 1, keep * 9 / 10));
        }
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
