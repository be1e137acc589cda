package io.osiris.core.sql;

/** Why a function is refused: what it can do that a read-only extraction must not. */
enum FunctionCategory {
    RUNS_SQL_TEXT("runs SQL text the safety check never sees"),
    OPENS_SESSIONS("opens another session or connection, outside the read-only transaction"),
    SERVER_FILES("reads, lists or writes files on the server"),
    RUNS_COMMANDS("runs commands on the server host"),
    SIGNALS_BACKENDS("signals, cancels or kills server processes"),
    SLEEPS("sleeps or blocks the session"),
    TAKES_LOCKS("takes or releases locks"),
    CHANGES_STATE("changes server or session configuration or state"),
    REVEALS_SETTINGS("reveals server settings, secrets or the environment"),
    UNREVIEWED_SERVER_FUNCTION("is a server function that is not on the reviewed list of harmless ones"),
    DENIED_BY_DIALECT("is refused by the source's SQL dialect (its connector declares it unsafe)"),
    UNREVIEWED_TABLE_FUNCTION("is a table function that is not on the reviewed list (only range, "
            + "generate_series, unnest and a few others may produce rows)");

    private final String description;

    FunctionCategory(String description) {
        this.description = description;
    }

    /** What a function of this category can do, as a sentence's predicate. */
    String description() {
        return description;
    }
}
