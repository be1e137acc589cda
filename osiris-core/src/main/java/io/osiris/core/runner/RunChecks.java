package io.osiris.core.runner;

import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.OsirisConfig;
import io.osiris.core.connector.ConnectorRegistry;
import io.osiris.core.pipeline.PipelineParser;
import io.osiris.core.pipeline.Variables;
import io.osiris.core.write.WritePolicy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a pipeline must pass before anything of it runs, whatever its origin: the rules a pipeline
 * file is checked by ({@link PipelineParser#check}), so a pipeline built in code gets the same,
 * then the config's write policy.
 */
final class RunChecks {
    private final ConnectorRegistry registry;
    private final OsirisConfig config;
    private final Path workingDirectory;
    private PipelineParser parser;

    RunChecks(ConnectorRegistry registry, OsirisConfig config, Path workingDirectory) {
        this.registry = registry;
        this.config = config;
        this.workingDirectory = workingDirectory;
    }

    /**
     * The pipeline as the parser reads it, bound to the variables' values: {@code values} (by
     * name), else the environment's {@code OSIRIS_VAR_NAME}, else the defaults.
     *
     * @throws io.osiris.api.ValidationException naming every broken rule, or a load writing where the config does not allow
     */
    synchronized Pipeline check(Pipeline given, Map<String, String> values, Map<String, String> environment) {
        if (parser == null) {
            parser = PipelineParser.of(registry);
        }
        Pipeline checked = parser.check(given);
        Pipeline pipeline = parser.bind(checked, Variables.resolve(checked, values, environment));
        WritePolicy.of(config, workingDirectory).check(pipeline, "", Optional.empty());
        return pipeline;
    }
}
