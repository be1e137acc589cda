package io.osiris.api;

/**
 * A query, transform or load failed while running. Messages name the step, table or statement and carry the database's own message.
 */
public class ExecutionFailedException extends OsirisException {
    /** Creates an exception with a message that says what failed and what to do. */
    public ExecutionFailedException(String message) {
        super(ErrorKind.EXECUTION, message, null);
    }

    /** Creates an exception wrapping its cause; the message must add the context the cause lacks. */
    public ExecutionFailedException(String message, Throwable cause) {
        super(ErrorKind.EXECUTION, message, cause);
    }
}
