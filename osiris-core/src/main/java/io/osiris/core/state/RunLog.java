package io.osiris.core.state;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The runs table of the state file: one JSON document per run under an id that sorts by start
 * time, kept to the newest few of each pipeline. It stores text and knows nothing of what the
 * documents say; {@code io.osiris.core.history.RunHistory} reads and writes them.
 */
public final class RunLog {
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS runs (id TEXT PRIMARY KEY, "
            + "pipeline TEXT NOT NULL, started_at TEXT NOT NULL, outcome TEXT NOT NULL, record TEXT NOT NULL)";
    static final String CREATE_INDEX = "CREATE INDEX IF NOT EXISTS runs_by_pipeline ON runs (pipeline, id)";

    private final StateDatabase database;

    RunLog(StateDatabase database) {
        this.database = database;
    }

    /**
     * Adds a run and, in the same transaction, forgets the pipeline's runs beyond the newest
     * {@code keep}: two processes recording at once each wait for the other's lock.
     *
     * @param id        a new id; ids sort by start time
     * @param keep      how many runs of the pipeline to keep, at least 1
     * @param record    the run as JSON
     */
    public void add(String id, String pipeline, String startedAt, String outcome, String record, int keep) {
        requireNonNull(id, "id");
        requireNonNull(pipeline, "pipeline");
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, was " + keep);
        }
        database.transaction(List.of(
                new StateDatabase.Write("INSERT INTO runs (id, pipeline, started_at, outcome, record) "
                        + "VALUES (?, ?, ?, ?, ?)", List.of(id, pipeline, startedAt, outcome, record)),
                new StateDatabase.Write("DELETE FROM runs WHERE pipeline = ? AND id NOT IN "
                        + "(SELECT id FROM runs WHERE pipeline = ? ORDER BY id DESC LIMIT ?)",
                        List.of(pipeline, pipeline, keep))));
    }

    /** The newest {@code limit} runs' JSON, newest first. */
    public List<String> newest(int limit) {
        return database.query("SELECT record FROM runs ORDER BY id DESC LIMIT ?", List.of(limit));
    }

    /** The newest {@code limit} runs of one pipeline, newest first. */
    public List<String> newest(String pipeline, int limit) {
        return database.query("SELECT record FROM runs WHERE pipeline = ? ORDER BY id DESC LIMIT ?",
                List.of(pipeline, limit));
    }

    /** The run with this id. */
    public Optional<String> find(String id) {
        return database.query("SELECT record FROM runs WHERE id = ?", List.of(id)).stream().findFirst();
    }

    /** The ids that start with {@code prefix}, at most {@code limit} of them, newest first. */
    public List<String> idsStartingWith(String prefix, int limit) {
        // substr, not LIKE: an id prefix typed by a person holds no wildcard to escape.
        return database.query("SELECT id FROM runs WHERE substr(id, 1, ?) = ? ORDER BY id DESC LIMIT ?",
                List.of(prefix.length(), prefix, limit));
    }

    /** How many runs are kept. */
    public long count() {
        return Long.parseLong(database.query("SELECT count(*) FROM runs", List.of()).get(0));
    }
}
