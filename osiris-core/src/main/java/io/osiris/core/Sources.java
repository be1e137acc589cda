package io.osiris.core;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Connector;
import io.osiris.api.connector.ConnectorConfig;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.discovery.DiscoveryService;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.template.TemplateEngine;
import io.osiris.core.template.TemplateSource;
import io.osiris.core.write.WritePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** How an {@link Osiris} opens sources and checks pipelines. */
final class Sources {
    private Sources() {
    }

    /**
     * Opens {@code settings} under the config's preview timeout (discovery and template previews
     * sample the source), with discovery and templates over it; closes the connector on failure.
     */
    static Osiris.Source open(Osiris osiris, ConnectorConfig settings, String label,
            Function<SqlDialect, TemplateSource> templateSource) {
        var config = osiris.config();
        Connector connector = osiris.registry().provider(settings.type()).open(config.limits().forPreview(settings));
        try {
            DiscoveryService.Builder discovery = DiscoveryService.builder(connector.discovery(), label)
                    .sampleData(DiscoveryService.sampleDataEnabled(config)).pii(PiiPolicy.of(config));
            // Descriptions are cached in a project's state file, or one already there: no file left behind.
            if (config.file().isPresent() || osiris.hasState()) {
                discovery.cache(osiris.state().forNamespace(DiscoveryService.CACHE_NAMESPACE));
            }
            DiscoveryService described = discovery.build();
            TemplateEngine templates = TemplateEngine.builder(templateSource.apply(connector.dialect()), described)
                    .outputDirectory(osiris.outputDirectoryName()).parser(osiris.parser()).build();
            return new Open(label, connector, described, templates);
        } catch (RuntimeException e) {
            connector.close();
            throw e;
        }
    }

    /** Parses {@code yaml} and checks where its loads write; every problem gets its line. */
    static Pipeline checked(Osiris osiris, String yaml, String source, Optional<Path> file) {
        Pipeline pipeline = osiris.parser().parse(yaml, source);
        // Where loads write is checked with the defaults bound: that is where a run without --var writes.
        List<Problem> problems = WritePolicy.of(osiris.config(), osiris.workingDirectory())
                .problems(withDefaults(osiris, pipeline), source, file);
        if (!problems.isEmpty()) {
            throw new ValidationException(Pipelines.withLines(problems, yaml));
        }
        return pipeline;
    }

    /** Checks a pipeline built in code by the same rules, then where its loads write. */
    static Pipeline checked(Osiris osiris, Pipeline built) {
        Pipeline pipeline = osiris.parser().check(built);
        List<Problem> problems = WritePolicy.of(osiris.config(), osiris.workingDirectory())
                .problems(withDefaults(osiris, pipeline), "pipeline '" + pipeline.name() + "'", Optional.empty());
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return pipeline;
    }

    private static Pipeline withDefaults(Osiris osiris, Pipeline pipeline) {
        return osiris.parser().bind(pipeline, pipeline.vars());
    }

    private record Open(String label, Connector connector, DiscoveryService discovery, TemplateEngine templates)
            implements Osiris.Source {
        @Override
        public void close() {
            connector.close();
        }
    }
}
