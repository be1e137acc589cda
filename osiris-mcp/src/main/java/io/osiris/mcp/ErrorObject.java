package io.osiris.mcp;

import io.osiris.api.OsirisException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.core.config.SecretMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The error object of a failed tool call, shaped as the CLI's {@code --json} error object
 * ({@code {"error": {"kind", "message", "exit_code", "file", "line", "path", "problems"}}}), so a
 * client reads one shape from {@code osiris run --json} and from {@code osiris mcp}. Every
 * string passes through the config's secret mask.
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
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("kind", kind);
        error.put("message", mask.apply(message));
        error.put("exit_code", exitCode);
        problems.stream().filter(p -> !p.source().isEmpty() || p.line() > 0).findFirst()
                .ifPresent(p -> location(error, p, mask));
        if (!problems.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (Problem p : problems) {
                Map<String, Object> m = new LinkedHashMap<>();
                location(m, p, mask);
                m.put("message", mask.apply(p.message()));
                list.add(m);
            }
            error.put("problems", list);
        }
        details.forEach(error::putIfAbsent);
        return Map.of("error", error);
    }

    private static void location(Map<String, Object> m, Problem p, SecretMask mask) {
        if (!p.source().isEmpty()) {
            m.put("file", mask.apply(p.source()));
        }
        if (p.line() > 0) {
            m.put("line", p.line());
        }
        if (!p.path().isEmpty()) {
            m.put("path", p.path());
        }
    }
}
