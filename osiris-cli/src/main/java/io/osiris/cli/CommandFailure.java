package io.osiris.cli;

import io.osiris.api.ErrorKind;
import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import java.util.List;
import java.util.Map;

/**
 * A failure a command words itself: its problems, one per line, then its summary, on stderr,
 * with the exit code of its kind; with {@code --json}, the same as an error object on stdout
 * ({@link JsonOutput}). Thrown instead of printing and returning an exit code, so that every
 * failure reaches {@link OsirisCli}'s one handler.
 */
final class CommandFailure extends OsirisException {
    private final transient List<Problem> problems;
    private final String summary;
    private final transient Map<String, Object> details;

    private CommandFailure(ErrorKind kind, List<Problem> problems, String summary, Map<String, Object> details,
            Throwable cause) {
        super(kind, summary, cause);
        this.problems = List.copyOf(problems);
        this.summary = summary;
        this.details = Map.copyOf(details);
    }

    /** The problems of {@code e}, then {@code summary}: a validation failure (exit 2). */
    static CommandFailure of(ValidationException e, String summary) {
        return new CommandFailure(e.kind(), e.problems(), summary, Map.of(), e);
    }

    /** A failure of {@code kind} said in one line, e.g. a wrong argument (a usage error is {@link ErrorKind#VALIDATION}). */
    static CommandFailure of(ErrorKind kind, String summary) {
        return new CommandFailure(kind, List.of(), summary, Map.of(), null);
    }

    /** A failure whose lines the command printed already, with what a script reads in the JSON error object. */
    static CommandFailure reported(ErrorKind kind, String summary, Map<String, Object> details) {
        return new CommandFailure(kind, List.of(), summary, details, null);
    }

    List<Problem> problems() {
        return problems;
    }

    /** The last line on stderr, and the error object's message. */
    String summary() {
        return summary;
    }

    /** Keys the error object carries besides the usual ones. */
    Map<String, Object> details() {
        return details;
    }
}
