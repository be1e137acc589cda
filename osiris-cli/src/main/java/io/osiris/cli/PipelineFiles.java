package io.osiris.cli;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.write.WritePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Reads pipeline files for the commands, turning I/O failures into configuration errors (exit 2). */
final class PipelineFiles {
    private PipelineFiles() {
    }

    static String read(Path file) {
        return Pipelines.readText(file);
    }

    /**
     * Reads and validates a pipeline file: its format, and where its loads may write under this
     * config (inside the project, never over the file itself).
     *
     * @throws ValidationException with every problem, each with its line
     */
    static Pipeline readChecked(Path file, OsirisConfig config) {
        String yaml = read(file);
        Pipeline pipeline = Pipelines.parser().parse(yaml, file.toString());
        List<Problem> problems = WritePolicy.of(config, Path.of(""))
                .problems(pipeline, file.toString(), Optional.of(file));
        if (!problems.isEmpty()) {
            throw new ValidationException(Pipelines.withLines(problems, yaml));
        }
        return pipeline;
    }
}
