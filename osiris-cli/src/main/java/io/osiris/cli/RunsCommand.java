package io.osiris.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.osiris.api.ValidationException;
import io.osiris.core.Osiris;
import io.osiris.core.history.RunHistory;
import io.osiris.core.history.RunRecord;
import io.osiris.core.history.StepRecord;
import io.osiris.core.runner.CheckReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code osiris runs [list|show ID] [--pipeline NAME] [--limit N] [--json]}: the run history kept
 * in {@code .osiris/state.db}, newest first. Listings and records go to stdout; reading never
 * creates the state file.
 */
@Command(name = "runs", description = "List past runs of pipelines, or show one.",
        footer = {"", "Examples:", "  osiris runs", "  osiris runs list --pipeline top_movies --limit 5",
                "  osiris runs show mi8k2c1xa7q3", "  osiris runs show mi8k2c --json",
                "", "Exit codes: 0 success, 1 runtime failure, 2 usage error or unknown run."})
final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @ParentCommand
    OsirisCli root;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ACTION", defaultValue = "list",
            description = "list (default) or show.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "ID", description = "The run id (or its start), for show.")
    String id;

    @Option(names = "--pipeline", paramLabel = "NAME", description = "Only the runs of this pipeline (list).")
    String pipeline;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most N runs, newest first (list; default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print the runs (list: an array) or the run (show) as JSON.")
    boolean json;

    @Option(names = "--dir", paramLabel = "DIR", description = "The directory whose .osiris/state.db to read "
            + "when there is no config file (default: the current directory).")
    Path directory = Path.of("");

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String verb = action.toLowerCase(Locale.ROOT);
        if (!List.of("list", "show").contains(verb)) {
            err.println("osiris runs: unknown action '" + action + "': use list or show ID.");
            return 2;
        }
        if (verb.equals("show") && id == null) {
            err.println("osiris runs show: give the run id (osiris runs lists them).");
            return 2;
        }
        if (limit < 1) {
            err.println("osiris runs: --limit must be at least 1, was " + limit + ".");
            return 2;
        }
        try (Osiris osiris = OsirisCli.load(root, OsirisCli.configure(root, directory))) {
            if (!osiris.hasState()) {
                if (verb.equals("show")) {
                    throw new ValidationException("No run '" + id + "': there is no state file " + osiris.stateFile()
                            + " (no pipeline has run here yet).");
                }
                out.println(json ? "[ ]" : "No runs.");
            } else if (verb.equals("show")) {
                RunRecord run = osiris.runs().require(id);
                out.println(json ? JSON.writeValueAsString(run) : describe(run));
            } else {
                RunHistory history = osiris.runs();
                List<RunRecord> runs = pipeline == null ? history.list(limit) : history.list(pipeline, limit);
                if (json) {
                    out.println(JSON.writeValueAsString(runs));
                } else if (runs.isEmpty()) {
                    out.println(pipeline == null ? "No runs." : "No runs of " + pipeline + ".");
                } else {
                    table(out, runs);
                }
            }
        }
        out.flush();
        return 0;
    }

    private static void table(PrintWriter out, List<RunRecord> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "PIPELINE", "STARTED", "DURATION", "OUTCOME", "ROWS"});
        for (RunRecord r : runs) {
            rows.add(new String[] {r.id(), r.pipeline(), STARTED.format(r.startedAt()), duration(r.seconds()),
                    r.outcome().label(), String.valueOf(r.rowsLoaded())});
        }
        Table.print(out, rows);
    }

    /** The whole record for people: what ran, from where, how it ended, and each step. */
    static String describe(RunRecord r) {
        StringBuilder s = new StringBuilder();
        s.append("Run ").append(r.id()).append(" of ").append(r.pipeline()).append(": ").append(r.outcome().label())
                .append('\n');
        s.append("  started    ").append(r.startedAt()).append(", took ").append(duration(r.seconds())).append('\n');
        s.append("  pipeline   ").append(r.file().isEmpty() ? "(not from a file)" : r.file()).append(", sha256 ")
                .append(r.pipelineSha256()).append('\n');
        if (!r.error().isEmpty()) {
            s.append("  error      ").append(r.error().strip().replace("\n", "\n             ")).append('\n');
        }
        if (!r.variables().isEmpty()) {
            s.append("  variables  ").append(pairs(r.variables())).append('\n');
        }
        s.append("  rows       ").append(r.rowsLoaded()).append(" loaded\n");
        if (!r.steps().isEmpty()) {
            s.append("steps:\n");
            for (StepRecord step : r.steps()) {
                String watermark = r.watermarks().get(step.id());
                s.append(String.format(Locale.ROOT, "  %-9s %-20s %12d rows %14s %8.2fs  %s%s%n", step.kind(),
                        step.id(), step.rows(), step.bytes() < 0 ? "" : step.bytes() + " B", step.seconds(),
                        step.target(), watermark == null ? "" : "  watermark " + watermark));
            }
        }
        if (!r.checks().isEmpty()) {
            s.append("checks:\n");
            for (CheckReport c : r.checks()) {
                s.append("  ").append(c.describe().strip().replace("\n", "\n  ")).append('\n');
            }
        }
        // A failed run may have advanced no step, but a watermark without its step is still worth seeing.
        List<String> orphans = r.watermarks().keySet().stream()
                .filter(step -> r.steps().stream().noneMatch(st -> st.id().equals(step))).toList();
        if (!orphans.isEmpty()) {
            s.append("watermarks:\n");
            orphans.forEach(step -> s.append("  ").append(step).append("  ").append(r.watermarks().get(step))
                    .append('\n'));
        }
        return s.toString().stripTrailing();
    }

    private static String pairs(Map<String, String> values) {
        List<String> pairs = new ArrayList<>();
        values.forEach((k, v) -> pairs.add(k + "=" + v));
        return String.join(", ", pairs);
    }

    /** {@code 0.42s}, {@code 12.3s}, {@code 4m 05s}, {@code 2h 03m}. */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.2fs", seconds);
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = Math.round(seconds);
        return whole < 3600 ? String.format(Locale.ROOT, "%dm %02ds", whole / 60, whole % 60)
                : String.format(Locale.ROOT, "%dh %02dm", whole / 3600, whole % 3600 / 60);
    }
}
