package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Incremental;
import io.osiris.api.pipeline.Parallelism;
import io.osiris.core.sql.SqlSafety;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * Reads and checks one extract step: a known connector type, a connection or a file, and
 * either one read-only query or a table with a filter that passes the SQL safety rules of
 * the dialect the source's connector declares.
 */
final class ExtractStepReader {
    private static final Set<String> KEYS = PipelineFields.names(PipelineFields.extract());

    private final NodeReader reader;
    private final StepIds ids;
    private final SortedSet<String> connectorTypes;
    private final Function<String, SqlDialect> dialects;
    private final Variables vars;

    ExtractStepReader(NodeReader reader, StepIds ids, SortedSet<String> connectorTypes,
            Function<String, SqlDialect> dialects, Variables vars) {
        this.vars = vars;
        this.reader = reader;
        this.ids = ids;
        this.connectorTypes = connectorTypes;
        this.dialects = dialects;
    }

    /** The step, or null when it has a problem that leaves no step to build. */
    ExtractStep read(JsonNode node, String path) {
        if (!node.isObject()) {
            reader.problem(path, "an extract step is a mapping with id, source and query or table");
            return null;
        }
        reader.unknownKeys(node, path, KEYS);
        String id = ids.read(node, path);
        String type = reader.text(node, "source", path, true);
        if (type != null && !connectorTypes.contains(type)) {
            reader.problem(path + ".source", "unknown connector type '" + type + "'; known types: "
                    + String.join(", ", connectorTypes));
        }
        String connection = reader.text(node, "connection", path, false);
        String file = reader.text(node, "path", path, false);
        if (!file.isEmpty() && type != null && !type.equals("duckdb")) {
            reader.problem(path + ".path", "'path' names a file source (duckdb); for " + type
                    + " name a connection from .osiris.yaml instead");
        }
        if (!file.isEmpty() && node.has("connection")) {
            reader.problem(path + ".connection", "give either 'path' or 'connection', not both");
        }
        vars.checkPath(file, path + ".path", reader);
        Extraction extraction = extraction(node, path, type);
        Optional<Incremental> incremental = new IncrementalReader(reader).read(node, path);
        Parallelism parallelism = parallelism(node, path);
        if (id == null || type == null || extraction == null) {
            return null;
        }
        return new ExtractStep(id, type, connection.isEmpty() ? ExtractStep.DEFAULT_CONNECTION : connection,
                file, extraction, List.of(), incremental, parallelism);
    }

    /** {@code parallelism: auto} (also when absent) or a whole number of splits >= 1. */
    private Parallelism parallelism(JsonNode node, String path) {
        if (!node.has("parallelism")) {
            return Parallelism.AUTO;
        }
        String text = reader.text(node, "parallelism", path, false).trim();
        if (text.equals("auto")) {
            return Parallelism.AUTO;
        }
        try {
            int splits = Integer.parseInt(text);
            if (splits >= 1) {
                return Parallelism.of(splits);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        reader.problem(path + ".parallelism", "'parallelism' must be auto or a whole number >= 1, not '" + text + "'");
        return Parallelism.AUTO;
    }

    private Extraction extraction(JsonNode node, String path, String type) {
        String query = reader.text(node, "query", path, false);
        String table = reader.text(node, "table", path, false);
        boolean hasQuery = node.has("query");
        boolean hasTable = node.has("table");
        long limit = reader.nonNegative(node, "limit", path);
        // The dialect the connector declares; ANSI for an unknown type (already reported), which refuses
        // what any dialect refuses.
        SqlDialect dialect = dialects.apply(type == null ? "" : type);
        SqlSafety safety = SqlSafety.forDialect(dialect);
        if (hasQuery == hasTable) {
            reader.problem(path, hasQuery ? "give either 'query' or 'table', not both"
                    : "an extract needs 'query' (one SELECT) or 'table'");
            return null;
        }
        if (hasQuery) {
            if (node.has("columns") || node.has("where")) {
                reader.problem(path + (node.has("columns") ? ".columns" : ".where"),
                        "'columns' and 'where' go with 'table'; put them in the query instead");
            }
            if (query.isBlank()) {
                reader.problem(path + ".query", "the query is empty");
                return null;
            }
            String sql = NodeReader.stripSemicolon(query);
            // The SQL checked is the SQL a run sends: the variables bound (to their defaults here).
            vars.sql(dialect, sql, path + ".query", reader).flatMap(safety::refusal)
                    .ifPresent(reason -> reader.problem(path + ".query", "refused SQL: " + reason));
            return new Extraction.Query(sql, limit);
        }
        List<String> columns = reader.strings(node, "columns", path);
        String where = reader.text(node, "where", path, false);
        if (table.isBlank()) {
            reader.problem(path + ".table", "the table name is empty");
            return null;
        }
        if (!where.isBlank()) {
            // The filter is pasted into SQL: it must be one condition that passes every SQL check.
            vars.sql(dialect, where, path + ".where", reader).flatMap(safety::filterRefusal)
                    .ifPresent(reason -> reader.problem(path + ".where", "refused filter: " + reason));
        }
        return new Extraction.Table(table, columns, where, limit);
    }
}
