package io.osiris.llm.agent;

import io.osiris.api.OsirisException;
import io.osiris.api.connector.Extraction;
import io.osiris.api.connector.TableSummary;
import io.osiris.api.data.RowStream;
import io.osiris.api.pipeline.ExtractStep;
import io.osiris.llm.agent.Evidence.Finding;
import io.osiris.llm.agent.Evidence.RowCount;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The row counts of a proposal's extracts, as {@link EvidenceCollector} shows them: the source's
 * estimate, and a {@code COUNT(*)} of the extraction when sample data is on; a count of zero, or
 * a join repeating rows of its driving table, becomes a {@link Finding}.
 */
final class ExtractCounts {
    private static final Logger LOG = LoggerFactory.getLogger(ExtractCounts.class);

    private final Function<ExtractStep, Optional<AgentSource>> sources;
    private final boolean sampleData;
    private final UnaryOperator<String> scrub;

    ExtractCounts(Function<ExtractStep, Optional<AgentSource>> sources, boolean sampleData,
            UnaryOperator<String> scrub) {
        this.sources = sources;
        this.sampleData = sampleData;
        this.scrub = scrub;
    }

    /** The estimate and the count of an extract; an empty result and a fan-out become findings. */
    RowCount count(ExtractStep step, List<Finding> findings) {
        Optional<AgentSource> source = sources.apply(step);
        if (source.isEmpty()) {
            return new RowCount(step.id(), -1, -1, "not counted: not the explored source");
        }
        String sql = PipelineProposals.sql(step, source);
        Optional<DrivingTable> driving = DrivingTable.of(sql);
        String estimated = step.extraction() instanceof Extraction.Table t ? t.table()
                : driving.map(DrivingTable::table).orElse("");
        long estimate = estimate(source.get(), estimated);
        if (!sampleData) {
            return new RowCount(step.id(), estimate, -1, "not counted: sample data is off");
        }
        try {
            long previewed = single(source.get(), "SELECT COUNT(*) FROM (" + sql + ") osiris_count")[0];
            if (previewed == 0) {
                findings.add(new Finding(Finding.EMPTY, step.id(), "extract " + step.id()
                        + " returns no rows: its filter matches nothing in the source"));
            } else if (driving.isPresent() && driving.get().joined()) {
                fanOut(step, source.get(), driving.get()).ifPresent(findings::add);
            }
            return new RowCount(step.id(), estimate, previewed, "");
        } catch (OsirisException | IllegalStateException e) {
            LOG.debug("Counting {} failed: {}", step.id(), scrub.apply(String.valueOf(e.getMessage())));
            return new RowCount(step.id(), estimate, -1, "not counted: " + EvidenceCollector.firstLine(scrub.apply(
                    String.valueOf(e.getMessage()))));
        }
    }

    /** Rows of the driving table repeated by the joins, counted with its single-column primary key. */
    private Optional<Finding> fanOut(ExtractStep step, AgentSource source, DrivingTable driving) {
        List<String> key = source.connector().discovery().getTableInfo(driving.table(), 0).primaryKey();
        if (key.size() != 1) {
            return Optional.empty();
        }
        long[] counts = single(source, driving.fanOutQuery(driving.reference() + "."
                + source.connector().dialect().quote(key.get(0))));
        return multiplied(step.id(), driving.table() + "." + key.get(0), counts[0], counts[1]);
    }

    static Optional<Finding> multiplied(String step, String key, long rows, long distinct) {
        if (rows <= distinct || distinct == 0) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Finding.ROW_MULTIPLICATION, step, String.format(Locale.ROOT,
                "%s returns %d rows for %d distinct %s: the join repeats rows of %s (%.1f each on average);"
                        + " aggregate, or join on a unique key, if one row per %s is meant",
                step, rows, distinct, key, key.substring(0, key.lastIndexOf('.')), (double) rows / distinct,
                key.substring(0, key.lastIndexOf('.')))));
    }

    private static long estimate(AgentSource source, String table) {
        if (table.isEmpty()) {
            return -1;
        }
        String bare = table.toLowerCase(Locale.ROOT);
        try {
            return source.connector().discovery().listTables().stream()
                    .filter(t -> t.name().toLowerCase(Locale.ROOT).equals(bare)
                            || bare.endsWith("." + t.name().toLowerCase(Locale.ROOT)))
                    .mapToLong(TableSummary::rowCountEstimate).findFirst().orElse(-1);
        } catch (OsirisException e) {
            return -1;
        }
    }

    /** The numbers of the first row of a query. */
    private static long[] single(AgentSource source, String sql) {
        try (RowStream rows = source.connector().extractor().extract(new Extraction.Query(sql))) {
            if (!rows.next()) {
                throw new IllegalStateException("a count returned no row");
            }
            long[] values = new long[rows.schema().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rows.get(i) instanceof Number n ? n.longValue() : -1;
            }
            return values;
        }
    }
}
