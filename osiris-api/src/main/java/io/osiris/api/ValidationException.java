package io.osiris.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input that breaks the rules: a malformed pipeline, refused SQL, a bad parameter.
 * Carries every problem found, not just the first, so a user fixes them in one pass.
 */
public class ValidationException extends OsirisException {
    private final List<Problem> problems;

    /** A single problem described by a message. */
    public ValidationException(String message) {
        this(List.of(Problem.of(message)));
    }

    /** All the problems found in one input; must not be empty. */
    public ValidationException(List<Problem> problems) {
        super(ErrorKind.VALIDATION, render(problems), null);
        this.problems = List.copyOf(problems);
    }

    /** The problems, in the order they appear in the input. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ValidationException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        return problems.size() + " problems:\n" + problems.stream()
                .map(p -> "  - " + p)
                .collect(Collectors.joining("\n"));
    }
}
