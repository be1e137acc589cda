package io.osiris.cli;

import io.osiris.core.write.PlannedWrite;
import io.osiris.llm.agent.Evidence;
import io.osiris.llm.agent.EvidenceCodec;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.StepPreview;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A proposal's {@link Evidence} as a person reads it on the approval screen, one headed block per
 * item, and as the JSON {@code --json} prints. The headings are what docs/approval.md shows.
 */
final class EvidenceView {
    static final List<String> HEADINGS = List.of("OUTPUT", "ROW COUNTS", "TYPES", "SENSITIVE COLUMNS", "WRITES",
            "FINDINGS", "COST");

    private EvidenceView() {
    }

    /** The evidence blocks before the writes block; nothing for a proposal stored without evidence. */
    static void print(PrintWriter out, Evidence e) {
        if (e.isEmpty()) {
            return;
        }
        Evidence.Output o = e.output();
        String total = o.total() < 0 ? "" : o.exact() ? o.total() + " rows in all" : o.total() + " rows from samples";
        out.println("OUTPUT of " + o.load() + ", after the transforms" + (total.isEmpty() ? "" : " (" + total + ")")
                + ":");
        if (!o.rows().isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(o.columns().toArray(String[]::new));
            o.rows().forEach(r -> rows.add(r.stream().map(v -> v == null ? "" : String.valueOf(v))
                    .toArray(String[]::new)));
            indented(out, rows);
        } else if (!o.columns().isEmpty()) {
            out.println("  columns: " + String.join(", ", o.columns()));
        }
        if (!o.note().isEmpty()) {
            out.println("  (" + o.note() + ")");
        }
        out.println("ROW COUNTS (estimated by the source, previewed by COUNT(*)):");
        List<String[]> counts = new ArrayList<>();
        counts.add(new String[] {"extract", "estimated", "previewed", ""});
        for (Evidence.RowCount c : e.counts()) {
            counts.add(new String[] {c.step(), c.estimated() < 0 ? "?" : "~" + c.estimated(),
                    c.previewed() < 0 ? "-" : String.valueOf(c.previewed()), c.note()});
        }
        indented(out, counts);
        long lossy = e.types().stream().filter(Evidence.TypeChange::isLossy).count();
        out.println("TYPES (source -> target" + (lossy > 0 ? ", " + lossy + " marked ! may change values" : "")
                + "):");
        List<String[]> types = new ArrayList<>();
        types.add(new String[] {"column", "source", "", "target", ""});
        for (Evidence.TypeChange t : e.types()) {
            types.add(new String[] {t.load() + "." + t.column(), t.source(), "->", t.target(),
                    t.isLossy() ? "! " + t.lossy() : ""});
        }
        indented(out, types);
        out.println("SENSITIVE COLUMNS" + (e.sensitive().isEmpty() ? ": none found"
                : " (masked above unless discovery.pii is allow): " + String.join(", ", e.sensitive())));
    }

    /** The blocks after the writes block: findings and cost. */
    static void printAfterWrites(PrintWriter out, Evidence e) {
        if (e.isEmpty()) {
            return;
        }
        if (e.findings().isEmpty()) {
            out.println("FINDINGS: none (no empty result, no row multiplied by a join, no NULL-only column)");
        } else {
            out.println("FINDINGS (" + e.findings().size() + ", sent back to the model once before you saw this):");
            e.findings().forEach(f -> out.println("  ! " + f.kind() + "  " + f.message()));
        }
        Evidence.Cost c = e.cost();
        out.println(String.format(Locale.ROOT, "COST: %d model calls, %d input + %d output tokens", c.modelCalls(),
                c.inputTokens(), c.outputTokens()));
        out.println();
    }

    /** A proposal as {@code --json} prints it, with the writes as looked up now. */
    static Map<String, Object> json(Proposal p, List<PlannedWrite> writes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("file", p.file());
        m.put("sha256", p.sha256());
        m.put("summary", p.summary());
        m.put("yaml", p.yaml());
        List<Object> previews = new ArrayList<>();
        for (StepPreview s : p.previews()) {
            Map<String, Object> preview = new LinkedHashMap<>();
            preview.put("step", s.stepId());
            preview.put("source", s.source());
            preview.put("sql", s.sql());
            preview.put("columns", s.columns());
            preview.put("rows", s.rows());
            preview.put("note", s.note());
            previews.add(preview);
        }
        m.put("previews", previews);
        Map<String, Object> evidence = EvidenceCodec.write(p.evidence());
        evidence.put("writes", EvidenceCodec.write(Evidence.NONE.withWrites(writes)).get("writes"));
        m.put("evidence", evidence);
        return m;
    }

    private static void indented(PrintWriter out, List<String[]> rows) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (PrintWriter buffer = new PrintWriter(text)) {
            Table.print(buffer, rows);
        }
        text.toString().lines().forEach(l -> out.println("  " + l.stripTrailing()));
    }
}
