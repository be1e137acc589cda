package io.osiris.api;

import static java.util.Objects.requireNonNull;

/**
 * A step's rows broke one of its declared data checks ({@code checks:}), so the run stopped
 * before any load began: every target is as it was. The pipeline itself is valid; the data did
 * not meet its contract. An {@link ErrorKind#EXECUTION} failure (exit code 1), as the same
 * pipeline may pass on tomorrow's data; catch this type to tell it from other failures.
 */
public class DataCheckFailedException extends ExecutionFailedException {
    private final String step;
    private final String check;

    /**
     * Creates an exception for one failed check.
     *
     * @param step    the id of the step the check is declared on
     * @param check   the check as reports name it ({@code unique(id)})
     * @param message what failed, with at most a few example values, masked when personal
     */
    public DataCheckFailedException(String step, String check, String message) {
        super(message);
        this.step = requireNonNull(step, "step");
        this.check = requireNonNull(check, "check");
    }

    /** The id of the step whose check failed. */
    public String step() {
        return step;
    }

    /** The failed check, as reports name it ({@code unique(id)}, {@code row_count(min 1)}). */
    public String check() {
        return check;
    }
}
