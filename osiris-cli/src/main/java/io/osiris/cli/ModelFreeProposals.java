package io.osiris.cli;

import io.osiris.api.ValidationException;
import io.osiris.api.template.TemplateMatch;
import io.osiris.llm.agent.OsirisChat;
import io.osiris.llm.agent.Proposal;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The proposals {@code osiris chat} makes without a model: from {@code --sql}, or from the
 * template a sentence fits fully. What stops one (a refused query, no fitting template) is said
 * on stderr, and nothing is saved.
 */
final class ModelFreeProposals {
    private static final int SHOWN_ROWS = 10;

    private final OsirisChat chat;
    private final PrintWriter err;

    ModelFreeProposals(OsirisChat chat, PrintWriter err) {
        this.chat = chat;
        this.err = err;
    }

    /** The pipeline exporting the rows of {@code sql}, pending in the session; empty when it cannot be one. */
    Optional<Proposal> fromSql(String sql) {
        return propose(() -> chat.proposeSql(sql, SHOWN_ROWS), "the SQL cannot become a pipeline");
    }

    /** The pipeline of the template {@code message} fits fully, pending in the session; empty otherwise. */
    Optional<Proposal> fromTemplate(String message) {
        Optional<TemplateMatch> match = chat.matchTemplate(message);
        if (match.isEmpty() || !match.get().missing().isEmpty()) {
            err.println("osiris chat: " + (match.isEmpty() ? "no template fits this sentence"
                    : "template " + match.get().template().name() + " fits but needs " + match.get().missing())
                    + ". Give your SQL with --sql, use osiris generate --template NAME, or configure an LLM.");
            return Optional.empty();
        }
        err.println("Template " + match.get().template().name() + " fits.");
        return propose(() -> chat.proposeTemplate(match.get(), SHOWN_ROWS),
                "the template's pipeline does not fit this source");
    }

    private Optional<Proposal> propose(Supplier<Proposal> proposer, String refusal) {
        try {
            return Optional.of(proposer.get());
        } catch (ValidationException e) {
            e.problems().forEach(p -> err.println(p));
            err.println("osiris chat: " + refusal + "; nothing was saved or run.");
            return Optional.empty();
        }
    }
}
