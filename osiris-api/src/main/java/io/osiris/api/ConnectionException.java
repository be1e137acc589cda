package io.osiris.api;

/**
 * A source or destination cannot be reached, or refuses the credentials. Messages name the host and the cause, never the password.
 */
public class ConnectionException extends OsirisException {
    /** Creates an exception with a message that says what failed and what to do. */
    public ConnectionException(String message) {
        super(ErrorKind.CONNECTION, message, null);
    }

    /** Creates an exception wrapping its cause; the message must add the context the cause lacks. */
    public ConnectionException(String message, Throwable cause) {
        super(ErrorKind.CONNECTION, message, cause);
    }
}
