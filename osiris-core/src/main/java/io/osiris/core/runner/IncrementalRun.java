package io.osiris.core.runner;

import io.osiris.api.Problem;
import io.osiris.api.ValidationException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.SqlDialect;
import io.osiris.api.connector.WriteMode;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.data.TypeKind;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.Incremental;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.core.engine.TransformEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental extracts of one run. Before anything is read, each one's extraction is
 * narrowed to {@code cursor >= watermark - lookback} (plus NULL cursors, unless excluded), the
 * watermark written as a literal of the cursor's type, which the source describes. After every
 * step ran, the new watermark is the largest cursor value in the rows the engine holds for the
 * step (never a second query to the source, which may have moved on); it is stored only by
 * {@link #commit()}, which the runner calls after every load committed.
 *
 * <p>Why {@code >=}: rows sharing the watermark's value may commit after a run read some of
 * them; reading that value again catches them. The rows a run reads again that the last run
 * loaded unchanged are then left out ({@link SeenRows}), so an {@code append} loads each row
 * once; only a {@code delete_insert}, which must see every row of what it replaces, takes them all.
 */
final class IncrementalRun {
    private static final Logger LOG = LoggerFactory.getLogger(IncrementalRun.class);
    private static final String WRAPPER = "osiris_incremental";

    /**
     * One incremental extract: its cursor column as the source names it, its type, where this run
     * began, whether its rows read again are told apart ({@link SeenRows}), and those the last run loaded.
     */
    private record Cursor(ExtractStep step, String column, TypeKind kind, Optional<Object> from, boolean once,
            List<String> seen) {
    }

    /** Where a step's next run begins, and the rows it will read again that this run loaded. */
    private record Settled(Optional<Object> next, List<String> seen) {
    }

    private final String pipeline;
    private final WatermarkStore store;
    private final List<Cursor> cursors;
    private final Pipeline filtered;
    private final Map<String, WatermarkStore.Watermark> advanced = new LinkedHashMap<>();
    private final Map<String, Settled> settled = new LinkedHashMap<>();

    private IncrementalRun(String pipeline, WatermarkStore store, List<Cursor> cursors, Pipeline filtered) {
        this.pipeline = pipeline;
        this.store = store;
        this.cursors = cursors;
        this.filtered = filtered;
    }

    /**
     * The run's incremental extracts, each narrowed from its stored watermark (or, on a full
     * refresh or a first run, its {@code initial} value, else not at all).
     *
     * @throws ValidationException when a cursor is not a column of its extraction, has a type no
     *                             watermark can be kept for, or a stored or initial value does not fit it
     */
    static IncrementalRun prepare(Pipeline pipeline, ConnectorCache connectors, WatermarkStore store,
            boolean fullRefresh) {
        if (pipeline.extracts().stream().allMatch(e -> e.incremental().isEmpty())) {
            return new IncrementalRun(pipeline.name(), store, List.of(), pipeline);
        }
        List<Cursor> cursors = new ArrayList<>();
        List<ExtractStep> extracts = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < pipeline.extracts().size(); i++) {
            ExtractStep e = pipeline.extracts().get(i);
            if (e.incremental().isEmpty()) {
                extracts.add(e);
                continue;
            }
            String at = "extract[" + i + "].incremental";
            Incremental inc = e.incremental().get();
            RowSchema schema = connectors.forExtract(e).extractor().describe(e.extraction());
            Optional<ColumnInfo> column = schema.columns().stream()
                    .filter(c -> c.name().equalsIgnoreCase(inc.cursor())).findFirst();
            if (column.isEmpty()) {
                problems.add(problem(pipeline, e, at + ".cursor", "the cursor '" + inc.cursor()
                        + "' is not a column the extraction reads; its columns: " + String.join(", ", schema.names())));
                continue;
            }
            TypeKind kind = column.get().type().kind();
            if (!CursorValues.KINDS.contains(kind)) {
                problems.add(problem(pipeline, e, at + ".cursor", "the cursor '" + inc.cursor() + "' is " + kind
                        + "; a cursor is a timestamp, date, number or text column"));
                continue;
            }
            try {
                Optional<WatermarkStore.Watermark> stored = fullRefresh ? Optional.empty()
                        : store.get(pipeline.name(), e.id());
                Optional<Object> from = start(e, kind, stored);
                SqlDialect dialect = connectors.forExtract(e).dialect();
                boolean once = readOnce(pipeline, e);
                cursors.add(new Cursor(e, column.get().name(), kind, from, once,
                        once ? stored.map(WatermarkStore.Watermark::seen).orElse(List.of()) : List.of()));
                extracts.add(e.withExtraction(narrowed(e.extraction(), condition(dialect, column.get().name(), inc,
                        from.map(v -> CursorValues.minus(v, inc.lookback()))))));
            } catch (IllegalArgumentException bad) {
                problems.add(problem(pipeline, e, at, bad.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return new IncrementalRun(pipeline.name(), store, List.copyOf(cursors), new Pipeline(pipeline.name(),
                pipeline.version(), pipeline.description(), extracts, pipeline.transforms(), pipeline.loads(),
                pipeline.vars()));
    }

    /** The pipeline with every incremental extraction narrowed. */
    Pipeline pipeline() {
        return filtered;
    }

    /**
     * Once the extracts are staged, before any transform or load: reads each step's new
     * watermark from the rows the engine holds for it (the largest cursor value, or where the run
     * began when it read none) and, where rows are told apart, notes the hashes of the rows the
     * next run will read again, then drops from the staged table the rows the last run loaded
     * ({@link SeenRows}). Does nothing for a step already settled.
     */
    void settle(TransformEngine engine) {
        for (Cursor c : cursors) {
            if (settled.containsKey(c.step().id())) {
                continue;
            }
            String column = engineColumn(engine, c);
            Optional<Object> read = largest(engine, c, column);
            Optional<Object> next = read.isPresent() ? Optional.of(CursorValues.later(c.from().orElse(null),
                    read.get())) : c.from();
            List<String> seen = List.of();
            if (c.once()) {
                seen = SeenRows.of(engine, c.step().id(), window(engine, column, c, next));
                long dropped = SeenRows.drop(engine, c.step().id(), c.seen());
                LOG.info("Extract {}: {} rows read again are left out, as the last run loaded them unchanged",
                        c.step().id(), dropped);
            }
            settled.put(c.step().id(), new Settled(next, seen));
        }
    }

    /**
     * The new watermarks, as {@link #settle} read them. Stored only by {@link #commit()}.
     *
     * @return step id to the watermark's exact text; steps without a watermark are left out
     */
    Map<String, String> advance(TransformEngine engine) {
        settle(engine);
        Map<String, String> report = new LinkedHashMap<>();
        for (Cursor c : cursors) {
            Settled s = settled.get(c.step().id());
            s.next().ifPresent(v -> {
                advanced.put(c.step().id(), new WatermarkStore.Watermark(CursorValues.text(v), c.kind(), s.seen()));
                report.put(c.step().id(), CursorValues.text(v));
            });
        }
        return report;
    }

    /**
     * Whether a step's rows read again are told apart and loaded once: unless a
     * {@code delete_insert} load may take them (from the step or any transform), which must see
     * every row of the keys or partitions that arrive.
     */
    private static boolean readOnce(Pipeline pipeline, ExtractStep step) {
        return pipeline.loads().stream().noneMatch(l -> l.mode() == WriteMode.DELETE_INSERT
                && (l.from().isEmpty() || l.from().equalsIgnoreCase(step.id())
                        || pipeline.transforms().stream().anyMatch(t -> t.id().equalsIgnoreCase(l.from()))));
    }

    /** The rows, in the engine's SQL, that the run after this one reads again. */
    private static String window(TransformEngine engine, String column, Cursor c, Optional<Object> next) {
        Incremental inc = c.step().incremental().orElseThrow();
        String name = engine.quote(column);
        String nulls = inc.nulls() == Incremental.Nulls.INCLUDE ? name + " IS NULL" : "FALSE";
        return next.map(v -> name + " >= " + CursorValues.literal(SqlDialect.DUCKDB, CursorValues.minus(v,
                inc.lookback())) + " OR " + nulls).orElse(nulls);
    }

    /** Stores the watermarks {@link #advance} read: call only once every load of the run committed. */
    void commit() {
        advanced.forEach((step, watermark) -> store.put(pipeline, step, watermark));
    }

    private static Optional<Object> start(ExtractStep e, TypeKind kind, Optional<WatermarkStore.Watermark> stored) {
        Incremental inc = e.incremental().orElseThrow();
        if (stored.isPresent()) {
            try {
                return Optional.of(CursorValues.parse(kind, stored.get().value()));
            } catch (IllegalArgumentException changed) {
                throw new IllegalArgumentException("the stored watermark '" + stored.get().value() + "' ("
                        + stored.get().type() + ") does not fit the cursor's type " + kind + " any more; run with"
                        + " --full-refresh to start over", changed);
            }
        }
        if (inc.initialValue().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CursorValues.parse(kind, inc.initial()));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("initial: " + bad.getMessage() + ", the cursor's type", bad);
        }
    }

    /** The rows a run reads: at or after the lower bound, plus NULL cursors when included. */
    private static Optional<String> condition(SqlDialect dialect, String column, Incremental inc,
            Optional<Object> lower) {
        String q = String.valueOf(dialect.identifierQuote());
        String name = q + column.replace(q, q + q) + q;
        boolean nulls = inc.nulls() == Incremental.Nulls.INCLUDE;
        if (lower.isEmpty()) {
            return nulls ? Optional.empty() : Optional.of(name + " IS NOT NULL");
        }
        String atLeast = name + " >= " + CursorValues.literal(dialect, lower.get());
        return Optional.of(nulls ? "(" + atLeast + " OR " + name + " IS NULL)" : atLeast);
    }

    private static Extraction narrowed(Extraction extraction, Optional<String> condition) {
        if (condition.isEmpty()) {
            return extraction;
        }
        if (extraction instanceof Extraction.Table t) {
            String where = t.where().isBlank() ? condition.get() : "(" + t.where() + ") AND " + condition.get();
            return new Extraction.Table(t.table(), t.columns(), where, t.limit());
        }
        Extraction.Query q = (Extraction.Query) extraction;
        return new Extraction.Query("SELECT * FROM (\n" + q.sql() + "\n) AS " + WRAPPER + " WHERE " + condition.get(),
                q.limit());
    }

    private static String engineColumn(TransformEngine engine, Cursor c) {
        RowSchema schema = engine.schemaOf(c.step().id());
        return schema.names().stream().filter(n -> n.equalsIgnoreCase(c.column())).findFirst().orElse(c.column());
    }

    private static Optional<Object> largest(TransformEngine engine, Cursor c, String column) {
        String result = "osiris_watermark_" + c.step().id();
        engine.createTable(result, "SELECT max(" + engine.quote(column) + ") AS watermark FROM "
                + engine.quote(c.step().id()));
        try (RowStream rows = engine.read(result)) {
            if (!rows.next() || rows.isNull(0)) {
                return Optional.empty();
            }
            // Through its exact text, so the engine's Java type for the column cannot differ from the source's.
            Object value = CursorValues.of(rows.schema().column(0).type().kind(), rows.get(0));
            return Optional.of(CursorValues.parse(c.kind(), CursorValues.text(value)));
        }
    }

    private static Problem problem(Pipeline pipeline, ExtractStep e, String path, String message) {
        return new Problem("pipeline '" + pipeline.name() + "', step '" + e.id() + "'", path, 0, message);
    }
}
