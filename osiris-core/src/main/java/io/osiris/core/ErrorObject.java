package io.osiris.core;

import io.osiris.api.Problem;
import io.osiris.core.config.SecretMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one shape a failure takes for a program, written by {@code osiris ... --json} and by
 * {@code osiris mcp}'s tools alike:
 * {@code {"error": {"kind", "message", "exit_code", "file", "line", "path", "problems"}}}, with
 * the first located problem's place at the top. Every string passes through the config's
 * secret mask.
 */
public final class ErrorObject {

    private ErrorObject() {
    }

    /**
     * An error object.
     *
     * @param kind     {@code validation}, {@code configuration}, {@code connection}, {@code execution},
     *                 {@code internal}, ...
     * @param problems the located problems, first one first; empty for none
     * @param details  keys of the caller's own beside the standard ones (such as how a person approves)
     */
    public static Map<String, Object> of(String kind, String message, int exitCode, List<Problem> problems,
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
