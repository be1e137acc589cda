package io.osiris.core.runner;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.pipeline.TransformSql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a pipeline's steps read in the engine, by the engine's own parser ({@link TransformSql}),
 * decided before anything runs. A transform reads only extracts and earlier transforms: the
 * validator says so with file lines, this holds it for pipelines built in code too, so the
 * engine never binds a table function, a file name or another catalog. An extraction from a
 * file named by path (a database file the engine may open itself) may be copied by the engine
 * only when it reads plain tables of that file; any other goes through its connector, whose
 * database can open that file alone.
 */
final class StepReads {
    private final Set<String> read;
    private final Set<String> inEngine;
    private final Map<String, List<String>> byTransform;

    private StepReads(Set<String> read, Set<String> inEngine, Map<String, List<String>> byTransform) {
        this.read = read;
        this.inEngine = inEngine;
        this.byTransform = byTransform;
    }

    /** @throws ValidationException naming each transform that reads anything else */
    static StepReads check(Pipeline pipeline) {
        List<ExtractStep> files = pipeline.extracts().stream().filter(ExtractStep::hasPath).toList();
        if (pipeline.transforms().isEmpty() && files.stream().allMatch(e -> wholeTable(e.extraction()))) {
            // Nothing to parse (opening the parser's database costs about 10 ms).
            return new StepReads(Set.of(), files.stream().map(ExtractStep::id).collect(Collectors.toSet()), Map.of());
        }
        Set<String> available = new HashSet<>();
        // DuckDB's names ignore case, and the parser gives them in lower case.
        pipeline.extracts().stream().map(e -> e.id().toLowerCase(Locale.ROOT)).forEach(available::add);
        Set<String> read = new HashSet<>();
        Set<String> inEngine = new HashSet<>();
        Map<String, List<String>> byTransform = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        try (TransformSql parser = new TransformSql()) {
            for (ExtractStep e : files) {
                if (readsOnlyTables(parser, e.extraction())) {
                    inEngine.add(e.id());
                }
            }
            for (TransformStep t : pipeline.transforms()) {
                TransformSql.Parsed parsed = parser.parse(t.sql());
                String where = "Transform " + t.id() + ": ";
                parsed.error().ifPresent(e -> problems.add(Problem.of(where + "DuckDB cannot run this SQL: " + e)));
                parsed.outside().forEach(o -> problems.add(Problem.of(where + "reads " + o + ", which is not a step;"
                        + " a transform reads only extracts and earlier transforms")));
                for (String table : parsed.tables()) {
                    if (!available.contains(table)) {
                        problems.add(Problem.of(where + "reads '" + table + "', which is neither an extract nor an"
                                + " earlier transform; a transform reads only those, by their ids"));
                    }
                }
                read.addAll(parsed.tables());
                byTransform.put(t.id(), List.copyOf(parsed.tables()));
                available.add(t.id().toLowerCase(Locale.ROOT));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new StepReads(Set.copyOf(read), Set.copyOf(inEngine), Map.copyOf(byTransform));
    }

    /**
     * Whether an extraction reads tables of its file and nothing else: no function, no file
     * name, no other catalog. Only unqualified and {@code main.} names pass, since a
     * two-part name may also name a catalog of the engine's (its staged tables, another
     * attached file); a file with schemas of its own is read through the connector.
     */
    private static boolean readsOnlyTables(TransformSql parser, Extraction extraction) {
        if (wholeTable(extraction)) {
            return true;
        }
        String sql;
        if (extraction instanceof Extraction.Query q) {
            sql = q.sql();
        } else {
            sql = "SELECT 1 WHERE " + ((Extraction.Table) extraction).where();
        }
        TransformSql.Parsed parsed = parser.parse(sql);
        return parsed.error().isEmpty() && parsed.outside().isEmpty()
                && parsed.tables().stream().allMatch(t -> !t.contains("/")
                        && (!t.contains(".") || t.startsWith("main.") && t.indexOf('.') == t.lastIndexOf('.')));
    }

    private static boolean wholeTable(Extraction extraction) {
        return extraction instanceof Extraction.Table t && t.where().isBlank();
    }

    /** Whether any transform reads {@code step}. */
    boolean reads(String step) {
        return read.contains(step.toLowerCase(Locale.ROOT));
    }

    /** The tables a transform's SQL reads, in the parser's (lower case) spelling. */
    List<String> tablesOf(String transform) {
        return byTransform.getOrDefault(transform, List.of());
    }

    /** Whether the engine may copy this database file's extraction itself (see the class comment). */
    boolean copiesInEngine(ExtractStep extract) {
        return inEngine.contains(extract.id());
    }
}
