package io.osiris.llm.eval;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How an agent did on a {@link GoldenSet}.
 *
 * @param set       the set's name
 * @param model     the model that answered
 * @param questions one score per question, in the set's order
 */
public record EvalReport(String set, String model, List<Score> questions) {
    public EvalReport {
        requireNonNull(set, "set");
        requireNonNull(model, "model");
        questions = List.copyOf(questions);
    }

    /** The share of questions answered with the right rows, from 0 to 1. */
    public double accuracy() {
        return questions.isEmpty() ? 0 : (double) questions.stream().filter(Score::correct).count() / questions.size();
    }

    /**
     * One question's outcome.
     *
     * @param id                 the question's id
     * @param correct            whether the proposed pipeline gave the reference rows
     * @param unknownIdentifiers names in the proposed SQL that the source does not have
     * @param tokens             input and output tokens the turn used
     * @param calls              model calls the turn made
     * @param seconds            wall time of the turn and of running both queries
     * @param why                why the answer is wrong (no proposal, a failed run, other rows); empty when right
     */
    public record Score(String id, boolean correct, int unknownIdentifiers, long tokens, int calls, double seconds,
            Optional<String> why) {
        public Score {
            requireNonNull(id, "id");
            requireNonNull(why, "why");
        }
    }
}
