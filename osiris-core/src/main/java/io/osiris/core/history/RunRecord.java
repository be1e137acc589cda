package io.osiris.core.history;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.osiris.core.runner.CheckReport;
import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a pipeline as the run history keeps it. Serialised with Jackson as it is
 * ({@code startedAt} as ISO-8601 UTC text, {@code outcome} as {@code succeeded} ...).
 *
 * @param id             the run's id: 12 characters that sort by start time
 * @param pipeline       the pipeline name
 * @param pipelineSha256 SHA-256 (hex) of the pipeline as it ran, in its canonical YAML
 *                       ({@code Pipelines.toYaml}), before its variables were bound: the same
 *                       pipeline hashes the same whatever file, comments or {@code --var} values
 * @param file           the pipeline file, as the run's working directory names it; empty when the
 *                       pipeline did not come from a file
 * @param startedAt      when the run started
 * @param seconds        how long it took
 * @param outcome        how it ended
 * @param error          why it failed, with data values and secrets taken out; empty when it succeeded
 * @param steps          the steps that finished, in the order they finished (for a run that
 *                       succeeded: every step, in run order)
 * @param variables      the values of the pipeline's variables the run used (for a failed run, those
 *                       given, or the defaults when it failed before binding them)
 * @param checks         the data checks that ran (for a run whose check failed: the failed check)
 * @param watermarks     the new watermark of each incremental extract step, in run order
 */
public record RunRecord(String id, String pipeline, String pipelineSha256, String file,
        @JsonSerialize(using = ToStringSerializer.class) @JsonDeserialize(using = InstantText.class) Instant startedAt,
        double seconds, RunOutcome outcome, String error, List<StepRecord> steps, Map<String, String> variables,
        List<CheckReport> checks, Map<String, String> watermarks) {
    public RunRecord {
        requireNonNull(id, "id");
        requireNonNull(pipeline, "pipeline");
        requireNonNull(pipelineSha256, "pipelineSha256");
        requireNonNull(file, "file");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(outcome, "outcome");
        requireNonNull(error, "error");
        steps = List.copyOf(steps);
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        checks = List.copyOf(checks);
        watermarks = Collections.unmodifiableMap(new LinkedHashMap<>(watermarks));
    }

    /** The rows the run's loads wrote, all targets together. */
    public long rowsLoaded() {
        return steps.stream().filter(s -> s.kind().equals("load")).mapToLong(StepRecord::rows).sum();
    }

    /** Reads {@link #startedAt} back from its ISO-8601 text (Jackson needs a module for it otherwise). */
    static final class InstantText extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantText() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext context) throws IOException {
            return Instant.parse(p.getValueAsString());
        }
    }
}
