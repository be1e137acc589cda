package io.osiris.llm.agent;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.data.ColumnInfo;
import io.osiris.api.data.RowSchema;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.api.pipeline.LoadStep;
import io.osiris.api.pipeline.LoadTarget;
import io.osiris.api.pipeline.Pipeline;
import io.osiris.api.pipeline.TransformStep;
import io.osiris.core.discovery.TableInfoJson;
import io.osiris.core.duckdb.DuckDbTransformEngine;
import io.osiris.core.engine.TransformEngine;
import io.osiris.core.privacy.PiiPolicy;
import io.osiris.core.privacy.SensitiveColumns;
import io.osiris.core.privacy.SensitiveData;
import io.osiris.core.write.PlannedWrite;
import io.osiris.llm.agent.Evidence.Finding;
import io.osiris.llm.agent.Evidence.Output;
import io.osiris.llm.agent.Evidence.RowCount;
import io.osiris.llm.agent.Evidence.TypeChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes a checked pipeline's {@link Evidence}. The output preview runs the pipeline's
 * transforms in a scratch DuckDB engine over the first {@value #SAMPLE_ROWS} rows of each extract,
 * read from the explored sources only: no file is opened, no load target written. Counts are
 * {@code COUNT(*)} queries on the sources, under the sources' preview timeout. With sample data
 * off, no row and no count is read: the preview binds the transforms to empty tables for the
 * type map alone.
 */
final class EvidenceCollector {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceCollector.class);
    /** Rows read per extract for the output preview: enough for most previews, cheap on any source. */
    static final int SAMPLE_ROWS = 1000;
    /** Output rows scanned for NULL-only columns and sensitive values. */
    private static final int SCAN_ROWS = 10_000;

    private final Function<ExtractStep, Optional<AgentSource>> sources;
    private final boolean sampleData;
    private final int previewRows;
    private final PiiPolicy pii;
    private final Function<Pipeline, List<PlannedWrite>> writes;
    private final UnaryOperator<String> scrub;

    EvidenceCollector(Function<ExtractStep, Optional<AgentSource>> sources, boolean sampleData, int previewRows,
            PiiPolicy pii, Function<Pipeline, List<PlannedWrite>> writes, UnaryOperator<String> scrub) {
        this.sources = sources;
        this.sampleData = sampleData;
        this.previewRows = previewRows;
        this.pii = pii;
        this.writes = writes;
        this.scrub = scrub;
    }

    /** The evidence of a pipeline the dry run accepted; a part that fails says so in its note. */
    Evidence of(Pipeline pipeline) {
        List<Finding> findings = new ArrayList<>();
        List<RowCount> counts = new ArrayList<>();
        ExtractCounts counter = new ExtractCounts(sources, sampleData, scrub);
        for (ExtractStep step : pipeline.extracts()) {
            counts.add(counter.count(step, findings));
        }
        Preview preview = preview(pipeline, findings);
        List<PlannedWrite> planned;
        try {
            planned = writes.apply(pipeline);
        } catch (OsirisException | IllegalArgumentException e) {
            planned = unknownWrites(pipeline, "could not look: " + firstLine(e.getMessage()));
        }
        return new Evidence(preview.output, counts, preview.types, List.copyOf(preview.sensitive), planned, findings,
                Evidence.Cost.NONE);
    }

    /** The writes of a pipeline without looking at the targets. */
    static List<PlannedWrite> unknownWrites(Pipeline pipeline, String note) {
        List<PlannedWrite> list = new ArrayList<>();
        for (LoadStep load : pipeline.loads()) {
            boolean file = load.target().isFile();
            String target = file ? load.to() + " " + load.path()
                    : (load.target() == LoadTarget.DUCKDB ? "duckdb " + load.path() : load.to() + "." + load.connection())
                            + " table " + load.table();
            list.add(new PlannedWrite(load.id(), target, file ? "write" : load.mode().name().toLowerCase(Locale.ROOT),
                    false, -1, false, false, note));
        }
        return list;
    }

    /** What the scratch run shows: the output, the type map and the sensitive columns. */
    private record Preview(Output output, List<TypeChange> types, Set<String> sensitive) {
    }

    private Preview preview(Pipeline pipeline, List<Finding> findings) {
        LoadStep last = pipeline.loads().get(pipeline.loads().size() - 1);
        Set<String> sensitive = new LinkedHashSet<>();
        for (ExtractStep step : pipeline.extracts()) {
            if (sources.apply(step).isEmpty()) {
                return new Preview(new Output(last.id(), List.of(), List.of(), -1, false,
                        "not previewed: extract " + step.id() + " does not read the explored source"), List.of(), sensitive);
            }
        }
        try (TransformEngine engine = DuckDbTransformEngine.open(Path.of(System.getProperty("java.io.tmpdir")),
                "256MB", 1)) {
            Map<String, ColumnInfo> read = new LinkedHashMap<>();
            Map<String, String> sqlOf = new LinkedHashMap<>();
            boolean exact = true;
            for (ExtractStep step : pipeline.extracts()) {
                AgentSource source = sources.apply(step).orElseThrow();
                String sql = PipelineProposals.sql(step, Optional.of(source));
                sqlOf.put(step.id(), sql);
                RowSchema schema;
                if (sampleData) {
                    try (RowStream rows = source.connector().extractor().extract(limited(step.extraction()))) {
                        schema = rows.schema();
                        exact &= engine.load(step.id(), rows, (r, b) -> { }).rows() < SAMPLE_ROWS;
                    }
                } else {
                    schema = source.connector().extractor().describe(step.extraction());
                    engine.createEmpty(step.id(), schema);
                }
                schema.columns().forEach(c -> read.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c));
            }
            for (TransformStep t : pipeline.transforms()) {
                sqlOf.put(t.id(), t.sql());
                engine.createTable(t.id(), sampleData ? t.sql() : "SELECT * FROM (" + t.sql()
                        + "\n) AS osiris_bind LIMIT 0");
                if (sampleData) {
                    transformFanOut(engine, t).ifPresent(findings::add);
                }
                DrivingTable.renamedColumns(t.sql()).forEach((name, origin) -> {
                    if (read.containsKey(origin)) {
                        read.putIfAbsent(name, read.get(origin));
                    }
                });
            }
            List<TypeChange> types = new ArrayList<>();
            for (LoadStep load : pipeline.loads()) {
                RowSchema written = engine.schemaOf(load.from());
                boolean[] byName = SensitiveColumns.of(sqlOf.getOrDefault(load.from(), ""), written.names());
                for (int i = 0; i < written.size(); i++) {
                    ColumnInfo column = written.column(i);
                    types.add(typeChange(load, column, read.get(column.name().toLowerCase(Locale.ROOT))));
                    if (byName[i]) {
                        sensitive.add(load.id() + "." + column.name());
                    }
                }
            }
            Output output = sampleData ? output(engine, last, exact, sensitive, findings)
                    : new Output(last.id(), engine.schemaOf(last.from()).names(), List.of(), -1, false,
                            "sample data is off: columns only");
            return new Preview(output, types, sensitive);
        } catch (OsirisException | IllegalStateException | IllegalArgumentException e) {
            LOG.debug("Output preview failed: {}", scrub.apply(String.valueOf(e.getMessage())));
            return new Preview(new Output(last.id(), List.of(), List.of(), -1, false, "not previewed: "
                    + firstLine(scrub.apply(String.valueOf(e.getMessage())))), List.of(), sensitive);
        }
    }

    private Output output(TransformEngine engine, LoadStep last, boolean exact, Set<String> sensitive,
            List<Finding> findings) {
        List<List<Object>> shown = new ArrayList<>();
        long total = 0;
        try (RowStream rows = engine.read(last.from())) {
            List<String> names = rows.schema().names();
            boolean[] masked = new boolean[names.size()];
            for (int i = 0; i < masked.length; i++) {
                masked[i] = sensitive.contains(last.id() + "." + names.get(i));
            }
            boolean[] seen = new boolean[names.size()];
            boolean[] valueSensitive = new boolean[names.size()];
            while (rows.next()) {
                total++;
                if (total > SCAN_ROWS) {
                    continue;
                }
                List<Object> row = new ArrayList<>(names.size());
                for (int i = 0; i < names.size(); i++) {
                    Object value = TableInfoJson.jsonValue(rows.get(i));
                    seen[i] |= value != null;
                    valueSensitive[i] |= value instanceof String s && SensitiveData.containsSensitive(s);
                    row.add(value);
                }
                if (shown.size() < previewRows) {
                    shown.add(SensitiveData.row(pii, masked, row));
                }
            }
            for (int i = 0; i < names.size(); i++) {
                if (valueSensitive[i]) {
                    sensitive.add(last.id() + "." + names.get(i));
                }
                if (total > 0 && !seen[i]) {
                    findings.add(new Finding(Finding.NULL_ONLY, last.from(), "column " + names.get(i) + " is NULL in"
                            + " every " + (exact ? "" : "previewed ") + "row of " + last.from()));
                }
            }
            if (exact && total == 0 && findings.stream().noneMatch(f -> f.kind().equals(Finding.EMPTY))) {
                findings.add(new Finding(Finding.EMPTY, last.from(), "the output is empty: " + last.from()
                        + " gives no rows, so load " + last.id() + " would write none"));
            }
            String note = exact ? "" : "computed on the first " + SAMPLE_ROWS + " rows of each extract";
            return new Output(last.id(), names, shown, total, exact, note);
        }
    }

    /** A transform's join repeating rows of its driving step, seen on the sampled rows. */
    private static Optional<Finding> transformFanOut(TransformEngine engine, TransformStep t) {
        Optional<DrivingTable> driving = DrivingTable.of(t.sql()).filter(DrivingTable::joined);
        if (driving.isEmpty()) {
            return Optional.empty();
        }
        String table = "osiris_fanout_" + t.id();
        // DuckDB names a whole row by its table's alias, so no key column is needed.
        engine.createTable(table, driving.get().fanOutQuery(driving.get().reference()));
        try (RowStream rows = engine.read(table)) {
            rows.next();
            long n = ((Number) rows.get(0)).longValue();
            long k = ((Number) rows.get(1)).longValue();
            return ExtractCounts.multiplied(t.id(), driving.get().table() + ".row", n, k);
        }
    }

    private static TypeChange typeChange(LoadStep load, ColumnInfo written, ColumnInfo read) {
        String source = read == null ? written.type().toString()
                : read.nativeType().isBlank() ? read.type().toString() : read.nativeType();
        String lossy = read == null ? "" : LossyCasts.why(read.type(), read.nativeType(), written.type());
        String target = switch (load.target()) {
            case CSV -> written.type() + " in csv";
            case JSON -> written.type() + " as a json " + jsonKind(written);
            default -> written.type().toString();
        };
        return new TypeChange(load.id(), written.name(), source, target, lossy);
    }

    private static String jsonKind(ColumnInfo column) {
        return switch (column.type().kind()) {
            case BOOLEAN -> "boolean";
            case SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL -> "number";
            default -> "string";
        };
    }

    private static Extraction limited(Extraction extraction) {
        if (extraction instanceof Extraction.Query q) {
            return new Extraction.Query(q.sql(), q.limit() == 0 ? SAMPLE_ROWS : Math.min(q.limit(), SAMPLE_ROWS));
        }
        Extraction.Table t = (Extraction.Table) extraction;
        return new Extraction.Table(t.table(), t.columns(), t.where(),
                t.limit() == 0 ? SAMPLE_ROWS : Math.min(t.limit(), SAMPLE_ROWS));
    }

    static String firstLine(String message) {
        String m = String.valueOf(message).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
