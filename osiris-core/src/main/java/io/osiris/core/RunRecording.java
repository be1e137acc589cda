package io.osiris.core;

import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.SecretMask;
import io.osiris.core.history.RunHistory;
import io.osiris.core.runner.PipelineRunner;
import io.osiris.core.state.StateDatabase;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How an {@link Osiris} records its runs: how many of each pipeline to keep, and the file each
 * pipeline read by {@link Osiris#validate(Path)} came from (the newest few, so a long-lived host
 * does not keep every pipeline it ever read).
 */
final class RunRecording {
    private static final int REMEMBERED = 32;

    private final Path workingDirectory;
    private final int keep;
    private final Map<Pipeline, String> files = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Pipeline, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    RunRecording(Path workingDirectory, int keep) {
        this.workingDirectory = workingDirectory;
        this.keep = keep;
    }

    static int checkedKeep(int runs) {
        if (runs < 0) {
            throw new IllegalArgumentException("keepRuns must be >= 0, was " + runs);
        }
        return runs;
    }

    /** Notes where {@code pipeline} was read from: relative to the working directory when inside it. */
    Pipeline remember(Pipeline pipeline, Path file) {
        Path normalized = file.toAbsolutePath().normalize();
        files.put(pipeline, (normalized.startsWith(workingDirectory) ? workingDirectory.relativize(normalized)
                : normalized).toString());
        return pipeline;
    }

    /** Gives the runner a recorder into the state file's history, unless none is kept. */
    void install(PipelineRunner.Builder runner, Supplier<StateDatabase> state, Supplier<SecretMask> secrets) {
        // A host without SQLite's driver (an optional dependency) runs without a history.
        if (keep > 0 && StateDatabase.available()) {
            runner.recorder(RunHistory.recorder(state, keep, secrets, p -> files.getOrDefault(p, "")));
        }
    }
}
