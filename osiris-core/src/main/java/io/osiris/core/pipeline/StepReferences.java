package io.osiris.core.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.TransformStep;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks across steps: every table a transform reads is an extract or an earlier
 * transform, and every load reads an extract or a transform (by default the last transform,
 * else the only extract).
 */
final class StepReferences {
    private static final String ONLY_STEPS = "a transform reads only extracts and earlier transforms,"
            + " by their ids (files, URLs and the engine's catalog are out of its reach)";

    private final NodeReader reader;
    private final StepIds ids;
    private final Variables vars;

    StepReferences(NodeReader reader, StepIds ids, Variables vars) {
        this.vars = vars;
        this.reader = reader;
        this.ids = ids;
    }

    /** The steps each transform reads, in lower case (DuckDB's names ignore case), after {@link #checkTransforms}. */
    private final java.util.Map<String, Set<String>> transformReads = new java.util.HashMap<>();

    /** Whether {@code step} is one of {@code sources} or a transform reading one, directly or through others. */
    boolean derivesFrom(String step, Set<String> sources) {
        String name = step.toLowerCase(java.util.Locale.ROOT);
        if (sources.stream().anyMatch(s -> s.equalsIgnoreCase(name))) {
            return true;
        }
        return transformReads.getOrDefault(name, Set.of()).stream().anyMatch(read -> !read.equals(name)
                && derivesFrom(read, sources));
    }

    /** Reports each table a transform reads that no extract or earlier transform creates. */
    void checkTransforms(List<ExtractStep> extracts, List<TransformStep> transforms) {
        if (transforms.isEmpty()) {
            return;
        }
        Set<String> available = new HashSet<>();
        extracts.forEach(e -> available.add(e.id()));
        Set<String> later = new HashSet<>();
        transforms.forEach(t -> later.add(t.id()));
        try (TransformSql parser = new TransformSql()) {
            for (TransformStep t : transforms) {
                String path = transformPath(t.id()) + ".sql";
                later.remove(t.id());
                java.util.Optional<String> bound = vars.sql(io.osiris.api.connector.SqlDialect.DUCKDB, t.sql(), path,
                        reader);
                if (bound.isEmpty()) {
                    available.add(t.id());
                    continue;
                }
                TransformSql.Parsed parsed = parser.parse(bound.get());
                transformReads.put(t.id().toLowerCase(java.util.Locale.ROOT), Set.copyOf(parsed.tables()));
                if (parsed.error().isPresent()) {
                    reader.problem(path, "DuckDB cannot run this SQL: " + parsed.error().get());
                } else {
                    for (String read : parsed.outside()) {
                        reader.problem(path, "reads " + read + ", which is not a step; " + ONLY_STEPS);
                    }
                    for (String table : parsed.tables()) {
                        if (!available.contains(table)) {
                            reader.problem(path, unknownTable(t, table, available, later));
                        }
                    }
                }
                available.add(t.id());
            }
        }
    }

    private static String unknownTable(TransformStep t, String table, Set<String> available, Set<String> later) {
        if (table.contains(".") || table.contains("/")) {
            // A qualified name (another schema or attached database) or a file's.
            return "reads '" + table + "', which is not a step; " + ONLY_STEPS;
        }
        if (table.equals(t.id())) {
            return "the transform reads its own table '" + table + "'";
        }
        if (later.contains(table)) {
            return "reads '" + table + "', a transform that runs later; move this step after it";
        }
        return "reads table '" + table + "', which no earlier step creates"
                + (available.isEmpty() ? "" : "; steps it can read: " + String.join(", ", new TreeSet<>(available)));
    }

    private String transformPath(String id) {
        JsonNode list = reader.root().path("transform");
        for (int i = 0; i < list.size(); i++) {
            if (id.equals(list.get(i).path("id").asText(null))) {
                return "transform[" + i + "]";
            }
        }
        return "transform";
    }

    /**
     * The step a load reads: {@code from} when it names an extract or transform, else (when
     * empty) the last transform or the only extract; "" with a problem when there is none.
     */
    String loadFrom(String from, String path, List<ExtractStep> extracts, List<TransformStep> transforms) {
        Set<String> readable = new HashSet<>();
        extracts.forEach(e -> readable.add(e.id()));
        transforms.forEach(t -> readable.add(t.id()));
        if (from.isEmpty()) {
            if (!transforms.isEmpty()) {
                return transforms.get(transforms.size() - 1).id();
            }
            if (extracts.size() == 1) {
                return extracts.get(0).id();
            }
            if (extracts.size() > 1) {
                reader.problem(path, "say which step to load with 'from': there is no transform and "
                        + extracts.size() + " extracts");
            }
            return "";
        }
        if (!readable.contains(from)) {
            reader.problem(path + ".from", ids.isLoad(from) ? "'" + from + "' is a load step; load from an extract"
                    + " or transform" : "no step '" + from + "' to load from" + (readable.isEmpty() ? ""
                    : "; steps: " + String.join(", ", new TreeSet<>(readable))));
        }
        return from;
    }
}
