package io.osiris.cli;

import io.osiris.core.runner.RunReport;
import io.osiris.core.runner.StepReport;
import io.osiris.llm.agent.Proposal;
import io.osiris.llm.agent.TurnResult;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code osiris chat} says after a turn: the model's text, labelled as the model's, then
 * Osiris's own status line, built from facts (the turn's proposal, the session's pending
 * pipeline, the run report) and never from the model's words. A model that writes "approved and
 * run" cannot make a person believe it: the line below says what ran.
 */
final class TurnFacts {
    /** The label of the model's words. */
    static final String MODEL = "model> ";
    /** The label of Osiris's own status lines. */
    static final String OSIRIS = "osiris> ";
    private static final String INDENT = " ".repeat(MODEL.length());

    private final PrintWriter out;
    private final PrintWriter err;

    TurnFacts(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * The model's answer, every line under its label; an empty answer is said to be one. A
     * proposal without words needs none: the proposal and the status line speak.
     */
    void modelText(TurnResult turn) {
        if (turn.emptyAnswer()) {
            err.println(OSIRIS + "The model returned an empty answer (no text and no tool call) after "
                    + turn.modelCalls() + (turn.modelCalls() == 1 ? " call" : " calls")
                    + ". Ask again, or rephrase the request.");
            err.flush();
            return;
        }
        if (turn.text().isBlank()) {
            return;
        }
        List<String> lines = turn.text().strip().lines().toList();
        out.println(MODEL + lines.get(0));
        lines.subList(1, lines.size()).forEach(l -> out.println(l.isBlank() ? "" : INDENT + l));
        out.println();
        out.flush();
    }

    /**
     * The status after a turn: nothing ran, and what waits for approval, if anything.
     *
     * @param approveHint how to approve where the person is ({@code /approve}, or the command)
     */
    void status(TurnResult turn, Optional<Proposal> pending, String approveHint) {
        err.println(OSIRIS + statusLine(turn, pending, approveHint));
        err.flush();
    }

    static String statusLine(TurnResult turn, Optional<Proposal> pending, String approveHint) {
        if (turn.proposed().isPresent()) {
            return waiting(turn.proposed().get(), approveHint);
        }
        return pending.map(p -> "No pipeline proposed in this turn; nothing ran. Pipeline " + p.name()
                + " still waits for approval (" + p.file() + "): " + approveHint)
                .orElse("No pipeline proposed; nothing ran.");
    }

    /** A proposal shown and not run, with how to approve it. */
    void waits(Proposal proposal, String approveHint) {
        err.println(OSIRIS + waiting(proposal, approveHint));
        err.flush();
    }

    static String waiting(Proposal p, String approveHint) {
        return "Nothing ran. Pipeline " + p.name() + " waits for approval (" + p.file() + "): " + approveHint;
    }

    /** What an approved run did, from its report: "Ran X: 18 rows to output/x.csv". */
    void ran(RunReport report, Path cwd) {
        err.println(OSIRIS + ranLine(report, cwd));
        err.flush();
    }

    static String ranLine(RunReport report, Path cwd) {
        List<StepReport> loads = report.steps().stream().filter(s -> s.kind().equals("load")).toList();
        if (loads.isEmpty()) {
            return "Ran " + report.pipeline() + ": it has no load step, so nothing was written.";
        }
        return "Ran " + report.pipeline() + ": " + loads.stream()
                .map(s -> s.rows() + (s.rows() == 1 ? " row" : " rows") + " to " + shown(s.target(), cwd))
                .collect(Collectors.joining(", ")) + ".";
    }

    /** A file target relative to the working directory; a database target as the runner names it. */
    private static String shown(String target, Path cwd) {
        try {
            Path file = Path.of(target);
            if (file.isAbsolute() && file.startsWith(cwd)) {
                return cwd.relativize(file).toString();
            }
        } catch (InvalidPathException e) {
            // duckdb:FILE#table, mysql.default#table
        }
        return target;
    }
}
