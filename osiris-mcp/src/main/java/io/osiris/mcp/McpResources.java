package io.osiris.mcp;

import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.osiris.core.Osiris;
import io.osiris.core.pipeline.Pipelines;
import io.osiris.core.types.TypeMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The server's resources: the JSON Schema of the pipeline format, the type map ({@code osiris
 * types --json}), and the project's pipeline files, those under the config's directory (no
 * hidden file or folder, so neither {@code .osiris.yaml} nor the state), each read through the
 * secret mask. Only listed files can be read: a URI names no other path.
 */
final class McpResources {
    static final String SCHEMA_URI = "osiris://schema/pipeline";
    static final String TYPES_URI = "osiris://types";
    static final String PIPELINE_PREFIX = "osiris://pipelines/";
    private static final int MAX_DEPTH = 4;
    private static final long MAX_BYTES = 1 << 20;

    private final Osiris osiris;

    McpResources(Osiris osiris) {
        this.osiris = osiris;
    }

    List<SyncResourceSpecification> specifications() {
        List<SyncResourceSpecification> specs = new ArrayList<>();
        specs.add(resource(SCHEMA_URI, "pipeline-schema", "JSON Schema of the osiris-pipeline-v2 format",
                "application/schema+json", Pipelines::jsonSchema));
        specs.add(resource(TYPES_URI, "type-map", "How each source type maps to a portable type and to each target",
                "application/json", this::typeMap));
        Path root = osiris.workingDirectory();
        for (Path file : pipelineFiles(root)) {
            String relative = root.relativize(file).toString().replace('\\', '/');
            specs.add(resource(PIPELINE_PREFIX + relative, relative, "Pipeline file " + relative, "application/yaml",
                    () -> read(file)));
        }
        return specs;
    }

    private SyncResourceSpecification resource(String uri, String name, String description, String mime,
            java.util.function.Supplier<String> text) {
        McpSchema.Resource resource = McpSchema.Resource.builder().uri(uri).name(name).description(description)
                .mimeType(mime).build();
        return new SyncResourceSpecification(resource, (exchange, request) -> new ReadResourceResult(List.of(
                new TextResourceContents(uri, mime, osiris.secrets().apply(text.get())))));
    }

    /** The YAML files under the project that declare a pipeline, skipping hidden entries and links out of it. */
    static List<Path> pipelineFiles(Path root) {
        Path real;
        try {
            real = root.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, MAX_DEPTH, FileVisitOption.FOLLOW_LINKS)) {
            return walk.filter(p -> !hidden(root.relativize(p)))
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".yaml") || n.endsWith(".yml");
                    })
                    .filter(Files::isRegularFile)
                    .filter(p -> inside(p, real))
                    .filter(McpResources::declaresPipeline)
                    .sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean inside(Path file, Path root) {
        try {
            return file.toRealPath().startsWith(root);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean declaresPipeline(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                return false;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.lines().anyMatch(l -> l.startsWith("steps:") || l.startsWith("extract:"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private String typeMap() {
        TypeMap map = TypeMap.of(osiris.registry().providers());
        return Results.json(map.toJson(map.sources()));
    }
}
