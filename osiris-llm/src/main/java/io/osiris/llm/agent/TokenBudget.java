package io.osiris.llm.agent;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.osiris.api.llm.ChatMessage;
import io.osiris.api.llm.ToolCall;
import io.osiris.api.llm.ToolSpec;
import java.util.List;

/**
 * The prompt budget ({@code limits.prompt_budget_tokens}) and how a request is measured against
 * it. No tokenizer is bundled, so tokens are bounded by bytes: a request of at most
 * {@code tokens * 4} UTF-8 bytes, counted as they travel (JSON-escaped text, plus a fixed
 * allowance for each message's and tool's envelope). Every BPE tokenizer in use makes fewer
 * tokens than bytes / 4 on SQL, JSON and English, so the model's count stays under the budget.
 *
 * @param tokens the budget in tokens
 */
record TokenBudget(int tokens) {
    /** Bytes one token is allowed. */
    static final int BYTES_PER_TOKEN = 4;
    /** The JSON around one message (role, ids, type fields). */
    static final int MESSAGE_ENVELOPE = 120;
    /** The JSON around one tool call or tool spec. */
    static final int TOOL_ENVELOPE = 120;
    /** The request's own fields (model, max_tokens, tool_choice...). */
    static final int REQUEST_ENVELOPE = 400;

    TokenBudget {
        if (tokens < 1) {
            throw new IllegalArgumentException("a prompt budget is a positive number of tokens");
        }
    }

    /** The most bytes a request may have. */
    long bytes() {
        return (long) tokens * BYTES_PER_TOKEN;
    }

    /** This budget with {@code fraction} of its tokens, at least one. */
    TokenBudget scaled(double fraction) {
        return new TokenBudget(Math.max(1, (int) (tokens * fraction)));
    }

    /** The bytes a text takes as a JSON string in a request body, quotes and escapes included. */
    static long size(String text) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(text).length + 2L;
    }

    /** The bytes a message takes in a request. */
    static long size(ChatMessage message) {
        if (message instanceof ChatMessage.User u) {
            return MESSAGE_ENVELOPE + size(u.text());
        }
        if (message instanceof ChatMessage.Assistant a) {
            long total = MESSAGE_ENVELOPE + size(a.text());
            for (ToolCall c : a.toolCalls()) {
                total += TOOL_ENVELOPE + size(c.id()) + size(c.name()) + size(c.argumentsJson());
            }
            return total;
        }
        ChatMessage.ToolResult r = (ChatMessage.ToolResult) message;
        return MESSAGE_ENVELOPE + size(r.toolCallId()) + size(r.toolName()) + size(r.content());
    }

    /** The bytes of messages in a request. */
    static long size(List<ChatMessage> messages) {
        return messages.stream().mapToLong(TokenBudget::size).sum();
    }

    /** The bytes the tool specs take in a request (their parameter schemas travel as JSON, not as strings). */
    static long toolsSize(List<ToolSpec> specs) {
        return specs.stream().mapToLong(s -> TOOL_ENVELOPE + size(s.name()) + size(s.description())
                + s.parametersJsonSchema().length()).sum();
    }
}
