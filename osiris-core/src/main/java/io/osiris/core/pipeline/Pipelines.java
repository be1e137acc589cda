package io.osiris.core.pipeline;

import io.osiris.api.ConfigurationException;
import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.config.TextFiles;
import io.osiris.core.connector.ConnectorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry points for reading pipelines: {@code Pipelines.parse(yaml)} for a string,
 * {@code Pipelines.read(path)} for a file. Connector types are those on the class path (and
 * in the plugin directory); use {@link PipelineParser} directly to choose them.
 */
public final class Pipelines {
    /** The class-path resource holding the JSON Schema of the format. */
    public static final String SCHEMA_RESOURCE = "/io/osiris/core/pipeline/osiris-pipeline-v2.schema.json";

    private Pipelines() {
    }

    /**
     * Parses and validates pipeline YAML.
     *
     * @throws ValidationException with every problem found
     */
    public static Pipeline parse(String yaml) {
        return parse(yaml, "");
    }

    /** Parses and validates pipeline YAML, naming {@code source} in problems. */
    public static Pipeline parse(String yaml, String source) {
        return parser().parse(yaml, source);
    }

    /**
     * Reads, parses and validates a pipeline file.
     *
     * @throws ConfigurationException when the file cannot be read
     * @throws ValidationException    with every problem found
     */
    public static Pipeline read(Path file) {
        return parser().parse(readText(file), file.toString());
    }

    /** Every problem of a pipeline file, in line order; empty when it is valid. */
    public static List<Problem> problems(Path file) {
        return parser().problems(readText(file), file.toString());
    }

    /**
     * A pipeline as {@code osiris-pipeline-v2} text, keys at their defaults left out: to save a
     * pipeline built in code as a file a person can review, or run later with {@code osiris run}.
     */
    public static String toYaml(Pipeline pipeline) {
        return PipelineWriter.write(pipeline);
    }

    /**
     * The problems with their lines filled in from the pipeline's text, for checks made after
     * parsing (where a load may write) that know a step's path but not its line.
     */
    public static List<Problem> withLines(List<Problem> problems, String yaml) {
        YamlDocument doc = YamlDocument.parse(yaml, "");
        return problems.stream()
                .map(p -> p.line() > 0 || p.path().isEmpty() ? p
                        : new Problem(p.source(), p.path(), doc.line(p.path()), p.message()))
                .toList();
    }

    /**
     * A parser that knows the connector types on the class path (no plugin directory is read),
     * and the dialect each one's provider declares.
     */
    public static PipelineParser parser() {
        try (ConnectorRegistry registry = ConnectorRegistry.load()) {
            return PipelineParser.of(registry);
        }
    }

    /** The JSON Schema (draft 2020-12) of {@code osiris-pipeline-v2}, for editors. */
    public static String jsonSchema() {
        try (InputStream in = Pipelines.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text of a pipeline file: UTF-8, at most {@link TextFiles#MAX_BYTES}.
     *
     * @throws ConfigurationException when it is missing, unreadable, too large or not UTF-8
     */
    public static String readText(Path file) {
        return TextFiles.read(file, "Pipeline file");
    }
}
