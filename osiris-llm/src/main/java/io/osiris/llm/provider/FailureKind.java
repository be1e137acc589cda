package io.osiris.llm.provider;

/** Why one call to one model failed, in the terms that decide what to do next. */
public enum FailureKind {
    /** 429: wait and retry the same model. */
    RATE_LIMITED(true),
    /** 5xx, 408, 409 and the like: the server may do better next time. */
    SERVER_ERROR(true),
    /** No answer in time. */
    TIMEOUT(true),
    /** The connection failed (refused, reset, unknown host). */
    NETWORK(true),
    /** A 200 whose body we could not use (no choices, unparsable JSON). */
    INVALID_RESPONSE(true),
    /** 404: the server does not know this model (or the base URL is wrong); the next model may work. */
    MODEL_NOT_FOUND(false),
    /** 401 or 403: the key is wrong; no model and no retry will help. */
    AUTHENTICATION(false),
    /** 400, 422 and other 4xx: the request itself is refused; retrying sends the same request. */
    BAD_REQUEST(false);

    private final boolean retryable;

    FailureKind(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether calling the same model again may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** The kind an HTTP error status means. */
    public static FailureKind ofStatus(int status) {
        if (status == 401 || status == 403) {
            return AUTHENTICATION;
        }
        if (status == 404) {
            return MODEL_NOT_FOUND;
        }
        if (status == 429) {
            return RATE_LIMITED;
        }
        if (status == 408 || status == 409 || status >= 500) {
            return SERVER_ERROR;
        }
        return BAD_REQUEST;
    }
}
