package io.osiris.llm.agent;

import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Messages and proposals as the JSON trees the state store keeps. */
final class SessionCodec {
    private SessionCodec() {
    }

    static Map<String, Object> message(ChatMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (message instanceof ChatMessage.User u) {
            m.put("role", "user");
            m.put("text", u.text());
        } else if (message instanceof ChatMessage.Assistant a) {
            m.put("role", "assistant");
            m.put("text", a.text());
            List<Object> calls = new ArrayList<>();
            for (ToolCall c : a.toolCalls()) {
                calls.add(Map.of("id", c.id(), "name", c.name(), "arguments", c.argumentsJson()));
            }
            m.put("tool_calls", calls);
        } else if (message instanceof ChatMessage.ToolResult r) {
            m.put("role", "tool");
            m.put("tool_call_id", r.toolCallId());
            m.put("name", r.toolName());
            m.put("content", r.content());
            m.put("is_error", r.isError());
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static ChatMessage message(Map<String, Object> m) {
        String role = String.valueOf(m.get("role"));
        return switch (role) {
            case "user" -> new ChatMessage.User(text(m, "text"));
            case "assistant" -> {
                List<ToolCall> calls = new ArrayList<>();
                for (Object o : (List<Object>) m.getOrDefault("tool_calls", List.of())) {
                    Map<String, Object> c = (Map<String, Object>) o;
                    calls.add(new ToolCall(text(c, "id"), text(c, "name"), text(c, "arguments")));
                }
                yield new ChatMessage.Assistant(text(m, "text"), calls);
            }
            case "tool" -> new ChatMessage.ToolResult(text(m, "tool_call_id"), text(m, "name"), text(m, "content"),
                    Boolean.TRUE.equals(m.get("is_error")));
            default -> throw new IllegalArgumentException("unknown message role " + role);
        };
    }

    static Map<String, Object> proposal(Proposal p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("summary", p.summary());
        m.put("yaml", p.yaml());
        m.put("file", p.file());
        m.put("sha256", p.sha256());
        List<Object> previews = new ArrayList<>();
        for (StepPreview s : p.previews()) {
            Map<String, Object> preview = new LinkedHashMap<>();
            preview.put("step", s.stepId());
            preview.put("source", s.source());
            preview.put("sql", s.sql());
            preview.put("columns", s.columns());
            preview.put("rows", s.rows());
            preview.put("note", s.note());
            previews.add(preview);
        }
        m.put("previews", previews);
        if (!p.evidence().isEmpty()) {
            m.put("evidence", EvidenceCodec.write(p.evidence()));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Proposal proposal(Map<String, Object> m) {
        List<StepPreview> previews = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("previews", List.of())) {
            Map<String, Object> s = (Map<String, Object>) o;
            List<String> columns = new ArrayList<>();
            ((List<Object>) s.getOrDefault("columns", List.of())).forEach(c -> columns.add(String.valueOf(c)));
            previews.add(new StepPreview(text(s, "step"), text(s, "source"), text(s, "sql"), columns,
                    (List<List<Object>>) s.getOrDefault("rows", List.of()), text(s, "note")));
        }
        String yaml = text(m, "yaml");
        String sha256 = m.containsKey("sha256") ? text(m, "sha256") : Proposal.sha256Of(yaml);
        // A session stored before evidence existed has none: the proposal reads as it did.
        Evidence evidence = m.get("evidence") instanceof Map<?, ?> e ? EvidenceCodec.read((Map<String, Object>) e)
                : Evidence.NONE;
        return new Proposal(text(m, "name"), text(m, "summary"), yaml, text(m, "file"), previews, sha256, evidence);
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? "" : String.valueOf(v);
    }
}
