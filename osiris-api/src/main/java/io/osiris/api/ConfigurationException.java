package io.osiris.api;

/**
 * Configuration is missing or malformed: an unknown connector type, an unset environment variable, an unreadable config file.
 */
public class ConfigurationException extends OsirisException {
    /** Creates an exception with a message that says what failed and what to do. */
    public ConfigurationException(String message) {
        super(ErrorKind.CONFIGURATION, message, null);
    }

    /** Creates an exception wrapping its cause; the message must add the context the cause lacks. */
    public ConfigurationException(String message, Throwable cause) {
        super(ErrorKind.CONFIGURATION, message, cause);
    }
}
