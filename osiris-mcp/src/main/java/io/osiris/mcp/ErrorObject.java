package io.osiris.mcp;

import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.core.config.SecretMask;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The error object of a failed tool call: {@link io.osiris.core.ErrorObject}, the shape of the
 * CLI's {@code --json} errors, so a client reads one shape from {@code osiris run --json} and from
 * {@code osiris mcp}. Every string passes through the config's secret mask.
 */
final class ErrorObject {
    static final String VALIDATION = "validation";
    static final String INTERNAL = "internal";

    private ErrorObject() {
    }

    /** The object of an exception: its kind and problems when Osiris threw it, {@code internal} otherwise. */
    static Map<String, Object> of(RuntimeException e, SecretMask mask) {
        if (e instanceof OsirisException oe) {
            List<Problem> problems = e instanceof ValidationException ve ? ve.problems() : List.of();
            return of(oe.kind().name().toLowerCase(Locale.ROOT), String.valueOf(e.getMessage()),
                    oe.kind().exitCode(), problems, Map.of(), mask);
        }
        return of(INTERNAL, "Osiris failed unexpectedly: " + e, 1, List.of(), Map.of(), mask);
    }

    /** An error object; {@code details} add keys of their own (such as how a person approves). */
    static Map<String, Object> of(String kind, String message, int exitCode, List<Problem> problems,
            Map<String, Object> details, SecretMask mask) {
        return io.osiris.core.ErrorObject.of(kind, message, exitCode, problems, details, mask);
    }
}
