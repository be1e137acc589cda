package io.osiris.core.runner;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.pipeline.TransformSql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a pipeline's transforms read, by the engine's own parser ({@link TransformSql}), held
 * to the format's rule before anything runs: a transform reads only extracts and earlier
 * transforms. The validator says the same with file lines; this holds it for pipelines built
 * in code too, so the engine never binds a table function, a file name or another catalog.
 */
final class TransformReads {
    private final Set<String> read;

    private TransformReads(Set<String> read) {
        this.read = read;
    }

    /** @throws ValidationException naming each transform that reads anything else */
    static TransformReads check(Pipeline pipeline) {
        if (pipeline.transforms().isEmpty()) {
            return new TransformReads(Set.of());
        }
        Set<String> available = new HashSet<>();
        // DuckDB's names ignore case, and the parser gives them in lower case.
        pipeline.extracts().stream().map(e -> e.id().toLowerCase(Locale.ROOT)).forEach(available::add);
        Set<String> read = new HashSet<>();
        List<Problem> problems = new ArrayList<>();
        try (TransformSql parser = new TransformSql()) {
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
                available.add(t.id().toLowerCase(Locale.ROOT));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new TransformReads(Set.copyOf(read));
    }

    /** Whether any transform reads {@code step}. */
    boolean reads(String step) {
        return read.contains(step.toLowerCase(Locale.ROOT));
    }
}
