package io.osiris.api;

/**
 * A statement ran past its time limit ({@code statement_timeout}) and the database stopped it.
 * Running it again would only take as long: callers fail instead of retrying another way.
 */
public class StatementTimeoutException extends ExecutionFailedException {
    /** Creates an exception whose message names the limit, the connection and how to raise it. */
    public StatementTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
