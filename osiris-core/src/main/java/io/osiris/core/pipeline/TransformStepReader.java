package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.pipeline.TransformStep;
import java.util.Set;

/** Reads and checks one transform step on its own: its id, its engine and non-empty SQL. */
final class TransformStepReader {
    private static final Set<String> KEYS = PipelineFields.names(PipelineFields.transform());

    private final NodeReader reader;
    private final StepIds ids;

    TransformStepReader(NodeReader reader, StepIds ids) {
        this.reader = reader;
        this.ids = ids;
    }

    /** The step, or null when it has a problem that leaves no step to build. */
    TransformStep read(JsonNode node, String path) {
        if (!node.isObject()) {
            reader.problem(path, "a transform step is a mapping with id and sql");
            return null;
        }
        reader.unknownKeys(node, path, KEYS);
        String id = ids.read(node, path);
        String engine = reader.text(node, "engine", path, false);
        if (!engine.isEmpty() && !engine.equals(TransformStep.DEFAULT_ENGINE)) {
            reader.problem(path + ".engine", "unknown engine '" + engine + "'; the only engine is duckdb");
        }
        String sql = reader.text(node, "sql", path, true);
        if (sql != null && sql.isBlank()) {
            reader.problem(path + ".sql", "the SQL is empty");
            return null;
        }
        if (id == null || sql == null) {
            return null;
        }
        return new TransformStep(id, engine.isEmpty() ? TransformStep.DEFAULT_ENGINE : engine,
                NodeReader.stripSemicolon(sql));
    }
}
