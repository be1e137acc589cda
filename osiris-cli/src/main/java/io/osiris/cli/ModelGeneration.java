package io.osiris.cli;

import io.osiris.api.llm.ChatModel;
import io.osiris.core.Osiris;
import io.osiris.core.config.OsirisConfig;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.ChatModels;
import io.osiris.llm.agent.OsirisChat;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.TurnResult;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code osiris generate "intent"} on the configured model: one agent turn in a new session, whose
 * proposal is the generated pipeline. Fast mode ({@code --skip-clarification}) has the model assume
 * defaults; otherwise a model that asks a question leaves no pipeline, and the person answers in
 * {@code osiris chat --session ID}.
 */
final class ModelGeneration {
    private final Osiris osiris;
    private final PrintWriter err;
    private final ToolProgress progress;

    ModelGeneration(Osiris osiris, PrintWriter err, ToolProgress progress) {
        this.osiris = osiris;
        this.err = err;
        this.progress = progress;
    }

    /**
     * Why the model cannot write this pipeline, said before the templates are used instead, or
     * empty when it can.
     */
    static Optional<String> unusable(OsirisConfig config, SourceSelection.Choice source) {
        if (!ChatModels.configured(config)) {
            return Optional.of("no llm configured (llm: in .osiris.yaml)");
        }
        Optional<String> unavailable = ChatModels.unavailable(config, System.getenv());
        if (unavailable.isPresent()) {
            return Optional.of("the llm cannot be used (" + unavailable.get() + ")");
        }
        if (!source.path().isEmpty()) {
            return Optional.of("the model writes pipelines against connections of .osiris.yaml, not a file ("
                    + source.label() + ")");
        }
        return Optional.empty();
    }

    /**
     * The pipeline the model proposed for {@code intent}, or empty when it proposed none (it asked
     * a question, or could not), after saying so and how to go on.
     */
    Optional<Proposal> generate(SourceSelection.Choice source, String intent, boolean fast) {
        AgentSession session = AgentSession.create(osiris.state());
        try (OsirisChat chat = OsirisChat.open(osiris, session, source.type(), source.name());
                ChatModel model = ChatModels.open(osiris.config()).orElseThrow()) {
            TurnResult turn;
            try {
                turn = chat.agent(model, fast, progress).send(intent);
            } finally {
                progress.done();
            }
            // stdout is the pipeline alone: the model's words go to stderr, labelled.
            TurnFacts facts = new TurnFacts(err, err);
            String answer = "osiris chat --session " + session.id() + " \"...\"";
            facts.modelText(turn);
            if (turn.proposed().isPresent()) {
                Proposal p = turn.proposed().get();
                err.println(TurnFacts.OSIRIS + "The model proposed " + p.name() + " (also saved as " + p.file()
                        + "); nothing ran. Revise it with: " + answer);
                return Optional.of(p);
            }
            err.println(TurnFacts.OSIRIS + "No pipeline proposed; nothing written. "
                    + (fast ? "Say more with: " : "Answer with: ") + answer);
            return Optional.empty();
        } catch (RuntimeException e) {
            if (session.messages().isEmpty() && session.pending().isEmpty()) {
                AgentSession.clear(osiris.state(), session.id());
            }
            throw e;
        }
    }
}
