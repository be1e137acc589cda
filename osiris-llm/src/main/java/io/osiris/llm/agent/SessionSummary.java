package io.osiris.llm.agent;

import static java.util.Objects.requireNonNull;

import io.osiris.api.llm.TokenUsage;
import java.time.Instant;

/**
 * One line of {@code osiris sessions list}.
 *
 * @param id        the session id
 * @param title     the first request, shortened
 * @param source    the source explored ({@code TYPE.NAME}); empty when unknown
 * @param createdAt when the session started
 * @param updatedAt when it last changed
 * @param messages  how many messages it holds
 * @param usage     the tokens it used
 * @param pending   the name of the pipeline waiting for approval; empty when none
 */
public record SessionSummary(String id, String title, String source, Instant createdAt, Instant updatedAt,
        int messages, TokenUsage usage, String pending) {
    public SessionSummary {
        requireNonNull(id, "id");
        requireNonNull(title, "title");
        requireNonNull(source, "source");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        requireNonNull(usage, "usage");
        requireNonNull(pending, "pending");
    }
}
