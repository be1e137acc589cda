package io.osiris.core.runner;

import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.TableInfo;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Step;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.pipeline.TransformSql;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of the rows a database load writes, as the source had it: the engine's tables lose
 * string lengths, NOT NULL and keys, so a column that comes unchanged from an extract (loaded
 * from it, or named plainly in a transform's SELECT, see {@link ColumnLineage}) takes the
 * source's {@link ColumnInfo} back, where its kind is the engine's. A computed column keeps what
 * the engine says. The primary key of a {@code table:} extract (from discovery, one describe per
 * extract) becomes the load's when every key column reaches it and the rows are a subset of that
 * table's. Worked out once per step, when a database load first asks; files never ask.
 */
final class SourceShapes {
    private static final Logger LOG = LoggerFactory.getLogger(SourceShapes.class);

    /**
     * Columns and key of a step's rows.
     *
     * @param schema     the columns, as faithful as known
     * @param primaryKey the source's key that holds for these rows; empty when none
     */
    record Shape(RowSchema schema, List<String> primaryKey) {
        Shape {
            primaryKey = List.copyOf(primaryKey);
        }
    }

    private final Map<String, RowSchema> extracted = new ConcurrentHashMap<>();
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

    /** Keeps the columns an extract's rows arrived with (what its source said). */
    void extracted(String step, RowSchema schema) {
        extracted.put(step, schema);
    }

    /** Whether two schemas have the same column kinds in the same order. */
    static boolean sameKinds(RowSchema a, RowSchema b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.column(i).type().kind() != b.column(i).type().kind()) {
                return false;
            }
        }
        return true;
    }

    /** The shape of the rows of step {@code id} in the engine. */
    Shape of(String id, Run run) {
        Shape known = shapes.get(id);
        if (known != null) {
            return known;
        }
        Step step = run.pipeline.step(id).orElse(null);
        RowSchema engine = run.engine.schemaOf(id);
        Shape shape;
        if (step instanceof ExtractStep e) {
            shape = ofExtract(e, engine, run);
        } else if (step instanceof TransformStep t) {
            shape = ofTransform(t, engine, run);
        } else {
            shape = new Shape(engine, List.of());
        }
        shapes.put(id, shape);
        return shape;
    }

    /** The shape of an extract's rows, which the engine (or a scan of a file) gives as {@code engine}. */
    Shape ofExtract(ExtractStep e, RowSchema engine, Run run) {
        Optional<TableInfo> table = describe(e, run);
        RowSchema source = extracted.get(e.id());
        if (source == null) {
            source = table.map(TableInfo::schema).orElse(engine);
        }
        RowSchema merged = merge(engine, source, false);
        List<String> key = table.map(TableInfo::primaryKey).orElse(List.of());
        List<String> names = merged.names();
        List<String> carried = new ArrayList<>();
        for (String k : key) {
            names.stream().filter(n -> n.equalsIgnoreCase(k)).findFirst().ifPresent(carried::add);
        }
        return new Shape(merged, !key.isEmpty() && carried.size() == key.size() ? carried : List.of());
    }

    private Shape ofTransform(TransformStep t, RowSchema engine, Run run) {
        Map<String, String> steps = new HashMap<>();
        run.pipeline.extracts().forEach(e -> steps.put(e.id().toLowerCase(Locale.ROOT), e.id()));
        for (TransformStep before : run.pipeline.transforms()) {
            if (before.id().equals(t.id())) {
                break;
            }
            steps.put(before.id().toLowerCase(Locale.ROOT), before.id());
        }
        Optional<ColumnLineage.Lineage> lineage;
        try (TransformSql parser = new TransformSql()) {
            lineage = parser.tree(t.sql()).flatMap(tree -> ColumnLineage.of(tree, engine, steps,
                    s -> of(s, run).schema()));
        }
        if (lineage.isEmpty()) {
            return new Shape(engine, List.of());
        }
        List<ColumnInfo> columns = new ArrayList<>();
        List<Optional<ColumnLineage.Source>> sources = lineage.get().columns();
        for (int i = 0; i < engine.size(); i++) {
            ColumnInfo out = engine.column(i);
            columns.add(sources.get(i).map(s -> {
                ColumnInfo in = of(s.step(), run).schema().columns().stream()
                        .filter(c -> c.name().equals(s.column())).findFirst().orElse(out);
                return in.type().kind() != out.type().kind() ? out : new ColumnInfo(out.name(), in.type(),
                        in.nullable() || s.outerJoined(), in.nativeType(), in.comment());
            }).orElse(out));
        }
        List<String> key = List.of();
        if (lineage.get().keepsRows()) {
            String input = sources.stream().flatMap(Optional::stream).map(ColumnLineage.Source::step).findFirst()
                    .orElse("");
            List<String> inputKey = input.isEmpty() ? List.of() : of(input, run).primaryKey();
            List<String> mapped = new ArrayList<>();
            for (String k : inputKey) {
                for (int i = 0; i < sources.size(); i++) {
                    if (sources.get(i).filter(s -> s.column().equals(k)).isPresent()) {
                        mapped.add(engine.column(i).name());
                        break;
                    }
                }
            }
            key = !inputKey.isEmpty() && mapped.size() == inputKey.size() ? mapped : List.of();
        }
        return new Shape(new RowSchema(columns), key);
    }

    /** The engine's columns, each the source's of that name where their kinds agree. */
    static RowSchema merge(RowSchema engine, RowSchema source, boolean outerJoined) {
        List<ColumnInfo> columns = new ArrayList<>();
        for (ColumnInfo out : engine.columns()) {
            int i = source.indexOf(out.name());
            ColumnInfo in = i >= 0 ? source.column(i) : null;
            columns.add(in == null || in.type().kind() != out.type().kind() ? out
                    : new ColumnInfo(out.name(), in.type(), in.nullable() || outerJoined, in.nativeType(),
                            in.comment()));
        }
        return new RowSchema(columns);
    }

    /** A {@code table:} extract's table as discovery describes it (no samples); empty for a query or on failure. */
    private static Optional<TableInfo> describe(ExtractStep e, Run run) {
        if (!(e.extraction() instanceof Extraction.Table t)) {
            return Optional.empty();
        }
        try {
            return Optional.of(run.connectors.forExtract(e).discovery().getTableInfo(t.table(), 0));
        } catch (RuntimeException failure) {
            // The load still runs, only without the source's key.
            LOG.debug("Extract {}: no description of table {} ({})", e.id(), t.table(), failure.getMessage());
            return Optional.empty();
        }
    }
}
