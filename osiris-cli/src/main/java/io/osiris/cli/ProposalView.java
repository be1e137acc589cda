package io.osiris.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.osiris.api.llm.TokenUsage;
import io.osiris.core.pipeline.Variables;
import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.core.write.PlannedWrite;
import io.osiris.core.write.PlannedWrites;
import io.osiris.llm.agent.AgentSession;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.StepPreview;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code osiris chat} shows a person a proposal, its writes and the report of its run. */
final class ProposalView {
    private final PrintWriter out;
    private final PrintWriter err;

    ProposalView(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * The proposal as the person reviews it: summary, YAML, each extract's SQL and first rows, then
     * its evidence (output after transforms, row counts, types, sensitive columns, writes, findings, cost).
     */
    void show(Proposal p, List<PlannedWrite> writes) {
        out.println("Proposed pipeline " + p.name() + ", saved as " + p.file() + " (sha256 "
                + p.sha256().substring(0, 12) + "):");
        if (!p.summary().isBlank()) {
            out.println("  " + p.summary().strip());
        }
        out.println();
        out.println(p.yaml().stripTrailing());
        out.println();
        variables(p.yaml());
        for (StepPreview s : p.previews()) {
            out.println("Extract " + s.stepId() + " from " + s.source() + ":");
            for (String line : s.sql().split("\\R")) {
                out.println("  " + line);
            }
            if (!s.rows().isEmpty()) {
                List<String[]> rows = new ArrayList<>();
                rows.add(s.columns().toArray(String[]::new));
                for (List<Object> row : s.rows()) {
                    rows.add(row.stream().map(v -> v == null ? "" : String.valueOf(v)).toArray(String[]::new));
                }
                out.println("First " + s.rows().size() + " rows:");
                Table.print(out, rows);
            } else if (!s.note().isEmpty()) {
                out.println("  (" + s.note() + ")");
            }
            out.println();
        }
        evidence(p, writes);
    }

    /**
     * A turn as one JSON object ({@code --json}): the session, the model's answer, and the
     * proposal with its evidence, or null when none was made.
     */
    void json(String session, String answer, Proposal p, List<PlannedWrite> writes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("session", session);
        m.put("answer", answer);
        m.put("proposal", p == null ? null : EvidenceView.json(p, writes));
        try {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a proposal is plain JSON values: " + e.getMessage(), e);
        }
        out.flush();
    }

    /** The evidence of a proposal being approved: what it writes and why it can be trusted, without its YAML. */
    void evidence(Proposal p, List<PlannedWrite> writes) {
        EvidenceView.print(out, p.evidence());
        if (p.evidence().isEmpty()) {
            writes(writes);
            return;
        }
        PlannedWrites.render(writes).forEach(out::println);
        EvidenceView.printAfterWrites(out, p.evidence());
        out.flush();
    }

    /** The values of the pipeline's variables an approved run takes (the defaults, or OSIRIS_VAR_NAME). */
    private void variables(String yaml) {
        List<io.osiris.api.pipeline.Variable> declared = Variables.declared(yaml);
        if (!declared.isEmpty()) {
            try {
                out.println("Variables: " + Variables.describe(Variables.resolve(declared, Map.of(), System.getenv())));
            } catch (io.osiris.api.ValidationException e) {
                out.println("Variables: " + e.getMessage());
            }
            out.println();
        }
    }

    /** The writes block: every target, its mode, whether it exists, and whether the pipeline reads it. */
    void writes(List<PlannedWrite> writes) {
        PlannedWrites.render(writes).forEach(out::println);
        out.println();
        out.flush();
    }

    void report(RunReport report, Path cwd) {
        err.printf(Locale.ROOT, "ran %s in %.2fs%n", report.pipeline(), report.seconds());
        for (StepReport s : report.steps()) {
            err.printf(Locale.ROOT, "  %-9s %-20s %12d rows %8.2fs  %s%n", s.kind(), s.id(), s.rows(), s.seconds(),
                    s.target());
            if (s.kind().equals("load")) {
                String target = s.target();
                try {
                    Path file = Path.of(target);
                    if (file.isAbsolute() && file.startsWith(cwd)) {
                        target = cwd.relativize(file).toString();
                    }
                } catch (java.nio.file.InvalidPathException e) {
                    // A database target (duckdb:FILE#table, mysql.default#table): shown as the runner names it.
                }
                out.println("wrote " + target + " (" + s.rows() + " rows)");
            }
        }
        out.flush();
        err.flush();
    }

    /** The model calls and tokens of a session, by model ({@code --verbose}). */
    void usage(AgentSession session) {
        TokenUsage u = session.usage();
        err.printf(Locale.ROOT, "Session %s: %d model calls, %d input + %d output tokens%n", session.id(),
                session.modelCalls(), u.inputTokens(), u.outputTokens());
        for (Map.Entry<String, TokenUsage> e : session.usageByModel().entrySet()) {
            err.printf(Locale.ROOT, "  %s: %d input + %d output tokens%n", e.getKey(), e.getValue().inputTokens(),
                    e.getValue().outputTokens());
        }
    }
}
