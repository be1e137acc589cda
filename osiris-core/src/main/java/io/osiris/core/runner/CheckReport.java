package io.osiris.core.runner;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one data check of a run.
 *
 * @param step   the id of the step the check is declared on
 * @param kind   the step's kind: {@code extract}, {@code transform} or {@code load}
 * @param check  the check as messages name it ({@code unique(id)}, {@code row_count(min 1)})
 * @param passed whether the rows met it (in a dry run: whether it binds to the step's columns)
 * @param detail what was found: {@code 3 duplicate values, e.g. 17}; for a pass, what was
 *               counted ({@code 120 rows}); example values masked as personal data is
 */
public record CheckReport(String step, String kind, String check, boolean passed, String detail) {
    public CheckReport {
        requireNonNull(step, "step");
        requireNonNull(kind, "kind");
        requireNonNull(check, "check");
        requireNonNull(detail, "detail");
    }

    /**
     * One line for people: {@code load 'save' check unique(id): 3 duplicate values, e.g. 17}
     * when it failed, {@code ... check unique(id): passed (120 rows)} when it passed.
     */
    public String describe() {
        String head = kind + " '" + step + "' check " + check + ": ";
        return passed ? head + "passed" + (detail.isEmpty() ? "" : " (" + detail + ")") : head + detail;
    }
}
