package io.osiris.core.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.ExecutionFailedException;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.SecretMask;
import io.osiris.core.runner.RunRecorder;
import io.osiris.core.state.RunLog;
import io.osiris.core.state.StateDatabase;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The runs of a project's pipelines, kept in its state file ({@code .osiris/state.db}): every
 * run through {@code Osiris} that is not a dry run, succeeded or not, newest first, the newest
 * {@value #DEFAULT_KEEP} of each pipeline by default.
 *
 * <pre>{@code
 * try (Osiris osiris = Osiris.configure().workingDirectory(project).load()) {
 *     osiris.run(pipeline);
 *     RunRecord last = osiris.runs().list(pipeline.name(), 1).get(0);
 * }
 * }</pre>
 */
public final class RunHistory {
    /** How many runs of each pipeline are kept unless configured otherwise. */
    public static final int DEFAULT_KEEP = 100;

    static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final RunLog log;

    private RunHistory(RunLog log) {
        this.log = log;
    }

    /** The run history of a state file. */
    public static RunHistory of(StateDatabase state) {
        return new RunHistory(requireNonNull(state, "state").runLog());
    }

    /**
     * A recorder ({@code PipelineRunner.Builder.recorder}) that adds each run to the history of
     * the state file {@code state} opens when a run first ends, keeping the newest {@code keep}
     * runs of each pipeline. A run is recorded whatever its outcome; when the record cannot be
     * written (the state file is locked beyond its busy timeout, the disk is full) the run's own
     * outcome stands and a warning is logged.
     *
     * @param secrets masks the config's secrets in the error of a failed run
     * @param files   the file a pipeline was read from, or empty
     */
    public static RunRecorder recorder(Supplier<StateDatabase> state, int keep, Supplier<SecretMask> secrets,
            Function<Pipeline, String> files) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be >= 1, was " + keep);
        }
        return new HistoryRecorder(() -> of(state.get()), keep, secrets, files);
    }

    /** The newest {@code limit} runs, newest first. */
    public List<RunRecord> list(int limit) {
        return read(log.newest(checked(limit)));
    }

    /** The newest {@code limit} runs of one pipeline, newest first. */
    public List<RunRecord> list(String pipeline, int limit) {
        return read(log.newest(requireNonNull(pipeline, "pipeline"), checked(limit)));
    }

    /** The run with this id. */
    public Optional<RunRecord> find(String id) {
        return log.find(requireNonNull(id, "id")).map(RunHistory::read);
    }

    /**
     * The run whose id is {@code idOrPrefix} or, as people type ids, the one run whose id
     * starts with it.
     *
     * @throws ValidationException when no run has that id, or several start with it
     */
    public RunRecord require(String idOrPrefix) {
        Optional<RunRecord> exact = find(idOrPrefix);
        if (exact.isPresent()) {
            return exact.get();
        }
        List<String> ids = idOrPrefix.isEmpty() ? List.of() : log.idsStartingWith(idOrPrefix, 5);
        if (ids.size() == 1) {
            return find(ids.get(0)).orElseThrow();
        }
        throw new ValidationException(ids.isEmpty() ? "No run '" + idOrPrefix + "' in the run history. "
                + "osiris runs lists them." : "Several runs start with '" + idOrPrefix + "' (" + String.join(", ", ids)
                + (ids.size() == 5 ? ", ..." : "") + "): give more of the id.");
    }

    void add(RunRecord run, int keep) {
        String json;
        try {
            json = JSON.writeValueAsString(run);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write run " + run.id() + " as JSON", e);
        }
        log.add(run.id(), run.pipeline(), run.startedAt().toString(), run.outcome().label(), json, keep);
    }

    private static int checked(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        return limit;
    }

    private static List<RunRecord> read(List<String> records) {
        return records.stream().map(RunHistory::read).toList();
    }

    private static RunRecord read(String json) {
        try {
            return JSON.readValue(json, RunRecord.class);
        } catch (JsonProcessingException e) {
            throw new ExecutionFailedException("A run in the state file cannot be read (" + e.getOriginalMessage()
                    + "); it was written by another version of Osiris, or damaged.", e);
        }
    }
}
