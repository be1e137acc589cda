package io.osiris.cli;

import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.TokenUsage;
import io.osiris.api.llm.ToolCall;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.SessionSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat sessions as {@code osiris sessions --json} prints them: a summary per session for
 * {@code list}, and for {@code show} the summary with every message and the pipeline waiting
 * for approval. Times are ISO-8601 instants.
 */
final class SessionsJson {
    private SessionsJson() {
    }

    static Map<String, Object> summary(SessionSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("title", s.title());
        m.put("source", s.source());
        m.put("created_at", s.createdAt().toString());
        m.put("updated_at", s.updatedAt().toString());
        m.put("messages", s.messages());
        m.put("tokens", tokens(s.usage()));
        m.put("pending", s.pending());
        return m;
    }

    static Map<String, Object> session(AgentSession session) {
        Map<String, Object> m = summary(session.summary());
        m.put("model_calls", session.modelCalls());
        List<Object> messages = new ArrayList<>();
        for (ChatMessage message : session.messages()) {
            messages.add(message(message));
        }
        m.put("messages", messages);
        m.put("pending", session.pending().<Object>map(p -> {
            Map<String, Object> pending = new LinkedHashMap<>();
            pending.put("name", p.name());
            pending.put("summary", p.summary());
            pending.put("file", p.file());
            pending.put("yaml", p.yaml());
            return pending;
        }).orElse(null));
        return m;
    }

    private static Map<String, Object> message(ChatMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (message instanceof ChatMessage.User u) {
            m.put("role", "user");
            m.put("text", u.text());
        } else if (message instanceof ChatMessage.Assistant a) {
            m.put("role", "assistant");
            m.put("text", a.text());
            List<Object> calls = new ArrayList<>();
            for (ToolCall c : a.toolCalls()) {
                Map<String, Object> call = new LinkedHashMap<>();
                call.put("name", c.name());
                call.put("arguments", c.argumentsJson());
                calls.add(call);
            }
            m.put("tool_calls", calls);
        } else if (message instanceof ChatMessage.ToolResult r) {
            m.put("role", "tool");
            m.put("tool", r.toolName());
            m.put("error", r.isError());
            m.put("content", r.content());
        }
        return m;
    }

    private static Map<String, Object> tokens(TokenUsage usage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", usage.inputTokens());
        m.put("output", usage.outputTokens());
        return m;
    }
}
