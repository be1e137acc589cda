package io.osiris.api;

import static java.util.Objects.requireNonNull;

/**
 * Root of every exception Osiris throws on purpose. Unchecked; the {@link #kind()} tells
 * a caller (and the CLI's exit code) what sort of failure it is. Messages say what failed,
 * where, and what to do, and never contain a secret.
 */
public abstract class OsirisException extends RuntimeException {
    private final ErrorKind kind;

    protected OsirisException(ErrorKind kind, String message, Throwable cause) {
        super(requireNonNull(message, "message"), cause);
        this.kind = requireNonNull(kind, "kind");
    }

    /** The kind of failure. */
    public ErrorKind kind() {
        return kind;
    }
}
