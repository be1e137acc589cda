package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.connector.SchemaPolicy;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.TransformStep;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;

/**
 * Reads and checks one load step: a known target, the keys that target takes (a file's path,
 * a database's table), a write mode it supports with the key columns that mode needs, and a
 * Parquet codec only for Parquet.
 */
final class LoadStepReader {
    private static final Set<String> KEYS = PipelineFields.names(PipelineFields.load());

    private final NodeReader reader;
    private final StepIds ids;
    private final StepReferences reads;
    private final SortedSet<String> connectorTypes;
    private final Variables vars;

    LoadStepReader(NodeReader reader, StepIds ids, StepReferences reads, SortedSet<String> connectorTypes,
            Variables vars) {
        this.vars = vars;
        this.reader = reader;
        this.ids = ids;
        this.reads = reads;
        this.connectorTypes = connectorTypes;
    }

    /** The step, or null when it has a problem that leaves no step to build. */
    LoadStep read(JsonNode node, String path, List<ExtractStep> extracts, List<TransformStep> transforms) {
        if (!node.isObject()) {
            reader.problem(path, "a load step is a mapping with id, to and path or table");
            return null;
        }
        reader.unknownKeys(node, path, KEYS);
        String id = ids.read(node, path);
        String from = reads.loadFrom(reader.text(node, "from", path, false), path, extracts, transforms);
        String to = reader.text(node, "to", path, true);
        String file = reader.text(node, "path", path, false);
        String table = reader.text(node, "table", path, false);
        vars.checkPath(file, path + ".path", reader);
        String connection = reader.text(node, "connection", path, false);
        WriteMode mode = mode(node, path);
        List<String> primaryKey = reader.strings(node, "primary_key", path);
        List<String> partitionBy = reader.strings(node, "partition_by", path);
        String compression = reader.text(node, "compression", path, false).toLowerCase(Locale.ROOT);
        SchemaPolicy schema = schemaPolicy(node, path);
        if (to == null) {
            return null;
        }
        LoadTarget target = LoadTarget.of(to);
        if (node.has("compression")) {
            checkCompression(path, to, target, compression);
        }
        if (target == LoadTarget.CONNECTOR && !connectorTypes.contains(to)) {
            reader.problem(path + ".to", "unknown target '" + to + "': use csv, parquet, json, duckdb or a connector"
                    + " type (known types: " + String.join(", ", connectorTypes) + ")");
        }
        checkTargetKeys(node, path, to, target, mode, file, table);
        checkModeKeys(node, path, target, mode, primaryKey, partitionBy);
        if (node.has("schema") && target.isFile()) {
            reader.problem(path + ".schema", "'schema' applies to a database or duckdb table; a " + to
                    + " file is written whole with the rows' columns");
        }
        if (id == null || mode == null || schema == null || from.isEmpty()) {
            return null;
        }
        WriteMode effective = target.isFile() && !node.has("mode") ? WriteMode.REPLACE : mode;
        return new LoadStep(id, from, to, connection.isEmpty() ? ExtractStep.DEFAULT_CONNECTION : connection,
                file, table, effective, primaryKey, target == LoadTarget.PARQUET ? compression : "", List.of(),
                partitionBy, schema);
    }

    /** The key columns each mode needs, and partition_by only where delete_insert takes it. */
    private void checkModeKeys(JsonNode node, String path, LoadTarget target, WriteMode mode,
            List<String> primaryKey, List<String> partitionBy) {
        if (target.isFile()) {
            return; // checkTargetKeys refused the keys and key-based modes on a file
        }
        if (mode == WriteMode.UPSERT && primaryKey.isEmpty()) {
            reader.problem(path + ".mode", "upsert needs 'primary_key', the columns that identify a row");
        }
        if (mode == WriteMode.DELETE_INSERT && primaryKey.isEmpty() && partitionBy.isEmpty()) {
            reader.problem(path + ".mode", "delete_insert needs 'primary_key' (replace the rows with these keys)"
                    + " or 'partition_by' (replace the partitions whose values arrive)");
        }
        if (node.has("partition_by") && mode != null && mode != WriteMode.DELETE_INSERT) {
            reader.problem(path + ".partition_by", "'partition_by' applies to mode delete_insert only; this load's"
                    + " mode is " + mode.yamlName());
        }
    }

    private void checkCompression(String path, String to, LoadTarget target, String compression) {
        if (target != LoadTarget.PARQUET) {
            reader.problem(path + ".compression", "'compression' applies to parquet files; a " + to
                    + " load has none");
        } else if (!LoadStep.PARQUET_COMPRESSIONS.contains(compression)) {
            reader.problem(path + ".compression", "unknown Parquet compression '" + compression + "': use "
                    + String.join(", ", LoadStep.PARQUET_COMPRESSIONS));
        }
    }

    private void checkTargetKeys(JsonNode node, String path, String to, LoadTarget target, WriteMode mode,
            String file, String table) {
        switch (target) {
            case CSV, PARQUET, JSON -> {
                if (file.isBlank()) {
                    reader.problem(path, "a " + to + " load needs 'path', the file to write");
                }
                for (String key : List.of("table", "primary_key", "partition_by", "connection")) {
                    if (node.has(key)) {
                        reader.problem(path + "." + key, "'" + key + "' does not apply to a " + to + " file");
                    }
                }
                if (mode == WriteMode.UPSERT || mode == WriteMode.DELETE_INSERT) {
                    reader.problem(path + ".mode", "a " + to + " file takes mode replace (the default: the file"
                            + " is rewritten) or append (a new part file per run); " + mode.yamlName()
                            + " needs a database table");
                }
            }
            case DUCKDB -> {
                if (file.isBlank()) {
                    reader.problem(path, "a duckdb load needs 'path', the database file");
                }
                if (table.isBlank()) {
                    reader.problem(path, "a duckdb load needs 'table', the table to write");
                }
            }
            case CONNECTOR -> {
                if (table.isBlank()) {
                    reader.problem(path, "a " + to + " load needs 'table', the table to write");
                }
                if (node.has("path")) {
                    reader.problem(path + ".path", "'path' is for files and duckdb; a " + to
                            + " load names a 'connection' and a 'table'");
                }
            }
            default -> throw new IllegalStateException(target.name());
        }
    }

    private WriteMode mode(JsonNode node, String path) {
        String value = reader.text(node, "mode", path, false);
        if (value.isEmpty()) {
            return WriteMode.APPEND;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "append" -> WriteMode.APPEND;
            case "replace" -> WriteMode.REPLACE;
            case "upsert" -> WriteMode.UPSERT;
            case "delete_insert" -> WriteMode.DELETE_INSERT;
            default -> {
                reader.problem(path + ".mode", "unknown mode '" + value + "': use append, replace, upsert or"
                        + " delete_insert");
                yield null;
            }
        };
    }

    private SchemaPolicy schemaPolicy(JsonNode node, String path) {
        String value = reader.text(node, "schema", path, false);
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "evolve" -> SchemaPolicy.EVOLVE;
            case "freeze" -> SchemaPolicy.FREEZE;
            default -> {
                reader.problem(path + ".schema", "unknown schema policy '" + value + "': use evolve (the table follows"
                        + " the rows: new columns are added) or freeze (any difference fails the load)");
                yield null;
            }
        };
    }
}
