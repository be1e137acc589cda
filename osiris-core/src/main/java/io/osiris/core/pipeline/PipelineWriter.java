package io.osiris.core.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.pipeline.Check;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Incremental;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pipeline as {@code osiris-pipeline-v2} text, written as maps by Jackson so no value can
 * change the structure. Keys at their defaults are left out, so the text reads as a person
 * would write it, and a pipeline built in code is checked as that file would be
 * ({@link PipelineParser#check(Pipeline)}).
 */
final class PipelineWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A text that reads as a number ("2000", a string variable's default) keeps its quotes.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private PipelineWriter() {
    }

    static String write(Pipeline pipeline) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", pipeline.name());
        putIfSet(root, "version", pipeline.version());
        putIfSet(root, "description", pipeline.description());
        if (!pipeline.vars().isEmpty()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            pipeline.vars().forEach(v -> vars.put(v.name(), switch (v.type()) {
                case INTEGER -> new java.math.BigInteger(v.value());
                case DECIMAL -> new java.math.BigDecimal(v.value());
                case BOOLEAN -> Boolean.valueOf(v.value());
                case STRING -> v.value();
            }));
            root.put("vars", vars);
        }
        if (!pipeline.extracts().isEmpty()) {
            root.put("extract", pipeline.extracts().stream().map(PipelineWriter::extract).toList());
        }
        if (!pipeline.transforms().isEmpty()) {
            root.put("transform", pipeline.transforms().stream().map(PipelineWriter::transform).toList());
        }
        root.put("load", pipeline.loads().stream().map(PipelineWriter::load).toList());
        try {
            return PipelineParser.MAGIC + "\n" + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write pipeline YAML", e);
        }
    }

    private static Map<String, Object> extract(ExtractStep e) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", e.id());
        step.put("source", e.source());
        if (!e.connection().equals(ExtractStep.DEFAULT_CONNECTION)) {
            step.put("connection", e.connection());
        }
        putIfSet(step, "path", e.path());
        long limit;
        if (e.extraction() instanceof Extraction.Query q) {
            step.put("query", q.sql());
            limit = q.limit();
        } else {
            Extraction.Table t = (Extraction.Table) e.extraction();
            step.put("table", t.table());
            if (!t.columns().isEmpty()) {
                step.put("columns", t.columns());
            }
            putIfSet(step, "where", t.where());
            limit = t.limit();
        }
        if (limit > 0) {
            step.put("limit", limit);
        }
        e.incremental().ifPresent(i -> step.put("incremental", incremental(i)));
        if (!e.parallelism().automatic()) {
            step.put("parallelism", e.parallelism().splits());
        }
        putChecks(step, e.checks());
        return step;
    }

    private static Map<String, Object> incremental(Incremental i) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cursor", i.cursor());
        if (!i.lookback().isZero()) {
            map.put("lookback", IncrementalReader.format(i.lookback()));
        }
        putIfSet(map, "initial", i.initial());
        if (i.nulls() != Incremental.Nulls.INCLUDE) {
            map.put("nulls", i.nulls().name().toLowerCase(java.util.Locale.ROOT));
        }
        return map;
    }

    private static Map<String, Object> transform(TransformStep t) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", t.id());
        if (!t.engine().equals(TransformStep.DEFAULT_ENGINE)) {
            step.put("engine", t.engine());
        }
        step.put("sql", t.sql());
        putChecks(step, t.checks());
        return step;
    }

    private static Map<String, Object> load(LoadStep l) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("id", l.id());
        putIfSet(step, "from", l.from());
        step.put("to", l.to());
        if (!l.connection().equals(ExtractStep.DEFAULT_CONNECTION)) {
            step.put("connection", l.connection());
        }
        putIfSet(step, "path", l.path());
        putIfSet(step, "table", l.table());
        boolean file = l.target().isFile();
        if (file ? l.mode() != WriteMode.REPLACE : l.mode() != WriteMode.APPEND) {
            step.put("mode", l.mode().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!l.primaryKey().isEmpty()) {
            step.put("primary_key", new ArrayList<>(l.primaryKey()));
        }
        if (!l.partitionBy().isEmpty()) {
            step.put("partition_by", new ArrayList<>(l.partitionBy()));
        }
        putIfSet(step, "compression", l.compression());
        if (l.schemaPolicy() != io.osiris.api.connector.SchemaPolicy.EVOLVE) {
            step.put("schema", l.schemaPolicy().name().toLowerCase(java.util.Locale.ROOT));
        }
        putChecks(step, l.checks());
        return step;
    }

    private static void putChecks(Map<String, Object> step, List<Check> checks) {
        if (checks.isEmpty()) {
            return;
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (Check check : checks) {
            Object value;
            String kind;
            if (check instanceof Check.RowCount r) {
                kind = "row_count";
                Map<String, Object> bounds = new LinkedHashMap<>();
                if (r.min() > 0 || !r.hasMax()) {
                    bounds.put("min", r.min());
                }
                if (r.hasMax()) {
                    bounds.put("max", r.max());
                }
                value = bounds;
            } else if (check instanceof Check.NotNull n) {
                kind = "not_null";
                value = new ArrayList<>(n.columns());
            } else if (check instanceof Check.Unique u) {
                kind = "unique";
                value = new ArrayList<>(u.columns());
            } else if (check instanceof Check.AcceptedValues a) {
                kind = "accepted_values";
                value = Map.of(a.column(), new ArrayList<>(a.values()));
            } else {
                kind = "sql";
                value = ((Check.Sql) check).sql();
            }
            items.add(Map.of(kind, value));
        }
        step.put("checks", items);
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (!value.isEmpty()) {
            map.put(key, value);
        }
    }
}
