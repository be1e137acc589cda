package io.osiris.api;

/**
 * What went wrong, in the terms a caller acts on. The CLI maps kinds to exit codes:
 * {@link #CONFIGURATION} and {@link #VALIDATION} are the user's to fix (exit 2),
 * {@link #CONNECTION} and {@link #EXECUTION} are failures at run time (exit 1).
 */
public enum ErrorKind {
    /** Missing or malformed configuration: an unknown connector type, an unset variable. */
    CONFIGURATION(2),
    /** Input that breaks the rules: a malformed pipeline, refused SQL, a bad template parameter. */
    VALIDATION(2),
    /** A source or destination could not be reached or refused the credentials. */
    CONNECTION(1),
    /** A query, a load or a transform failed while running. */
    EXECUTION(1);

    private final int exitCode;

    ErrorKind(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The process exit code the CLI uses for this kind. */
    public int exitCode() {
        return exitCode;
    }
}
