package io.osiris.mcp;

import io.osiris.core.write.PlannedWrite;
import io.osiris.llm.agent.Evidence;
import io.osiris.llm.agent.Proposal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the person reads before approving, as one text an MCP client shows in its elicitation:
 * the summary, every planned write, the evidence (output preview, counts, type changes,
 * sensitive columns, findings) and the exact YAML that will run.
 */
final class ApprovalText {
    private static final int PREVIEW_ROWS = 10;

    private ApprovalText() {
    }

    static String of(Proposal proposal, List<PlannedWrite> writes, String sessionId) {
        StringBuilder text = new StringBuilder();
        text.append("Osiris asks you, the person, to approve running pipeline ").append(proposal.name())
                .append(" (").append(proposal.file()).append(", sha256 ").append(proposal.sha256(), 0, 12)
                .append(") proposed by your agent in session ").append(sessionId).append(".\n");
        if (!proposal.summary().isBlank()) {
            text.append("Summary: ").append(proposal.summary().strip()).append('\n');
        }
        text.append("\nWrites:\n");
        if (writes.isEmpty()) {
            text.append("  (none)\n");
        }
        writes.forEach(w -> text.append(w.describe()).append('\n'));
        Evidence e = proposal.evidence();
        Evidence.Output out = e.output();
        if (!out.columns().isEmpty()) {
            text.append("\nOutput preview (").append(out.load()).append(", ").append(out.exact() ? "" : "about ")
                    .append(out.total()).append(" rows):\n");
            text.append(String.join(" | ", out.columns())).append('\n');
            out.rows().stream().limit(PREVIEW_ROWS).forEach(r -> text.append(r.stream().map(String::valueOf)
                    .collect(Collectors.joining(" | "))).append('\n'));
        }
        e.counts().forEach(c -> text.append("Rows read by ").append(c.step()).append(": about ").append(c.estimated())
                .append(c.note().isBlank() ? "" : " (" + c.note() + ")").append('\n'));
        e.types().stream().filter(Evidence.TypeChange::isLossy).forEach(t -> text.append("Lossy type: ")
                .append(t.load()).append('.').append(t.column()).append(' ').append(t.source()).append(" -> ")
                .append(t.target()).append(" (").append(t.lossy()).append(")\n"));
        if (!e.sensitive().isEmpty()) {
            text.append("Sensitive columns: ").append(String.join(", ", e.sensitive())).append('\n');
        }
        e.findings().forEach(f -> text.append("Finding (").append(f.kind()).append(", ").append(f.step())
                .append("): ").append(f.message()).append('\n'));
        text.append("\nPipeline, exactly as it will run:\n").append(proposal.yaml().stripTrailing()).append('\n');
        text.append("\nAccept with approve checked to run it now; decline to leave it waiting.");
        return text.toString();
    }
}
